/**
 * `-s`'s final stages: netstat text, whose indentation carries from file to
 * file, and one `statistic` record per counter of the sections netstat shows.
 */
import type { StatisticsBlock } from "../pipeline/statistics.ts";
import { STATISTIC_COLUMNS } from "./mode-tables.ts";
import { sectionShown, statisticsSwitches } from "../select/statistics.ts";
import { formatStatisticSections, INITIAL_PRINT_STATE } from "./netstat-statistics.ts";
import { recordStages, type RecordOf } from "./record-stages.ts";
import { statisticRecord } from "./statistic-record.ts";
import { textStage, type ModeFormatsOf, type StageContext, type TextOf } from "./stages.ts";
import type { Column } from "./table.ts";

const switchesOf = (ctx: StageContext) => statisticsSwitches(ctx.options.selection);

function statisticsText(ctx: StageContext): TextOf<StatisticsBlock> {
  const switches = switchesOf(ctx);
  let state = INITIAL_PRINT_STATE;
  return (item) => {
    if (item.kind === "section") return "";
    const r = formatStatisticSections(item.record.sections, item.record.tables, switches, state);
    state = r.state;
    return r.text;
  };
}

const statisticRecords: RecordOf<StatisticsBlock> = (ctx) => {
  const switches = switchesOf(ctx);
  return (block) => block.sections.filter((s) => sectionShown(s.section, block.tables, switches)).flatMap((s) => s.counters.map(statisticRecord));
};

/** `-s` in every format. */
export const STATISTICS_FORMATS: ModeFormatsOf<StatisticsBlock> = {
  text: textStage(statisticsText),
  ...recordStages(statisticRecords, () => (section) => (section === "statistics" ? (STATISTIC_COLUMNS as readonly Column<never>[]) : undefined)),
};
