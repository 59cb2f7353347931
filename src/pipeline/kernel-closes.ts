/**
 * The kernel's socket-destroy notifications as `--watch` inputs
 * (operators/lifecycles.ts): the listener drained every few milliseconds,
 * each closed socket named as the listing names it, its record built, and
 * whether the watch lists such a socket at all decided by the listing's own
 * selection. Notifications the kernel dropped are a gap, and a fresh poll
 * follows at once.
 */
import { concat, concatMap, defer, EMPTY, from, interval, map, of, type Observable } from "rxjs";
import type { TcpCounters } from "../model/event.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { Options } from "../model/options.ts";
import type { SocketRecord } from "../model/record.ts";
import type { AnySocket, InetSocket } from "../model/socket.ts";
import type { WatchInput } from "../operators/lifecycles.ts";
import { hostsOf, namesKnown } from "../operators/names.ts";
import type { NameResolver } from "../resolve/names.ts";
import type { AttributionContext } from "../sources/attribution.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { ProcRoot } from "../sources/proc-root.ts";

/**
 * How often the listener is drained: a close reaches stdout within about this long. Each drain
 * wakes the process; measured on an idle watch, every 20 ms cost 0.7 % of a core, so 40 ms.
 */
export const DRAIN_MS = 40;

/** One closed socket the kernel told of. */
export interface Notified {
  readonly cookie: number;
  readonly socket: InetSocket;
  readonly counters?: TcpCounters | undefined;
  /** The namespace it closed in, when a namespace option chose the namespaces. */
  readonly label?: NetnsLabel | undefined;
}

/** What one drain gives: the notifications since the last, and how many the kernel dropped (null when it cannot be told). */
export interface Drained {
  readonly destroyed: readonly Notified[];
  readonly lost?: { readonly count: number | null } | undefined;
}

/** A socket that hears the kernel's socket-destroy notifications. */
export interface CloseListener {
  drain(): Drained;
  close(): void;
}

/** Opens a listener in the caller's namespace, or says in one sentence why it cannot. */
export type OpenCloseListener = () => CloseListener | { readonly unavailable: string };

/**
 * The listeners a watch of `root` can have: the kernel tells a listener of the closes in its own
 * namespace only, so a watch of a proc root that is not this machine's own /proc has none, and
 * says why. (The namespaces `--netns*` chose each get one made inside them: pipeline/namespace-closes.ts.)
 */
export function closeListenerFor(root: ProcRoot, open: OpenCloseListener): OpenCloseListener | { readonly unavailable: string } {
  if (!root.ownNetns) return { unavailable: `the proc root ${root.display("").replace(/\/$/, "")} is not this machine's own /proc` };
  return open;
}

/** How a socket becomes the record the watch reports (format/listing-record.ts). */
export type RecordOf = (socket: AnySocket, attribution: AttributionContext | undefined, lookup: OwnerLookup, label: NetnsLabel | undefined) => SocketRecord;

/** What turning notifications into inputs needs. */
export interface ClosesContext {
  /** The reader's own namespace, whose DNS sockets are this program's (undefined: unknown). */
  readonly ownNetns?: number | undefined;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly now: () => number;
  readonly recordOf: RecordOf;
  /** Whether the watch lists such a socket: protocol, family, scope and the ports. */
  readonly admits: (socket: InetSocket) => boolean;
  /** Whether records carry owners (`-p` or a filter on owners). */
  readonly owners: boolean;
}

/**
 * A closed socket's record as the notification tells it: the kernel sends uid 0 for every socket,
 * so its user is not known; with owners, no process can be asked any more.
 */
function closedRecord(ctx: ClosesContext, socket: InetSocket, label: NetnsLabel | undefined): SocketRecord {
  // A UDP socket's write queue is -1 (as unsigned) when the kernel frees it: a gone socket holds nothing.
  const drained = socket.txQueue === 0xffffffff ? { ...socket, txQueue: 0 } : socket;
  const record = ctx.recordOf(drained, undefined, () => undefined, label);
  const owner = ctx.owners ? { pid: null, program_name: null, attribution: "gone" as const } : {};
  // The event schemas allow a null user (model/record.ts NetworkEventSchemas).
  return { ...record, user: null, uid: null, ...owner } as unknown as SocketRecord;
}

/** Notifications as inputs, once the names their records show are known. */
export function closesOf(told: readonly Notified[], ctx: ClosesContext): Observable<WatchInput> {
  // The sockets this program asked its DNS questions from are its own, not the machine's traffic.
  const own = ctx.resolver.ownPorts;
  const ours = (n: Notified): boolean => n.socket.proto === "udp" && (n.label === undefined || n.label.netns === ctx.ownNetns) && own!.has(n.socket.localPort);
  const notified = own === undefined || own.size === 0 ? told : told.filter((n) => !ours(n));
  if (notified.length === 0) return EMPTY;
  const at = ctx.now();
  const numeric = ctx.options.numericHosts;
  const named = namesKnown(ctx.resolver, function* (all: readonly Notified[]) {
    if (!numeric) for (const n of all) yield* hostsOf(n.socket);
  });
  return named(notified).pipe(
    concatMap(() =>
      from(
        notified.map(
          (n): WatchInput => ({ kind: "closed", at, cookie: n.cookie, record: closedRecord(ctx, n.socket, n.label), admitted: ctx.admits(n.socket), counters: n.counters }),
        ),
      ),
    ),
  );
}

/** One drain's inputs: a gap first when the kernel dropped some (then `resync` asks for a fresh poll), then the closes. */
export function drainedInputs(drained: Drained, ctx: ClosesContext, resync: () => void): Observable<WatchInput> {
  const closes = closesOf(drained.destroyed, ctx);
  if (drained.lost === undefined) return closes;
  const gap: WatchInput = { kind: "gap", at: ctx.now(), lost: drained.lost.count };
  // The fresh poll is asked for once the gap is in the stream, so that its closes come after it.
  const afterGap = defer(() => {
    resync();
    return closes;
  });
  return concat(of(gap), afterGap);
}

/** The listener's notifications, drained every `periodMs` ({@linkcode DRAIN_MS} unless told). */
export function kernelCloses$(listener: CloseListener, ctx: ClosesContext, resync: () => void, periodMs = DRAIN_MS): Observable<WatchInput> {
  return interval(periodMs).pipe(
    map(() => listener.drain()),
    concatMap((drained) => drainedInputs(drained, ctx, resync)),
  );
}
