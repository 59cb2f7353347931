/**
 * What the record formats (`--json`, `--format table`, `--watch`) share
 * around the sockets pipeline: the namespaces a pass reads, its owners, the
 * words of its diagnostics on stderr, and the families listed after the
 * socket tables. (A socket's record is format/listing-record.ts.)
 */
import { defer, from, of, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import { statusOf } from "../model/exit-status.ts";
import type { NetnsSelection } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import { wordsText } from "../format/netstat-diagnostics.ts";
import type { RecordOptions } from "../format/socket-record.ts";
import { diagnosticWritten } from "../format/stages.ts";
import { finalStage } from "../format/registry.ts";
import { legacyFamiliesOf, legacyRecordItems } from "../pipeline/legacy.ts";
import { namespaceNotes, namespaceUnreadable } from "../pipeline/namespaces.ts";
import { bogusDiagnostic } from "../pipeline/socket-listing.ts";
import type { SocketItem } from "../pipeline/socket-tables.ts";
import type { NameResolver } from "../resolve/names.ts";
import { readHidepid, type AttributionContext } from "../sources/attribution.ts";
import { NetnsError, planNetns, type NetnsTarget } from "../sources/netns.ts";
import { buildProcessIndex, ownerWithin, type ProcessIndex } from "../sources/processes.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { staged$ } from "./staged.ts";
import { concatUntilFailure, err, status, type Output } from "./output.ts";
import { namespaceEndedWords, programWarnings } from "./socket-diagnostics.ts";

/** Everything a record pass needs. */
export interface RecordContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to uids. */
  readonly userUid: readonly number[] | undefined;
  /** Colour states (a TTY without NO_COLOR). */
  readonly colour: boolean;
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** The namespaces `--netns`, `--netns-pid` or `--all-netns` chose; undefined reads the proc root's own. */
  readonly netns?: NetnsSelection | undefined;
  /** Directory of named namespaces; /run/netns by default. */
  readonly netnsDir?: string | undefined;
  /** Completes once the output so far is written: `--watch` reads no new pass before (a tick that falls meanwhile is skipped). */
  readonly flushed$?: Observable<never>;
}

/** One place a pass reads sockets from: the proc root's own namespace, or one chosen by `--netns*`. */
export interface Place {
  readonly root: ProcRoot;
  readonly target: NetnsTarget | undefined;
}

/** The namespaces a pass reads, planned afresh each pass so that `--watch` sees namespaces come and go. */
export function places(ctx: RecordContext): { readonly places: readonly Place[]; readonly notes: readonly string[] } {
  if (ctx.netns === undefined) return { places: [{ root: ctx.root, target: undefined }], notes: [] };
  const plan = planNetns(ctx.root, ctx.netns, ctx.netnsDir);
  const notes = ctx.netns.kind === "all" ? namespaceNotes(plan).map(wordsText) : [];
  return { places: plan.targets.map((target) => ({ root: target.root, target })), notes };
}

/** Whether a place's namespace ended while it was read; a chosen single namespace that ended is an error. */
export function placeEnded(ctx: RecordContext, place: Place): boolean {
  const { target } = place;
  if (target === undefined || !target.root.vanished()) return false;
  const selection = ctx.netns;
  if (selection?.kind === "pid") throw new NetnsError(`of pid ${selection.pid}`, "ESRCH");
  if (selection?.kind === "name") throw new NetnsError(selection.value, "no-process");
  return true;
}

/** The warning for a namespace that ended while it was read. */
export function endedWarning(place: Place): string {
  return namespaceEndedWords(place.target?.label.netns ?? 0);
}

/** The owners of a pass: the process index (read once, before the sockets) and its `-p` warnings. */
export interface PassOwners {
  readonly index: ProcessIndex | undefined;
  readonly attribution: AttributionContext | undefined;
  readonly warnings: readonly string[];
}

export function passOwners(ctx: RecordContext, options: RecordOptions): PassOwners {
  if (!options.owners) return { index: undefined, attribution: undefined, warnings: [] };
  const index = buildProcessIndex(ctx.root);
  const warnings = ctx.options.programs ? programWarnings(index, ctx.euid) : [];
  return { index, attribution: { index, hidepid: readHidepid(ctx.root), euid: ctx.euid }, warnings };
}

/** A place's owner lookup: within a namespace, its own processes come first among a socket's holders. */
export function ownersAt(owners: PassOwners, place: Place): OwnerLookup {
  const { index } = owners;
  if (index === undefined) return () => undefined;
  return place.target === undefined ? (inode) => index.byInode.get(inode) : ownerWithin(index, place.target.pids);
}

/** netstat's warning for a bogus line in the run's format (in JSON a warning record, so that stderr stays NDJSON too). */
export function bogusWarning(options: Options, item: Extract<SocketItem, { kind: "bogus" }>): string {
  return diagnosticWritten(options.format, { kind: "diagnostic", diagnostic: bogusDiagnostic(item) })
    .map((w) => w.text)
    .join("");
}

/** The legacy and Bluetooth families of one place, after its socket tables: only their failures have something to say. */
export function otherFamilies$(ctx: RecordContext, place: Place): Observable<Output> {
  const { selection } = ctx.options;
  // Only their diagnostics are written, on stderr, whatever the format of the records.
  const options: Options = { ...ctx.options, format: "json" };
  const stage = { options, resolver: ctx.resolver, colour: false, now: ctx.now, pass: 1 };
  const parts = legacyFamiliesOf(selection).map((flag) =>
    staged$(defer(() => from(legacyRecordItems(place.root, ctx.options, flag))), finalStage("legacy", "json"), stage),
  );
  if (selection.any && (selection.l2cap || selection.rfcomm)) {
    const bluetooth: Diagnostic = { kind: "bluetooth-unsupported" };
    parts.push(from([err(wordsText(bluetooth)), status(statusOf(bluetooth))]));
  }
  return concatUntilFailure(parts);
}

/** A namespace that cannot be read ends the run with its one-sentence message. */
export function namespaceFailure(error: unknown): Observable<Output> {
  if (error instanceof NetnsError) return of(err(wordsText(namespaceUnreadable(error))), status(1));
  throw error;
}
