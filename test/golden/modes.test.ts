/**
 * Routes (-r), groups (-g), statistics (-s), masquerade (-M) and mode conflicts in text mode,
 * in-process, against netstat 2.10's bytes for the same trees.
 */
import { GROUP_CASES, OTHER_CASES, ROUTE_CASES, STATISTICS_CASES } from "./_cases.ts";
import { describeTextGoldens } from "./_golden.ts";

describeTextGoldens("routes as netstat text", ROUTE_CASES);
describeTextGoldens("groups as netstat text", GROUP_CASES);
describeTextGoldens("statistics as netstat text", STATISTICS_CASES);
describeTextGoldens("masquerade and mode conflicts as netstat text", OTHER_CASES);
