/**
 * Reverse DNS (PTR) lookups over UDP, the way glibc's resolver asks: each
 * nameserver of /etc/resolv.conf in turn, for its timeout, for its number of
 * attempts; a refused or unreachable server is passed over at once. Every
 * lookup of a run shares one deadline, so a dead resolver costs about one
 * timeout per run, not one per address.
 */
import type { Socket } from "node:dgram";
import { ptrName } from "./address.ts";
import { decodePtrAnswer, encodePtrQuery } from "./dns-wire.ts";
import type { ResolverConfig } from "./resolv-conf.ts";

/** Looks up the PTR name of numeric address text; undefined when there is none in time. */
export type ReverseLookup = (address: string) => Promise<string | undefined>;

/** Options for {@linkcode createReverseDns}. */
export interface ReverseDnsOptions {
  /** How long the whole run may wait for DNS answers, in milliseconds. */
  readonly budgetMs: number;
  /** The resolver configuration, read when the first lookup starts. */
  readonly config: () => ResolverConfig;
  /** Where the local port of each socket a question is asked from is kept (a `--watch` does not report them). */
  readonly ownPorts?: Set<number>;
  /** The servers' port; 53 but in tests. */
  readonly port?: number;
}

type Outcome = { readonly kind: "name"; readonly name: string } | { readonly kind: "none" } | { readonly kind: "failed" };

/** One question to one server: resolves with its answer, "failed" on error or after `waitMs`. */
async function ask(server: string, port: number, query: Uint8Array, id: number, waitMs: number, ownPorts: Set<number> | undefined): Promise<Outcome> {
  const dgram = await import("node:dgram");
  return new Promise<Outcome>((resolve) => {
    let socket: Socket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (outcome: Outcome): void => {
      clearTimeout(timer);
      try {
        socket?.close();
      } catch {
        // Already closed by an error.
      }
      resolve(outcome);
    };
    timer = setTimeout(() => done({ kind: "failed" }), Math.max(waitMs, 1));
    try {
      socket = dgram.createSocket(server.includes(":") ? "udp6" : "udp4");
      socket.on("error", () => done({ kind: "failed" }));
      socket.on("message", (msg) => {
        const answer = decodePtrAnswer(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), id);
        if (answer.kind !== "unusable") done(answer);
      });
      // A connected socket learns of a refused port (ICMP) at once, as glibc's does.
      socket.connect(port, server, () => {
        try {
          ownPorts?.add(socket!.address().port);
          socket?.send(Buffer.from(query), (error) => error && done({ kind: "failed" }));
        } catch {
          done({ kind: "failed" });
        }
      });
    } catch {
      done({ kind: "failed" });
    }
  });
}

/** Creates a reverse resolver. No socket is opened before the first lookup. */
export function createReverseDns(options: ReverseDnsOptions): ReverseLookup {
  let deadline: number | undefined;
  let config: ResolverConfig | undefined;
  let nextId = Math.floor(Math.random() * 0xffff);
  return async (address) => {
    const name = ptrName(address);
    if (name === undefined) return undefined;
    deadline ??= Date.now() + options.budgetMs;
    config ??= options.config();
    for (let attempt = 0; attempt < config.attempts; attempt++) {
      for (const server of config.nameservers) {
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        nextId = (nextId + 1) & 0xffff;
        const outcome = await ask(server, options.port ?? 53, encodePtrQuery(nextId, name), nextId, Math.min(left, config.timeoutMs), options.ownPorts);
        if (outcome.kind === "name") return outcome.name;
        if (outcome.kind === "none") return undefined;
      }
    }
    return undefined;
  };
}
