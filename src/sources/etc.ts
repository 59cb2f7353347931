/**
 * The name databases under /etc that netstat consults through glibc:
 * hosts, networks, services, protocols and passwd. A missing file is an
 * empty database, as on a minimal server or in a container.
 */
import { readFileSync } from "node:fs";
import { osPath } from "../model/bytes.ts";

/** Reads /etc/NAME as a byte string (model/bytes.ts); an unreadable file reads as empty. */
export function readEtc(name: string, etcDir = "/etc"): string {
  try {
    return readFileSync(osPath(`${etcDir}/${name}`), "latin1");
  } catch {
    // glibc treats an absent or unreadable database as having no entries.
    return "";
  }
}
