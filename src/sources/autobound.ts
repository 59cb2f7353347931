/**
 * What `autobound` needs of one network namespace: the local port range the kernel picks from
 * (`ip_local_port_range`, read inside it), and the kernel's own answer (a port not bound by
 * hand) by socket cookie, from dumps filtered by that test alone (see sock-diag.ts). Another
 * namespace is read by entering it (root only); undefined where it cannot be.
 */
import { readFileSync } from "node:fs";
import type { Enter } from "./proc-root.ts";
import { autoboundCookies } from "./sock-diag.ts";

/** How long the kernel's autobound answers stand before a socket they do not know asks again. */
const AUTOBOUND_REFRESH_MS = 50;

/** The kernel's autobound answers by cookie, asked again (at most every 50 ms) when a socket is new to them. */
export function kernelAutobound(within?: Enter): (cookie: number) => boolean | undefined {
  let known = autoboundCookies(within);
  let asked = Date.now();
  return (cookie) => {
    if (!known.all.has(cookie) && Date.now() - asked >= AUTOBOUND_REFRESH_MS) {
      known = autoboundCookies(within);
      asked = Date.now();
    }
    return known.all.has(cookie) ? known.autobound.has(cookie) : undefined;
  };
}

/** The two numbers of `ip_local_port_range` text, or undefined. */
export function portRangeOf(text: string | undefined): readonly [number, number] | undefined {
  const m = /^\s*(-?[0-9]+)\s+(-?[0-9]+)/.exec(text ?? "");
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

/** The local port range of the namespace `enter` enters, read inside it; undefined when it cannot be. */
export function enteredPortRange(enter: Enter): readonly [number, number] | undefined {
  const text = enter(() => {
    try {
      return readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "latin1");
    } catch {
      // Unreadable inside: the caller keeps the range it has.
      return undefined;
    }
  });
  return typeof text === "string" ? portRangeOf(text) : undefined;
}
