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
import type { Diagnostic } from "../model/diagnostic.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
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

/**
 * What a socket listing's final stage learns from its items as they pass: the latest owners
 * record, the namespace being read, and whether `-p`'s partial-programs warning was said (every
 * namespace's owners come from one process index, so it is said once).
 */
export class ListingState {
  lookup: OwnerLookup = () => undefined;
  attribution: AttributionContext | undefined;
  label: NetnsLabel | undefined;
  #warned = false;

  constructor(
    readonly ctx: { readonly resolver: NameResolver },
    readonly naming: RecordOptions,
  ) {}

  /** Takes an owners record and returns true; any other record is left and gives false. */
  learn(r: ListingRecord): r is Extract<ListingRecord, { kind: "owners" }> {
    if (r.kind !== "owners") return false;
    [this.lookup, this.attribution] = [r.lookup, r.attribution];
    return true;
  }

  /** Whether a diagnostic is to be said: `-p`'s warning the first time only. */
  says(d: Diagnostic): boolean {
    if (d.kind !== "programs-partial") return true;
    if (this.#warned) return false;
    return (this.#warned = true);
  }

  /** A socket's record under the owners and the namespace known so far. */
  record(socket: AnySocket): SocketRecord {
    return socketRecord(socket, this.ctx, this.naming, this.attribution, this.lookup, this.label);
  }
}
