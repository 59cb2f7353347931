/**
 * The legacy families' final stages: netstat text (each family's header,
 * rows and "Problem reading data" lines); they have no records, so the
 * record formats write only their diagnostics.
 */
import type { LegacyRecord } from "../pipeline/legacy.ts";
import { AX25_HEADER, ax25Row, ipxHeader, ipxRow, NETROM_HEADER, netromRow, problemLine, ROSE_HEADER, roseRow, X25_HEADER, x25Row } from "./netstat-legacy.ts";
import { diagnosticsOnly, textStage, type ModeFormatsOf, type StageContext, type TextOf } from "./stages.ts";

const HEADERS = { ax25: AX25_HEADER, x25: X25_HEADER, netrom: NETROM_HEADER, rose: ROSE_HEADER } as const;

/** How netstat text writes a legacy family's header, rows and problem lines. */
export function legacyText(ctx: StageContext): TextOf<LegacyRecord> {
  return (item) => {
    if (item.kind === "section") return "";
    const r = item.record;
    switch (r.kind) {
      case "opened":
        return r.family === "ipx" ? ipxHeader(ctx.options.extend) : HEADERS[r.family];
      case "ipx":
        return ipxRow(r.socket, ctx.options, ctx.resolver);
      case "ax25":
        return ax25Row(r.socket);
      case "x25":
        return x25Row(r.socket);
      case "netrom":
        return netromRow(r.socket);
      case "rose":
        return roseRow(r.socket);
      case "problem":
        return problemLine(r.path, r.word);
    }
  };
}

/** The legacy families in every format. */
export const LEGACY_FORMATS: ModeFormatsOf<LegacyRecord> = { text: textStage(legacyText), json: diagnosticsOnly, table: diagnosticsOnly };
