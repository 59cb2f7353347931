/**
 * The registry of formats: for each mode's pipeline, its final stage in
 * netstat text, NDJSON (`--json`), tables (`--format table`) and, for the
 * socket listing, the Prometheus exposition (`--format prometheus`). A run looks
 * its stage up here once; nothing else asks which format is in use.
 */
import type { SocketEvent } from "../model/event.ts";
import type { Group } from "../model/group.ts";
import type { Interface } from "../model/interface.ts";
import type { OutputFormat } from "../model/options.ts";
import type { LegacyRecord } from "../pipeline/legacy.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
import type { RouteRecord } from "../pipeline/routes.ts";
import type { StatisticsBlock } from "../pipeline/statistics.ts";
import type { SummaryRecord } from "../model/summary.ts";
import type { TopInput } from "../operators/top-model.ts";
import { CLOSE_FORMATS, EVENT_FORMATS } from "./event-stages.ts";
import { GROUP_FORMATS } from "./group-stages.ts";
import { INTERFACE_FORMATS } from "./interface-stages.ts";
import { LEGACY_FORMATS } from "./legacy-stages.ts";
import { ROUTE_FORMATS } from "./route-stages.ts";
import { socketListingJson, socketListingTable } from "./socket-listing-records.ts";
import { socketListingText } from "./socket-listing-text.ts";
import { socketListingExposition } from "./exposition-stage.ts";
import { socketCounts } from "./socket-counts.ts";
import { STATISTICS_FORMATS } from "./statistics-stages.ts";
import { SUMMARY_FORMATS } from "./summary-stages.ts";
import { topStage } from "./top-stage.ts";
import { diagnosticsOnly, textStage, type FinalStage, type ModeFormatsOf } from "./stages.ts";

/** One mode's final stage in each format. */
export type ModeFormats<R> = ModeFormatsOf<R> & { readonly prometheus: FinalStage<R> };

/** The record type of each mode's pipeline. */
export interface PipelineRecords {
  /** The socket listing, `-g` and the legacy families among its sections. */
  readonly sockets: ListingRecord;
  /** `--count-by`: the socket listing's records, counted. */
  readonly count: ListingRecord;
  readonly masquerade: never;
  readonly route: RouteRecord;
  readonly statistics: StatisticsBlock;
  /** `--summary`: ss's `-s`, one record per namespace. */
  readonly summary: SummaryRecord;
  readonly interfaces: Interface;
  /** `-g`, a section of the socket listing. */
  readonly groups: Group;
  /** The legacy families, sections of the socket listing. */
  readonly legacy: LegacyRecord;
  /** `--watch`: the socket listing's changes, poll after poll. */
  readonly watch: SocketEvent;
  /** `--watch --closes`: the same events, shown as the closed sockets' lifetimes. */
  readonly closes: SocketEvent;
  /** `--top`: readings with each TCP socket's byte counters, and the kernel's closes. */
  readonly top: TopInput;
}

/** The pipelines' modes. */
export type PipelineMode = keyof PipelineRecords;

// The exposition is a reading of the socket listing; the CLI refuses it with the other modes (cli/metrics-args.ts).
const NO_EXPOSITION = { prometheus: diagnosticsOnly } as const;

const FORMATS: { readonly [M in PipelineMode]: ModeFormats<PipelineRecords[M]> } = {
  sockets: { text: socketListingText, json: socketListingJson, table: socketListingTable, prometheus: socketListingExposition },
  count: { text: socketCounts, json: socketCounts, table: socketCounts, ...NO_EXPOSITION },
  // `-M` has no records: every format reports what it finds as netstat does, on stderr.
  masquerade: { text: textStage(() => () => ""), json: diagnosticsOnly, table: diagnosticsOnly, ...NO_EXPOSITION },
  route: { ...ROUTE_FORMATS, ...NO_EXPOSITION },
  statistics: { ...STATISTICS_FORMATS, ...NO_EXPOSITION },
  summary: { ...SUMMARY_FORMATS, ...NO_EXPOSITION },
  interfaces: { ...INTERFACE_FORMATS, ...NO_EXPOSITION },
  groups: { ...GROUP_FORMATS, ...NO_EXPOSITION },
  legacy: { ...LEGACY_FORMATS, ...NO_EXPOSITION },
  watch: { ...EVENT_FORMATS, ...NO_EXPOSITION },
  closes: { ...CLOSE_FORMATS, ...NO_EXPOSITION },
  // The live view is one screen whatever the format (--top refuses --json and --format).
  top: { text: topStage, json: topStage, table: topStage, ...NO_EXPOSITION },
};

/** The final stage of `mode` in `format`. */
export function finalStage<M extends PipelineMode>(mode: M, format: OutputFormat): FinalStage<PipelineRecords[M]> {
  return FORMATS[mode][format] as FinalStage<PipelineRecords[M]>;
}
