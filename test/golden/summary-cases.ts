/**
 * The trees --summary's goldens are captured over (scripts/capture-summary-golden.ts, from the
 * real `ss -s`), and where they are filed.
 */
import { join } from "node:path";
import { GOLDEN } from "./_cases.ts";
import type { TreeName } from "./_trees.ts";

/** fixtures/golden/ss-summary: TREE.{stdout,stderr,code}. */
export const SS_SUMMARY_GOLDEN = join(GOLDEN, "ss-summary");

/** IPv4 and IPv6 sockets, IPv4 only, no sockstat6, no snmp, snmp without sockstat, nothing. */
export const SUMMARY_TREES: readonly TreeName[] = ["summary", "summary-v4", "summary-no6", "summary-no-snmp", "modes", "empty"];
