/** Hand-made socket records for the operators' tests: a TCP socket on 127.0.0.1 with the fields a poll would give. */
import type { NetworkRecord } from "../../src/model/record.ts";

/** A TCP record; `pid` adds the owner fields (program `srv`, or none for null), `foreign` the peer's address. */
export function tcpRecord(localPort: number, foreignPort: number, state: string | null, inode: number, more: { readonly pid?: number | null; readonly foreign?: string } = {}): NetworkRecord {
  const foreign = more.foreign ?? "127.0.0.1";
  return {
    kind: "network",
    proto: "tcp",
    recv_q: 0,
    send_q: 0,
    local_address: "127.0.0.1",
    local_port: String(localPort),
    local_port_num: localPort,
    foreign_address: foreign,
    foreign_port: String(foreignPort),
    foreign_port_num: foreignPort,
    state,
    user: "0",
    uid: 0,
    inode,
    ...(more.pid === undefined ? {} : { pid: more.pid, program_name: more.pid === null ? null : "srv" }),
    transport_protocol: "tcp",
    network_protocol: "ipv4",
    local_ip: "127.0.0.1",
    foreign_ip: foreign,
    family: "inet",
    timer: null,
  };
}
