/**
 * The value of `--serve [ADDR]:PORT`, as exporters take `--web.listen-address`:
 * `:9100` listens on every address (IPv6 and IPv4), `127.0.0.1:9100` or
 * `[::1]:9100` on one, a host name on what it resolves to. Pure.
 */
import * as v from "valibot";

/** Where the exporter listens; `host` undefined: every address. */
export interface ListenAddress {
  readonly host: string | undefined;
  readonly port: number;
}

const PortSchema = v.pipe(
  v.string(),
  v.regex(/^[0-9]{1,5}$/, "expected [ADDR]:PORT with a port from 0 to 65535"),
  v.transform(Number),
  v.maxValue(65535, "expected [ADDR]:PORT with a port from 0 to 65535"),
);

/** `[ADDR]:PORT` as a listen address, or the sentence saying what is wrong with it. */
export function parseListenAddress(word: string): ListenAddress | { readonly problem: string } {
  const colon = word.lastIndexOf(":");
  if (colon === -1) return { problem: "expected [ADDR]:PORT, such as :9100 or 127.0.0.1:9100" };
  let host = word.slice(0, colon);
  const port = v.safeParse(PortSchema, word.slice(colon + 1));
  if (!port.success) return { problem: port.issues[0].message };
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  else if (host.includes(":")) return { problem: "expected an IPv6 address in brackets, such as [::1]:9100" };
  if (host !== "" && !/^[0-9A-Za-z.:_%-]+$/.test(host)) return { problem: "expected an address or host name before the port" };
  return { host: host === "" ? undefined : host, port: port.output };
}

/** How a listen address is written back: `host:port`, IPv6 in brackets. */
export function addressText(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
