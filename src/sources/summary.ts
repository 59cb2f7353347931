/**
 * The files behind `--summary`, under a proc root (a namespace's is its
 * process's /proc/PID): each read once, its text or the errno that stopped it.
 */
import { ProcReadError, type ProcRoot } from "./proc-root.ts";

/** A file's text, or why it could not be read. */
export type Read = { readonly text: string } | { readonly errno: string };

/** The three files ss's `-s` opens, in its order. */
export interface SummaryFiles {
  readonly sockstat: Read;
  readonly sockstat6: Read;
  readonly snmp: Read;
}

function readOne(root: ProcRoot, relative: string): Read {
  try {
    return { text: root.readText(relative) };
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    return { errno: error.code };
  }
}

/** Reads net/sockstat, net/sockstat6 and net/snmp under `root`. */
export function readSummaryFiles(root: ProcRoot): SummaryFiles {
  return { sockstat: readOne(root, "net/sockstat"), sockstat6: readOne(root, "net/sockstat6"), snmp: readOne(root, "net/snmp") };
}
