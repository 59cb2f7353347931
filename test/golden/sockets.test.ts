/**
 * Socket listings in text mode, in-process: tcp, udp, udplite, raw, unix and sctp, and the legacy
 * families (AX.25, NET/ROM, ROSE, X.25, IPX), against netstat 2.10's bytes for the same trees.
 */
import { LEGACY_CASES, SOCKET_CASES } from "./_cases.ts";
import { describeTextGoldens } from "./_golden.ts";

describeTextGoldens("socket listings as netstat text", SOCKET_CASES);
describeTextGoldens("legacy family listings as netstat text", LEGACY_CASES);
