/**
 * The legacy families as the socket listing places them, after its other
 * sections: netstat text through the registry's stage, or, where records
 * are written, only their diagnostics — a family asked for by name whose
 * file opens says in one sentence that it is listed in text only.
 */
import { defer, from, type Observable } from "rxjs";
import { finalStage } from "../format/registry.ts";
import { fails } from "../model/exit-status.ts";
import type { LegacyFlag } from "../model/diagnostic.ts";
import type { Options } from "../model/options.ts";
import { diagnostic, type Item } from "../model/pipeline.ts";
import { legacyItems, LEGACY_FAMILIES, type LegacyRecord } from "../pipeline/legacy.ts";
import type { NameResolver } from "../resolve/names.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { Output } from "./output.ts";
import { staged$ } from "./staged.ts";

/** What the legacy sections read and how they print. */
export interface LegacyContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
}

/** One family's section in text, or as the record formats report it. */
function section(ctx: LegacyContext, flag: LegacyFlag, records: boolean): Observable<Output> {
  const options: Options = records ? { ...ctx.options, format: "json" } : ctx.options;
  const items = defer(() => {
    const read: Item<LegacyRecord>[] = legacyItems(ctx.root, ctx.options, flag);
    if (!records) return from(read);
    const failed = read.some((i) => i.kind === "diagnostic" && fails(i.diagnostic));
    const listed = read.some((i) => i.kind === "record");
    return from(!failed && listed && ctx.options.selection.any ? [...read, diagnostic<LegacyRecord>({ kind: "legacy-text-only", family: flag })] : read);
  });
  return staged$(items, finalStage("legacy", options.format), { options, resolver: ctx.resolver, colour: false, now: Date.now, pass: 1 });
}

/** The legacy families in netstat's order, as netstat text. */
export function legacySections(ctx: LegacyContext): readonly { readonly flag: LegacyFlag; readonly section: Observable<Output> }[] {
  return LEGACY_FAMILIES.map(({ flag }) => ({ flag, section: section(ctx, flag, false) }));
}

/** The legacy families where records are written (`--json`, `--format table`, `--watch`). */
export function legacyRecordSections(ctx: LegacyContext): readonly { readonly flag: LegacyFlag; readonly section: Observable<Output> }[] {
  return LEGACY_FAMILIES.map(({ flag }) => ({ flag, section: section(ctx, flag, true) }));
}
