/**
 * The registry of formats: for each mode's pipeline, its final stage in
 * netstat text, NDJSON (`--json`) and tables (`--format table`). A run looks
 * its stage up here once; nothing else asks which format is in use.
 */
import type { OutputFormat } from "../model/options.ts";
import { diagnosticsOnly, textStage, type FinalStage } from "./stages.ts";

/** One mode's final stage in each format. */
export type ModeFormats<R> = { readonly [F in OutputFormat]: FinalStage<R> };

/** The record type of each mode's pipeline. */
export interface PipelineRecords {
  readonly masquerade: never;
}

/** The pipelines' modes. */
export type PipelineMode = keyof PipelineRecords;

const FORMATS: { readonly [M in PipelineMode]: ModeFormats<PipelineRecords[M]> } = {
  // `-M` has no records: every format reports what it finds as netstat does, on stderr.
  masquerade: { text: textStage(() => () => ""), json: diagnosticsOnly, table: diagnosticsOnly },
};

/** The final stage of `mode` in `format`. */
export function finalStage<M extends PipelineMode>(mode: M, format: OutputFormat): FinalStage<PipelineRecords[M]> {
  return FORMATS[mode][format] as FinalStage<PipelineRecords[M]>;
}
