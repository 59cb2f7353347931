/**
 * The namespace fan-out, written once for every mode: `--netns`,
 * `--netns-pid` and `--all-netns` run a mode's pass once per namespace,
 * each through a process living in it, never entering it. Every namespace
 * runs even when an earlier one fails; each one's items follow a
 * `namespace` item and are held until complete, so a namespace whose last
 * process exits while it is read is reported as ended instead of
 * half-listed. Formats decide what a namespace item means: a header line in
 * netstat text, fields on records, leading columns in one table.
 */
import { concat, concatMap, defer, from, of, toArray, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { NetnsSelection } from "../model/netns.ts";
import { diagnostic, type Item } from "../model/pipeline.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { NetnsError, planNetns, type NetnsPlan, type NetnsTarget } from "../sources/netns.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { Hidepid } from "../proc/mountinfo.ts";
import { readHidepid } from "../sources/attribution.ts";
import { buildProcessIndex, ownerWithin, type ProcessIndex } from "../sources/processes.ts";
import type { ProcRoot } from "../sources/proc-root.ts";

/** A process index, how a socket's owner is picked from it, and how the proc root it was read from hides processes. */
export interface ProgramSource {
  readonly index: ProcessIndex;
  readonly lookup: OwnerLookup;
  readonly hidepid: Hidepid | undefined;
}

/** One pass of a mode over one namespace. */
export type NamespacePass<R> = (target: NetnsTarget, programs: () => ProgramSource) => Observable<Item<R>>;

/** What a fan-out needs. */
export interface FanOut<R> {
  readonly root: ProcRoot;
  readonly selection: NetnsSelection;
  /** Directory of named namespaces; /run/netns by default. */
  readonly netnsDir?: string | undefined;
  readonly pass: NamespacePass<R>;
  /**
   * With `--all-netns`: whether a namespace's complete items say that what was asked for is not
   * there (`-I=IF` in a namespace without IF). Such namespaces are left out; when every one is,
   * `none` is the run's one diagnostic.
   */
  readonly absent?: {
    readonly in: (items: readonly Item<R>[]) => boolean;
    readonly none: Diagnostic;
  };
}

/** The diagnostic for a namespace that cannot be read. */
export function namespaceUnreadable(error: NetnsError): Diagnostic {
  return { kind: "namespace-unreadable", subject: error.subject, code: error.code, nsType: error.nsType, unreadablePids: error.unreadablePids };
}

/** What `--all-netns` says about the namespaces it cannot read. */
export function namespaceNotes(plan: NetnsPlan): Diagnostic[] {
  const notes: Diagnostic[] = plan.withoutProcess.map(({ name, netns }) => ({ kind: "namespace-without-process", name, netns }));
  if (plan.unreadablePids > 0) notes.push({ kind: "namespaces-hidden", processes: plan.unreadablePids });
  return notes;
}

/** Every planned namespace in turn, each pass ending at its first failure, then the notes about what could not be read. */
export function acrossNamespaces<R>(fan: FanOut<R>): Observable<Item<R>> {
  return defer(() => {
    let plan: NetnsPlan;
    try {
      plan = planNetns(fan.root, fan.selection, fan.netnsDir);
    } catch (error) {
      if (error instanceof NetnsError) return of(diagnostic<R>(namespaceUnreadable(error)));
      throw error;
    }
    let index: ProcessIndex | undefined;
    let hidepid: { readonly value: Hidepid | undefined } | undefined;
    const shared = (): ProcessIndex => (index ??= buildProcessIndex(fan.root));
    const hiding = (): Hidepid | undefined => (hidepid ??= { value: readHidepid(fan.root) }).value;
    let shown = 0;
    const groups = from(plan.targets).pipe(
      concatMap((target) =>
        fan.pass(target, () => ({ index: shared(), lookup: ownerWithin(shared(), target.pids), hidepid: hiding() })).pipe(
          untilFailure(),
          toArray(),
          concatMap((items): Observable<Item<R>> => {
            if (target.root.vanished()) {
              const { selection } = fan;
              if (selection.kind === "pid") return of(diagnostic(namespaceUnreadable(new NetnsError(`of pid ${selection.pid}`, "ESRCH"))));
              if (selection.kind === "name") return of(diagnostic(namespaceUnreadable(new NetnsError(selection.value, "no-process"))));
              return of(diagnostic({ kind: "namespace-ended", netns: target.label.netns }));
            }
            if (fan.absent !== undefined && fan.selection.kind === "all" && fan.absent.in(items)) return from([]);
            shown++;
            return from([{ kind: "namespace", label: target.label } as const, ...items]);
          }),
        ),
      ),
    );
    const none = defer(() => (fan.absent !== undefined && fan.selection.kind === "all" && shown === 0 && plan.targets.length > 0 ? of(diagnostic<R>(fan.absent.none)) : from([])));
    const notes = fan.selection.kind === "all" ? namespaceNotes(plan).map((d) => diagnostic<R>(d)) : [];
    return concat(groups, none, from(notes));
  });
}
