/**
 * Runs a mode once per network namespace (`--netns`, `--netns-pid`,
 * `--all-netns`): each through a process living in it, never entering it.
 * With `--all-netns`, netstat text is grouped under one header line per
 * namespace; every group runs even when an earlier one fails, and the run
 * ends with the first failing status.
 */
import { catchError, concat, concatAll, defer, EMPTY, from, mergeMap, of, toArray, type Observable } from "rxjs";
import type { NetnsSelection } from "../model/netns.ts";
import { netnsHeader } from "../format/netns-header.ts";
import { messageSafe } from "../format/terminal-safe.ts";
import { NetnsError, netnsPlan$, type NetnsPlan, type NetnsTarget } from "../sources/netns.ts";
import { buildProcessIndex, ownerWithin, type ProcessIndex } from "../sources/processes.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { err, out, status, type Output } from "./output.ts";
import type { ProgramSource } from "../pipeline/namespaces.ts";
import { strerror } from "./strerror.ts";

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

/** The namespace types as /proc/PID/ns names them, in words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  mnt: "a mount", uts: "a UTS", ipc: "an IPC", user: "a user", pid: "a PID", cgroup: "a cgroup", time: "a time",
};

const THROUGH_PROCESS = "netstat-stream reads a namespace only through one of its processes";

const REASONS: Readonly<Record<string, (error: NetnsError) => string>> = {
  "no-process": () => `no process lives in it, and ${THROUGH_PROCESS}`,
  // The processes that could not be checked may live anywhere: the namespace may well be empty.
  "no-visible-process": (e) =>
    `no process lives in it among those that could be checked, and ${THROUGH_PROCESS} ` +
    `(the namespace of ${e.unreadablePids} other process(es) could not be read: permission denied)`,
  "not-netns": () => "it is not a namespace file",
  "other-type": (e) => `it is ${TYPE_WORDS[e.nsType ?? ""] ?? `a ${e.nsType ?? "different"}`} namespace, not a network namespace`,
};

/** The one-sentence message for a namespace that cannot be read. */
export function netnsErrorText(error: NetnsError): string {
  const why = REASONS[error.code]?.(error) ?? strerror(error.code);
  return `netstat-stream: Cannot read network namespace ${messageSafe(error.subject)}: ${why}\n`;
}

/** What `--all-netns` says about the namespaces it cannot read, one stderr line each. */
export function netnsNotes(plan: NetnsPlan): Output[] {
  const notes = plan.withoutProcess.map(({ name, netns }) =>
    err(`netstat-stream: network namespace ${messageSafe(name)} (${netns}) has no process to read it through; it is not shown\n`),
  );
  if (plan.unreadablePids > 0) {
    notes.push(
      err(
        `netstat-stream: the network namespace of ${plan.unreadablePids} process(es) could not be read (permission denied); a namespace only they live in is not shown\n`,
      ),
    );
  }
  return notes;
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
                return of(err(`netstat-stream: network namespace ${target.label.netns} ended while it was read; it is not shown\n`));
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
