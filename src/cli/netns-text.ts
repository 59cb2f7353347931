/**
 * The socket listing's namespace fan-out in netstat text, until it runs on
 * items as every other mode does (pipeline/namespaces.ts): each namespace
 * through a process living in it, never entering it; with `--all-netns`
 * grouped under one header line per namespace; every group runs even when
 * an earlier one fails, and the run ends with the first failing status.
 * Its words are the diagnostics' (format/netstat-diagnostics.ts).
 */
import { catchError, concat, concatAll, defer, EMPTY, from, mergeMap, of, toArray, type Observable } from "rxjs";
import type { NetnsSelection } from "../model/netns.ts";
import { netnsHeader } from "../format/netns-header.ts";
import { netstatWords } from "../format/netstat-diagnostics.ts";
import { NetnsError, netnsPlan$, type NetnsPlan, type NetnsTarget } from "../sources/netns.ts";
import { buildProcessIndex, ownerWithin, type ProcessIndex } from "../sources/processes.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { err, out, status, type Output } from "./output.ts";
import { namespaceNotes, namespaceUnreadable, type ProgramSource } from "../pipeline/namespaces.ts";

/** One pass of a mode over one namespace. */
export type NamespacePass = (target: NetnsTarget, programs: () => ProgramSource) => Observable<Output>;

/** What a namespace run needs. */
export interface NetnsRunContext {
  readonly root: ProcRoot;
  readonly selection: NetnsSelection;
  /** Print a header line before each namespace's output (netstat text with --all-netns). */
  readonly headers: boolean;
  readonly pass: NamespacePass;
  /** Directory of named namespaces; /run/netns by default. */
  readonly netnsDir?: string;
}

/** The one-sentence message for a namespace that cannot be read (format/netstat-diagnostics.ts). */
export function netnsErrorText(error: NetnsError): string {
  return netstatWords(namespaceUnreadable(error)).map((w) => w.text).join("");
}

/** What `--all-netns` says about the namespaces it cannot read, one stderr line each. */
export function netnsNotes(plan: NetnsPlan): Output[] {
  return namespaceNotes(plan).flatMap((d) => netstatWords(d).map((w) => err(w.text)));
}

/** Every planned namespace in turn, then the notes about what could not be read. */
export function netnsRun$(ctx: NetnsRunContext): Observable<Output> {
  return netnsPlan$(ctx.root, ctx.selection, ctx.netnsDir).pipe(
    mergeMap((plan) =>
      defer(() => {
        let index: ProcessIndex | undefined;
        const shared = (): ProcessIndex => (index ??= buildProcessIndex(ctx.root));
        let failure = 0;
        let shown = 0;
        // Each namespace's output is held until it is complete: a namespace whose last process
        // exits while it is read has ended, and is reported as such instead of half-listed.
        const groups = plan.targets.map((target) =>
          ctx.pass(target, () => ({ index: shared(), lookup: ownerWithin(shared(), target.pids) })).pipe(
            toArray(),
            mergeMap((outputs) => {
              if (target.root.vanished()) {
                const { selection } = ctx;
                if (selection.kind === "pid") throw new NetnsError(`of pid ${selection.pid}`, "ESRCH");
                if (selection.kind === "name") throw new NetnsError(selection.value, "no-process");
                return from(netstatWords({ kind: "namespace-ended", netns: target.label.netns }).map((w) => err(w.text)));
              }
              const header = ctx.headers ? [out(`${shown++ > 0 ? "\n" : ""}${netnsHeader(target.label)}`)] : [];
              for (const o of outputs) if (o.kind === "status" && o.code !== 0 && failure === 0) failure = o.code;
              return from([...header, ...outputs.filter((o) => o.kind !== "status")]);
            }),
          ),
        );
        const after = ctx.selection.kind === "all" ? netnsNotes(plan) : [];
        return concat(from(groups).pipe(concatAll()), from(after), defer(() => (failure === 0 ? EMPTY : of(status(failure)))));
      }),
    ),
    catchError((error: unknown) => {
      if (error instanceof NetnsError) return of(err(netnsErrorText(error)), status(1));
      throw error;
    }),
  );
}
