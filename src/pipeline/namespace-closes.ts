/**
 * The kernel's close notifications of every namespace a watch of
 * `--netns`, `--netns-pid` or `--all-netns` reads: the kernel tells a
 * listener of the closes in its own namespace only, so one listener is made
 * inside each namespace (entering it needs root) just before the namespace
 * is first read, and closed once a poll no longer reads it. Namespaces that
 * cannot be entered are followed by polls alone.
 */
import type { Diagnostic } from "../model/diagnostic.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { SocketRecord } from "../model/record.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { CloseListener, Drained, Notified, OpenCloseListener } from "./kernel-closes.ts";

/** The listeners of a watch's namespaces, drained as one. */
export interface NamespaceCloses extends CloseListener {
  /** Which records of a poll starting now had their namespace's closes told since before it (a TIME_WAIT one is then a told close's remnant). */
  toldNow(): (record: SocketRecord) => boolean;
  /** Before a namespace is read: its listener, made unless it has one; why it cannot have one, if so. */
  entering(root: ProcRoot, label: NetnsLabel): Diagnostic | undefined;
  /** After a poll that read the namespaces `read`: the others' listeners are closed. */
  settle(read: ReadonlySet<number>): void;
}

interface Followed {
  readonly listener: CloseListener;
  label: NetnsLabel;
}

/**
 * Listeners made by `open` inside each namespace (directly in `own`, the reader's own namespace,
 * which needs no entering).
 */
export function namespaceCloses(open: OpenCloseListener, own: number | undefined): NamespaceCloses {
  const followed = new Map<number, Followed>();
  // Namespaces that could not have a listener, and why: not tried again while they are read.
  const refused = new Map<number, string>();
  const why = (reason: string): Diagnostic => ({ kind: "namespace-closes-unavailable", why: reason });
  return {
    toldNow() {
      const told = new Set(followed.keys());
      return (record) => record.netns !== undefined && told.has(record.netns);
    },
    entering(root, label) {
      const known = followed.get(label.netns);
      if (known !== undefined) {
        known.label = label;
        return undefined;
      }
      const reason = refused.get(label.netns);
      if (reason !== undefined) return why(reason);
      const made = label.netns === own ? open() : root.enter === undefined ? { unavailable: "the namespace cannot be entered" } : root.enter(open);
      const listener = "unavailable" in made ? made.unavailable : made;
      if (typeof listener === "string") {
        refused.set(label.netns, listener);
        return why(listener);
      }
      followed.set(label.netns, { listener, label });
      return undefined;
    },
    settle(read) {
      for (const [netns, f] of followed) {
        if (read.has(netns)) continue;
        f.listener.close();
        followed.delete(netns);
      }
      for (const netns of refused.keys()) if (!read.has(netns)) refused.delete(netns);
    },
    drain(): Drained {
      const destroyed: Notified[] = [];
      // Undefined while no listener dropped any; null once one cannot tell how many.
      let lost: number | null | undefined;
      for (const { listener, label } of followed.values()) {
        const drained = listener.drain();
        for (const n of drained.destroyed) destroyed.push({ ...n, label });
        if (drained.lost !== undefined) lost = lost === null || drained.lost.count === null ? null : (lost ?? 0) + drained.lost.count;
      }
      return lost === undefined ? { destroyed } : { destroyed, lost: { count: lost } };
    },
    close() {
      for (const f of followed.values()) f.listener.close();
      followed.clear();
    },
  };
}
