/**
 * A socket of the listing as the record `--json`, `--format table` and
 * `--watch` write: its fields (format/socket-record.ts) named as the
 * options choose, with its attribution under `-p` and its namespace's
 * fields under `--netns*`.
 */
import { ownersLookedUp, type Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { SocketRecord } from "../model/record.ts";
import type { AnySocket } from "../model/socket.ts";
import type { NameResolver } from "../resolve/names.ts";
import { attributionOf, type AttributionContext } from "../sources/attribution.ts";
import type { NetnsLabel } from "../model/netns.ts";
import { withNetnsFields } from "./netns-fields.ts";
import { networkRecord, sctpRecord, unixRecord, type RecordOptions } from "./socket-record.ts";

/** The naming choices of the run's records. */
export function recordOptions(options: Options): RecordOptions {
  return {
    numericHosts: options.numericHosts,
    numericPorts: options.numericPorts,
    numericUsers: options.numericUsers,
    symbolic: options.symbolic,
    owners: ownersLookedUp(options),
  };
}

/** A socket's record, with its attribution (`-p`) and its namespace's fields. */
export function socketRecord(
  socket: AnySocket,
  ctx: { readonly resolver: NameResolver },
  options: RecordOptions,
  attribution: AttributionContext | undefined,
  lookup: OwnerLookup,
  label: NetnsLabel | undefined,
): SocketRecord {
  const record =
    socket.kind === "inet"
      ? networkRecord(socket, options, ctx.resolver, lookup)
      : socket.kind === "unix"
        ? unixRecord(socket, options, lookup)
        : sctpRecord(socket, options, ctx.resolver, lookup);
  // No copy of the record for what it does not carry: at a million sockets each copy shows.
  const attributed =
    attribution === undefined ? record : { ...record, attribution: attributionOf(socket.inode, lookup(socket.inode ?? 0), attribution) };
  return label === undefined ? attributed : withNetnsFields(attributed, label);
}
