/** `-g`'s final stages: netstat's group table text, and the group records of `--json` and `--format table`. */
import type { Group } from "../model/group.ts";
import { groupRecord } from "./group-record.ts";
import { GROUP_COLUMNS } from "./mode-tables.ts";
import { GROUPS_HEADER, groupRow } from "./netstat-groups.ts";
import { recordStages } from "./record-stages.ts";
import { textStage, type ModeFormatsOf } from "./stages.ts";
import type { Column } from "./table.ts";

/** `-g` in every format. */
export const GROUP_FORMATS: ModeFormatsOf<Group> = {
  text: textStage((ctx) => (item) => (item.kind === "section" ? GROUPS_HEADER : groupRow(item.record, ctx.options.numericHosts, ctx.resolver))),
  ...recordStages(
    (ctx) => (g) => [groupRecord(g, ctx.options.numericHosts, ctx.resolver)],
    () => (section) => (section === "groups" ? (GROUP_COLUMNS as readonly Column<never>[]) : undefined),
  ),
};
