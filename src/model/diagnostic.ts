/**
 * Diagnostics as data: everything a run has to say besides its records —
 * netstat's warnings and failures, and this program's own — with the path,
 * errno and family they concern. The words live in
 * format/netstat-diagnostics.ts, the exit status in model/exit-status.ts.
 */

/** A socket or membership family as netstat's `no support` message names it, e.g. "AF INET (tcp)". */
export type FamilyName = string;

/** An errno name, e.g. "ENOENT". */
export type Errno = string;

/** The families netstat's `-r` reads through /proc but kernels no longer have. */
export type LegacyRouteFamily = "ax25" | "ipx" | "netrom" | "rose" | "x25" | "ddp";

/** The legacy socket families (IPX, AX.25, X.25, NET/ROM, ROSE) by their selection flag. */
export type LegacyFlag = "ipx" | "ax25" | "x25" | "netrom" | "rose";

/** One diagnostic. `path` is the path as shown to the user (ProcRoot.display). */
export type Diagnostic =
  // --- netstat's own messages ---
  /** A line a table's reader could not parse: "warning, got bogus tcp line 3." */
  | { readonly kind: "bogus-line"; readonly reader: string; readonly line: number }
  /** A socket table's line netstat could not read: "warning, got bogus tcp line."; `file` as shown, `reason` and `text` for records. */
  | {
      readonly kind: "bogus-socket-line";
      readonly reader: string;
      readonly file: string;
      readonly line: number;
      readonly reason: string;
      readonly text: string;
    }
  /** The socket listing ends here: a table it could not read (already reported, or silent as netstat is) fails it. */
  | { readonly kind: "sockets-failed"; readonly status: 1 | 255 }
  /** A table that is missing or hidden. `asked`: the family was asked for by name (status 1); otherwise it is said under -v only. */
  | { readonly kind: "no-support"; readonly family: FamilyName; readonly asked: boolean }
  /** A table netstat could not open for another reason: "PATH: strerror", status 255. */
  | { readonly kind: "unreadable"; readonly path: string; readonly errno: Errno }
  /** `-p` could not read every process: `none` read at all, or only `partial`ly (the non-owned ones are missing). */
  | { readonly kind: "programs-partial"; readonly euid: number; readonly extent: "none" | "partial" }
  /** `-r` of IPv4 or IPv6 whose route file cannot be read: "PATH: strerror" and "INET (IPv4) not configured in this system." */
  | { readonly kind: "not-configured"; readonly family: "INET (IPv4)" | "INET6 (IPv6)"; readonly path: string; readonly errno: Errno }
  /** `-r` of a legacy family: which of its files could not be probed, with their errnos, in netstat's order. */
  | { readonly kind: "legacy-routing"; readonly family: LegacyRouteFamily; readonly missing: readonly { readonly path: string; readonly errno: Errno }[] }
  /** `-r` of a legacy family whose files exist: this program does not read them. */
  | { readonly kind: "legacy-routing-unsupported"; readonly name: string }
  /** `-r -A unix` and the like: status 3. */
  | { readonly kind: "no-routing"; readonly family: string }
  /** `-r -A foo`: status 3. */
  | { readonly kind: "family-unsupported"; readonly family: string }
  /** An empty /proc/net/route (a namespace without IPv4 routes): netstat ends with status 1 and says nothing. */
  | { readonly kind: "route-headerless"; readonly path: string }
  /** /proc/net/route's header lacks a column netstat needs. */
  | { readonly kind: "route-missing-column"; readonly path: string; readonly column: string }
  /** The IPv4 route cache's header could not be read: netstat's perror with errno 0, status -1. */
  | { readonly kind: "route-cache-unread"; readonly path: string }
  /** `-i` without /proc/net/dev: netstat lists what the ioctls tell. */
  | { readonly kind: "interfaces-limited"; readonly path: string; readonly errno: Errno }
  /** An interface whose ioctls fail: netstat stops there with status 1. */
  | { readonly kind: "interface-failed"; readonly name: string; readonly errno: Errno }
  /** `-s -A foo`. */
  | { readonly kind: "statistics-unsupported"; readonly family: string }
  /** A required counters file that cannot be opened: `what` is netstat's perror prefix. */
  | { readonly kind: "statistics-unreadable"; readonly what: string; readonly errno: Errno }
  /** A counters file netstat found malformed. */
  | { readonly kind: "statistics-malformed"; readonly path: string }
  /** `-M` on a 2.2-era ip_masquerade file. */
  | { readonly kind: "masquerade-unsupported"; readonly path: string }
  /** The IPX table's format netstat's parser stops at. */
  | { readonly kind: "ipx-format"; readonly port: string }
  /** `--l2cap`, `--rfcomm`, `--bluetooth`: netstat was built without them. */
  | { readonly kind: "bluetooth-unsupported" }
  // --- this program's own ---
  /** A legacy family asked for by name where records are written: it has no records. */
  | { readonly kind: "legacy-text-only"; readonly family: LegacyFlag }
  /** `-I=NAME` named no interface; `anyNamespace`: in none of the namespaces `--all-netns` read. */
  | { readonly kind: "no-such-interface"; readonly name: string; readonly anyNamespace?: boolean }
  /** Interface ioctls are unavailable: /sys answers, without IPv4 addresses or alias labels. */
  | { readonly kind: "ioctls-unavailable"; readonly why: string }
  /** `-ie` in another namespace: only ioctls inside it tell IPv4 addresses and alias labels. */
  | { readonly kind: "namespace-addresses-hidden" }
  /** Another namespace's interfaces cannot be read: its /sys is not reachable. */
  | { readonly kind: "namespace-interfaces-unreadable"; readonly netns: number; readonly missing: string; readonly pid: number | undefined }
  /** `--watch` cannot hear the kernel's socket-destroy notifications (`why`): every close comes from polls. */
  | { readonly kind: "kernel-closes-unavailable"; readonly why: string }
  /** `--watch` of `--netns*`: namespaces it cannot hear the kernel's closes in (`why`) are followed by polls alone. */
  | { readonly kind: "namespace-closes-unavailable"; readonly why: string }
  /** `--tcp-info`: a TCP table that had to be read from /proc (`path`), whose sockets show no internals. */
  | { readonly kind: "tcp-info-unavailable"; readonly path: string }
  /** `--watch`: a later poll that could not read a table (`cause`) is skipped; the watch goes on. */
  | { readonly kind: "poll-skipped"; readonly cause: Diagnostic }
  /** A namespace whose last process exited while it was read: it is not shown. */
  | { readonly kind: "namespace-ended"; readonly netns: number }
  /** A named namespace no visible process lives in (--all-netns): it is not shown. */
  | { readonly kind: "namespace-without-process"; readonly name: string; readonly netns: number }
  /** Processes whose namespace could not be read (--all-netns): a namespace only they live in is not shown. */
  | { readonly kind: "namespaces-hidden"; readonly processes: number }
  /**
   * The namespace asked for cannot be read. `code`: an errno, or `no-process`, `no-visible-process`,
   * `not-netns`, `other-type` (with `nsType`, as /proc/PID/ns names it); `unreadablePids` with `no-visible-process`.
   */
  | {
      readonly kind: "namespace-unreadable";
      readonly subject: string;
      readonly code: string;
      readonly nsType?: string | undefined;
      readonly unreadablePids?: number | undefined;
    };

/** The kind of each diagnostic. */
export type DiagnosticKind = Diagnostic["kind"];

/** The diagnostic of one kind. */
export type DiagnosticOf<K extends DiagnosticKind> = Extract<Diagnostic, { readonly kind: K }>;
