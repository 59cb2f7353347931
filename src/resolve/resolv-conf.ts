/**
 * /etc/resolv.conf as glibc's resolver reads it: up to three `nameserver`
 * lines (127.0.0.1 when there are none), and `options timeout:N attempts:N`.
 */
import { canonicalAddress } from "./address.ts";

/** Where and how patiently to ask. */
export interface ResolverConfig {
  readonly nameservers: readonly string[];
  readonly timeoutMs: number;
  readonly attempts: number;
}

/** Parses resolv.conf text (an absent file is empty text). */
export function parseResolvConf(text: string): ResolverConfig {
  const nameservers: string[] = [];
  let timeout = 5;
  let attempts = 2;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*/, "").trim();
    const [keyword, ...rest] = line.split(/[ \t]+/);
    if (keyword === "nameserver" && rest[0] !== undefined && nameservers.length < 3) {
      const address = canonicalAddress(rest[0].replace(/%.*/, ""));
      if (address !== undefined) nameservers.push(address);
    } else if (keyword === "options") {
      for (const option of rest) {
        const m = /^(timeout|attempts):([0-9]+)$/.exec(option);
        if (m?.[1] === "timeout") timeout = Math.min(Number(m[2]), 30);
        if (m?.[1] === "attempts") attempts = Math.min(Math.max(Number(m[2]), 1), 5);
      }
    }
  }
  return { nameservers: nameservers.length > 0 ? nameservers : ["127.0.0.1"], timeoutMs: timeout * 1000, attempts };
}
