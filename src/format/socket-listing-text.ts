/**
 * The netstat text stage of the socket listing (pipeline/socket-listing.ts):
 * each section's header, each batch of sockets as netstat's rows with the
 * owners the pipeline read, `-g`'s memberships and the legacy families'
 * lines, and the diagnostics in netstat's words.
 */
import type { Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
import { legacyText } from "./legacy-stages.ts";
import { GROUPS_HEADER, groupRow } from "./netstat-groups.ts";
import { inetHeader, type SocketTextOptions } from "./netstat-inet.ts";
import { sctpNumeric } from "./netstat-sctp.ts";
import { socketRow, type SocketRowsContext } from "./netstat-sockets.ts";
import { unixHeader } from "./netstat-unix.ts";
import { textStage, type FinalStage, type StageContext } from "./stages.ts";

/** netstat's text options of the socket rows. */
export function socketTextOptions(options: Options): SocketTextOptions {
  return {
    all: options.all,
    listening: options.listening,
    numericHosts: options.numericHosts,
    numericPorts: options.numericPorts,
    numericUsers: options.numericUsers,
    wide: options.wide,
    extend: options.extend,
    programs: options.programs,
    timers: options.timers,
  };
}

/** Whether SCTP rows show hosts as numbers: netstat's SCTP code has its own rule (format/netstat-sctp.ts). */
export function sctpNumericOf(options: Options): boolean {
  return sctpNumeric({ ...socketTextOptions(options), symbolic: options.symbolic });
}

/** How one pass writes its records: the owners are the last `owners` record's. */
function listingText(ctx: StageContext): (r: ListingRecord) => string {
  const { options } = ctx;
  let owners: OwnerLookup | undefined;
  const rows: SocketRowsContext = {
    text: socketTextOptions(options),
    numericSctp: sctpNumericOf(options),
    names: ctx.resolver,
    owners: (inode) => owners?.(inode),
  };
  const legacy = legacyText(ctx);
  return (r) => {
    switch (r.kind) {
      case "owners":
        owners = r.lookup;
        return "";
      case "group":
        return groupRow(r, options.numericHosts, ctx.resolver);
      case "legacy":
        return legacy({ kind: "record", record: r.record });
      // Only the exposition asks for the counters; netstat's listing has no place for them.
      case "counters":
        return "";
      default:
        return socketRow(r, rows);
    }
  };
}

const SECTION_TEXT: Readonly<Partial<Record<string, (options: Options) => string>>> = {
  inet: (options) => inetHeader(socketTextOptions(options)),
  unix: (options) => unixHeader({ all: options.all, listening: options.listening, programs: options.programs }),
  groups: () => GROUPS_HEADER,
};

/** The socket listing as netstat text; each pass writes with its own owners. */
export const socketListingText: FinalStage<ListingRecord> = (ctx) => {
  const write = listingText(ctx);
  const rows = (records: readonly ListingRecord[]): string => {
    let text = "";
    for (const r of records) text += write(r);
    return text;
  };
  return textStage<ListingRecord>(
    () => (item) => (item.kind === "section" ? (SECTION_TEXT[item.section]?.(ctx.options) ?? "") : write(item.record)),
    () => rows,
  )(ctx);
};
