/**
 * `-i`'s final stages: netstat text (its title on a run's first pass, the
 * short header every pass, a row or an `-e` block per interface), and the
 * interface records of `--json` and `--format table`.
 */
import type { Interface } from "../model/interface.ts";
import { interfaceRecord } from "./interface-record.ts";
import { interfaceColumns } from "./mode-tables.ts";
import { INTERFACES_HEADER, INTERFACES_TITLE, interfaceBlock, interfaceRow } from "./netstat-interfaces.ts";
import { recordStages } from "./record-stages.ts";
import { textStage, type ModeFormatsOf, type StageContext, type TextOf } from "./stages.ts";
import type { Column } from "./table.ts";

function interfacesText(ctx: StageContext): TextOf<Interface> {
  const long = ctx.options.extend >= 2;
  return (item) => {
    if (item.kind === "section") return (ctx.pass === 1 ? INTERFACES_TITLE : "") + (long ? "" : INTERFACES_HEADER);
    return long ? interfaceBlock(item.record) : interfaceRow(item.record);
  };
}

/** `-i` in every format. */
export const INTERFACE_FORMATS: ModeFormatsOf<Interface> = {
  text: textStage(interfacesText),
  ...recordStages(
    () => (i) => [interfaceRecord(i)],
    (ctx) => (section) => (section === "interfaces" ? (interfaceColumns(ctx.options.extend >= 2) as readonly Column<never>[]) : undefined),
  ),
};
