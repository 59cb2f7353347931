/**
 * Hints to JavaScriptCore for the loops one listing runs tens of thousands of
 * times and then exits. Its top tier (FTL) compiles such a function on a
 * second thread in 5 to 16 ms each, which a run of under 100 ms never earns
 * back and which, on a small machine, takes a core away from the run itself;
 * the tier below it (DFG) compiles them in a fraction of that. Measured on a
 * 2-CPU machine over 20,000 sockets: user time of `-tan` 66 -> 46 ms.
 */
import { noFTL } from "bun:jsc";
import { inetRow } from "../format/netstat-inet.ts";
import { endpointText } from "../format/netstat-address.ts";
import { decodeInetDiagMessage } from "../proc/inet-diag.ts";

/** The functions whose FTL compilations took the longest in a `-tan` run over 20,000 sockets. */
const DFG_ONLY: readonly ((...args: never[]) => unknown)[] = [decodeInetDiagMessage, inetRow, endpointText];

/** Keeps the listed hot functions out of the FTL tier; call once at start. */
export function applyJitHints(): void {
  for (const f of DFG_ONLY) noFTL(f);
}
