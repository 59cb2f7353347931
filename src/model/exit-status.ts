/**
 * The exit status, from one pure rule over the diagnostics: each diagnostic
 * fails the run with netstat's status or none (0), and a run ends with the
 * status of its first failing diagnostic.
 */
import type { Diagnostic, DiagnosticKind, DiagnosticOf } from "./diagnostic.ts";

type StatusOf = { readonly [K in DiagnosticKind]: number | ((d: DiagnosticOf<K>) => number) };

/** netstat's exit status for each diagnostic (255 is its `exit(-1)`); 0 does not fail the run. */
const STATUS: StatusOf = {
  "bogus-line": 0,
  "bogus-socket-line": 0,
  "sockets-failed": (d) => d.status,
  "no-support": (d) => (d.asked ? 1 : 0),
  unreadable: 255,
  "programs-partial": 0,
  "not-configured": 1,
  "legacy-routing": 1,
  "legacy-routing-unsupported": 1,
  "no-routing": 3,
  "family-unsupported": 3,
  "route-headerless": 1,
  "route-missing-column": 1,
  "route-cache-unread": 255,
  "interfaces-limited": 0,
  "interface-failed": 1,
  "statistics-unsupported": 1,
  "statistics-unreadable": 0,
  "statistics-malformed": 0,
  "masquerade-unsupported": 1,
  "ipx-format": 255,
  "bluetooth-unsupported": 1,
  "legacy-text-only": 1,
  "no-such-interface": 1,
  "ioctls-unavailable": 0,
  "namespace-addresses-hidden": 0,
  "namespace-interfaces-unreadable": 1,
  "kernel-closes-unavailable": 0,
  "namespace-closes-unavailable": 0,
  "tcp-info-unavailable": 0,
  "poll-skipped": 0,
  "namespace-ended": 0,
  "namespace-without-process": 0,
  "namespaces-hidden": 0,
  "namespace-unreadable": 1,
};

/** The status a diagnostic ends the run with, or 0 when it does not fail it. */
export function statusOf(d: Diagnostic): number {
  const rule = STATUS[d.kind] as number | ((d: Diagnostic) => number);
  return typeof rule === "number" ? rule : rule(d);
}

/** Whether a diagnostic fails the run. */
export function fails(d: Diagnostic): boolean {
  return statusOf(d) !== 0;
}

/** A run's exit status: the status of its first failing diagnostic, else 0. */
export function exitStatus(diagnostics: Iterable<Diagnostic>): number {
  for (const d of diagnostics) {
    const code = statusOf(d);
    if (code !== 0) return code;
  }
  return 0;
}
