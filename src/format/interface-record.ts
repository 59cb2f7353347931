/**
 * Interfaces as the records of `--json` and `--format table`: jc's
 * `--netstat` interface fields (the `-i` row), jc's `--ifconfig` names for
 * what `-ie` adds, and the raw numbers. Pure: an interface in, a record out.
 */
import type { InterfaceRecord } from "../model/mode-records.ts";
import { IFF, type Interface } from "../model/interface.ts";
import { hardwareAddressText, hardwareType } from "./hw-types.ts";
import { longFlagNames, scopeText, shortFlags } from "./netstat-interfaces.ts";

function broadcast(i: Interface): string | null {
  return i.ipv4 !== undefined && (i.flags & IFF.BROADCAST) !== 0 ? i.ipv4.broadcast : null;
}

/** One interface or alias label as a `kind: "interface"` record. */
export function interfaceRecord(i: Interface): InterfaceRecord {
  const s = i.stats;
  const hw = hardwareType(i.hardwareType);
  const mac = hardwareAddressText(hw, i.hardwareAddress, i.stats);
  const v4 = i.ipv4;
  return {
    kind: "interface",
    iface: i.name,
    name: i.name,
    mtu: i.mtu,
    rx_ok: s?.rxPackets ?? null,
    rx_err: s?.rxErrors ?? null,
    rx_drp: s?.rxDropped ?? null,
    rx_ovr: s?.rxFifo ?? null,
    tx_ok: s?.txPackets ?? null,
    tx_err: s?.txErrors ?? null,
    tx_drp: s?.txDropped ?? null,
    tx_ovr: s?.txFifo ?? null,
    flg: shortFlags(i.flags),
    flags: i.flags,
    state: longFlagNames(i.flags),
    type: hw.title,
    hw_type: i.hardwareType,
    mac_addr: mac === undefined || mac === "" ? null : mac,
    txqueuelen: i.txQueueLength === -1 ? null : i.txQueueLength,
    ipv4_addr: v4?.address ?? null,
    ipv4_mask: v4?.netmask ?? null,
    ipv4_bcast: broadcast(i),
    ipv4_dest: v4 !== undefined && (i.flags & IFF.POINTOPOINT) !== 0 ? v4.destination : null,
    ipv4: v4 === undefined ? [] : [{ address: v4.address, mask: v4.netmask, broadcast: broadcast(i) }],
    ipv6: i.ipv6.map((a) => ({
      address: a.address,
      mask: a.prefixLength,
      scope: `0x${a.scope.toString(16)}`,
      type: scopeText(a.scope).replace(/^</, "").replace(/>$/, ""),
      scope_id: a.scope,
    })),
    rx_packets: s?.rxPackets ?? null,
    rx_bytes: s?.rxBytes ?? null,
    rx_errors: s?.rxErrors ?? null,
    rx_dropped: s?.rxDropped ?? null,
    rx_overruns: s?.rxFifo ?? null,
    rx_frame: s?.rxFrame ?? null,
    rx_compressed: s?.rxCompressed ?? null,
    rx_multicast: s?.rxMulticast ?? null,
    tx_packets: s?.txPackets ?? null,
    tx_bytes: s?.txBytes ?? null,
    tx_errors: s?.txErrors ?? null,
    tx_dropped: s?.txDropped ?? null,
    tx_overruns: s?.txFifo ?? null,
    tx_carrier: s?.txCarrier ?? null,
    tx_collisions: s?.collisions ?? null,
    tx_compressed: s?.txCompressed ?? null,
  };
}
