/**
 * netstat's `-M`: kernels since 2.4 have no /proc/net/ip_masquerade, and
 * netstat then says so and exits with 1. Connection tracking replaced it.
 */
import { defer, of, type Observable } from "rxjs";
import { probe } from "../sources/routes.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { err, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/** One `-M` pass. */
export function masquerade$(root: ProcRoot): Observable<Output> {
  return defer(() => {
    const code = probe(root, "net/ip_masquerade");
    if (code === "ENOENT") return of(err("netstat: no support for `ip_masquerade' on this system.\n"), status(1));
    if (code !== undefined) return of(err(`${root.display("net/ip_masquerade")}: ${strerror(code)}\n`), status(255));
    return of(
      err(`netstat-stream: ${root.display("net/ip_masquerade")} is from a 2.2 kernel; its masquerading entries are not supported\n`),
      status(1),
    );
  });
}
