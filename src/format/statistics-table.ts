/**
 * The sentences netstat 2.10 prints for each protocol counter under `-s`,
 * per section, in netstat's table order. This is data: the order matters
 * because netstat finds keys by binary search, and several of its tables
 * are not sorted, so some keys listed here are never found (they then print
 * as `Key: value`, like keys netstat does not know).
 */

/**
 * How a found counter prints: `number` always, `optional` only when nonzero,
 * `input`/`output` as ICMP histogram rows under their title, `forward` and
 * `rto` are static settings netstat never prints.
 */
export type EntryType = "number" | "optional" | "forward" | "input" | "output" | "rto";

/** One counter netstat knows: its kernel key and its sentence (`%llu` stands for the value). */
export interface Entry {
  readonly key: string;
  readonly sentence: string;
  readonly type: EntryType;
  /** A static setting (Ip DefaultTTL, Tcp RtoAlgorithm): never printed. */
  readonly static?: true;
}

/** A section netstat knows: its title and its entries in netstat's order (select/statistics.ts says when it is shown). */
export interface KnownSection {
  readonly title: string;
  readonly entries: readonly Entry[];
}

const IPTAB: readonly Entry[] = [
  { key: "DefaultTTL", sentence: "Default TTL is %llu", type: "number", static: true },
  { key: "Forwarding", sentence: "Forwarding is %s", type: "forward", static: true },
  { key: "ForwDatagrams", sentence: "%llu forwarded", type: "number" },
  { key: "FragCreates", sentence: "%llu fragments created", type: "optional" },
  { key: "FragFails", sentence: "%llu outgoing packets failed fragmentation", type: "optional" },
  { key: "FragOKs", sentence: "%llu outgoing packets fragmented ok", type: "optional" },
  { key: "InAddrErrors", sentence: "%llu with invalid addresses", type: "optional" },
  { key: "InDelivers", sentence: "%llu incoming packets delivered", type: "number" },
  { key: "InDiscards", sentence: "%llu incoming packets discarded", type: "number" },
  { key: "InHdrErrors", sentence: "%llu with invalid headers", type: "optional" },
  { key: "InReceives", sentence: "%llu total packets received", type: "number" },
  { key: "InUnknownProtos", sentence: "%llu with unknown protocol", type: "optional" },
  { key: "OutDiscards", sentence: "%llu outgoing packets dropped", type: "optional" },
  { key: "OutNoRoutes", sentence: "%llu dropped because of missing route", type: "optional" },
  { key: "OutRequests", sentence: "%llu requests sent out", type: "number" },
  { key: "ReasmFails", sentence: "%llu packet reassemblies failed", type: "optional" },
  { key: "ReasmOKs", sentence: "%llu packets reassembled ok", type: "optional" },
  { key: "ReasmReqds", sentence: "%llu reassemblies required", type: "optional" },
  { key: "ReasmTimeout", sentence: "%llu fragments dropped after timeout", type: "optional" },
];

const IP6TAB: readonly Entry[] = [
  { key: "Ip6FragCreates", sentence: "%llu fragments created", type: "optional" },
  { key: "Ip6FragFails", sentence: "%llu outgoing packets failed fragmentation", type: "optional" },
  { key: "Ip6FragOKs", sentence: "%llu outgoing packets fragmented ok", type: "optional" },
  { key: "Ip6InAddrErrors", sentence: "%llu with invalid addresses", type: "optional" },
  { key: "Ip6InDelivers", sentence: "%llu incoming packets delivered", type: "number" },
  { key: "Ip6InDiscards", sentence: "%llu incoming packets discarded", type: "number" },
  { key: "Ip6InHdrErrors", sentence: "%llu with invalid headers", type: "optional" },
  { key: "Ip6InMcastPkts", sentence: "%llu incoming multicast packets", type: "optional" },
  { key: "Ip6InNoRoutes", sentence: "%llu incoming packets with no route", type: "optional" },
  { key: "Ip6InReceives", sentence: "%llu total packets received", type: "number" },
  { key: "Ip6InTooBigErrors", sentence: "%llu with packets too big", type: "optional" },
  { key: "Ip6InTruncatedPkts", sentence: "%llu with truncated packets", type: "optional" },
  { key: "Ip6InUnknownProtos", sentence: "%llu with unknown protocol", type: "optional" },
  { key: "Ip6OutDiscards", sentence: "%llu outgoing packets dropped", type: "optional" },
  { key: "Ip6OutForwDatagrams", sentence: "%llu forwarded", type: "number" },
  { key: "Ip6OutMcastPkts", sentence: "%llu outgoing multicast packets", type: "optional" },
  { key: "Ip6OutNoRoutes", sentence: "%llu dropped because of missing route", type: "optional" },
  { key: "Ip6OutRequests", sentence: "%llu requests sent out", type: "number" },
  { key: "Ip6ReasmFails", sentence: "%llu packet reassemblies failed", type: "optional" },
  { key: "Ip6ReasmOKs", sentence: "%llu packets reassembled ok", type: "optional" },
  { key: "Ip6ReasmReqds", sentence: "%llu reassemblies required", type: "optional" },
  { key: "Ip6ReasmTimeout", sentence: "%llu fragments dropped after timeout", type: "optional" },
];

const ICMPTAB: readonly Entry[] = [
  { key: "InAddrMaskReps", sentence: "address mask replies: %llu", type: "input" },
  { key: "InAddrMasks", sentence: "address mask request: %llu", type: "input" },
  { key: "InDestUnreachs", sentence: "destination unreachable: %llu", type: "input" },
  { key: "InEchoReps", sentence: "echo replies: %llu", type: "input" },
  { key: "InEchos", sentence: "echo requests: %llu", type: "input" },
  { key: "InErrors", sentence: "%llu input ICMP message failed", type: "number" },
  { key: "InMsgs", sentence: "%llu ICMP messages received", type: "number" },
  { key: "InParmProbs", sentence: "wrong parameters: %llu", type: "input" },
  { key: "InRedirects", sentence: "redirects: %llu", type: "input" },
  { key: "InSrcQuenchs", sentence: "source quenches: %llu", type: "input" },
  { key: "InTimeExcds", sentence: "timeout in transit: %llu", type: "input" },
  { key: "InTimestampReps", sentence: "timestamp reply: %llu", type: "input" },
  { key: "InTimestamps", sentence: "timestamp request: %llu", type: "input" },
  { key: "OutAddrMaskReps", sentence: "address mask replies: %llu", type: "output" },
  { key: "OutAddrMasks", sentence: "address mask requests: %llu", type: "output" },
  { key: "OutDestUnreachs", sentence: "destination unreachable: %llu", type: "output" },
  { key: "OutEchoReps", sentence: "echo replies: %llu", type: "output" },
  { key: "OutEchos", sentence: "echo requests: %llu", type: "output" },
  { key: "OutErrors", sentence: "%llu ICMP messages failed", type: "number" },
  { key: "OutMsgs", sentence: "%llu ICMP messages sent", type: "number" },
  { key: "OutParmProbs", sentence: "wrong parameters: %llu", type: "output" },
  { key: "OutRedirects", sentence: "redirect: %llu", type: "output" },
  { key: "OutSrcQuenchs", sentence: "source quench: %llu", type: "output" },
  { key: "OutTimeExcds", sentence: "time exceeded: %llu", type: "output" },
  { key: "OutTimestampReps", sentence: "timestamp replies: %llu", type: "output" },
  { key: "OutTimestamps", sentence: "timestamp requests: %llu", type: "output" },
];

const ICMP6TAB: readonly Entry[] = [
  { key: "Icmp6InDestUnreachs", sentence: "destination unreachable: %llu", type: "input" },
  { key: "Icmp6InEchoReplies", sentence: "echo replies: %llu", type: "input" },
  { key: "Icmp6InEchos", sentence: "echo requests: %llu", type: "input" },
  { key: "Icmp6InErrors", sentence: "%llu input ICMP message failed", type: "number" },
  { key: "Icmp6InGroupMembQueries", sentence: "group member queries: %llu", type: "input" },
  { key: "Icmp6InGroupMembReductions", sentence: "group member reductions: %llu", type: "input" },
  { key: "Icmp6InGroupMembResponses", sentence: "group member responses: %llu", type: "input" },
  { key: "Icmp6InMsgs", sentence: "%llu ICMP messages received", type: "number" },
  { key: "Icmp6InNeighborAdvertisements", sentence: "neighbour advertisement: %llu", type: "input" },
  { key: "Icmp6InNeighborSolicits", sentence: "neighbour solicits: %llu", type: "input" },
  { key: "Icmp6InParmProblems", sentence: "parameter problem: %llu", type: "input" },
  { key: "Icmp6InPktTooBigs", sentence: "packets too big: %llu", type: "input" },
  { key: "Icmp6InRedirects", sentence: "redirects: %llu", type: "input" },
  { key: "Icmp6InRouterAdvertisements", sentence: "router advertisement: %llu", type: "input" },
  { key: "Icmp6InRouterSolicits", sentence: "router solicits: %llu", type: "input" },
  { key: "Icmp6InTimeExcds", sentence: "received ICMPv6 time exceeded: %llu", type: "input" },
  { key: "Icmp6OutDestUnreachs", sentence: "destination unreachable: %llu", type: "output" },
  { key: "Icmp6OutEchoReplies", sentence: "echo replies: %llu", type: "output" },
  { key: "Icmp6OutEchos", sentence: "echo requests: %llu", type: "output" },
  { key: "Icmp6OutGroupMembQueries", sentence: "group member queries: %llu", type: "output" },
  { key: "Icmp6OutGroupMembReductions", sentence: "group member reductions: %llu", type: "output" },
  { key: "Icmp6OutGroupMembResponses", sentence: "group member responses: %llu", type: "output" },
  { key: "Icmp6OutMsgs", sentence: "%llu ICMP messages sent", type: "number" },
  { key: "Icmp6OutNeighborAdvertisements", sentence: "neighbor advertisements: %llu", type: "output" },
  { key: "Icmp6OutNeighborSolicits", sentence: "neighbor solicits: %llu", type: "output" },
  { key: "Icmp6OutParmProblems", sentence: "parameter problem: %llu", type: "output" },
  { key: "Icmp6OutPktTooBigs", sentence: "packets too big: %llu", type: "output" },
  { key: "Icmp6OutRedirects", sentence: "redirects: %llu", type: "output" },
  { key: "Icmp6OutRouterAdvertisements ", sentence: "router advertisement: %llu", type: "output" },
  { key: "Icmp6OutRouterSolicits", sentence: "router solicits: %llu", type: "output" },
  { key: "Icmp6OutTimeExcds", sentence: "sent ICMPv6 time exceeded: %llu", type: "output" },
];

const TCPTAB: readonly Entry[] = [
  { key: "ActiveOpens", sentence: "%llu active connection openings", type: "number" },
  { key: "AttemptFails", sentence: "%llu failed connection attempts", type: "number" },
  { key: "CurrEstab", sentence: "%llu connections established", type: "number" },
  { key: "EstabResets", sentence: "%llu connection resets received", type: "number" },
  { key: "InErrs", sentence: "%llu bad segments received", type: "number" },
  { key: "InSegs", sentence: "%llu segments received", type: "number" },
  { key: "MaxConn", sentence: "", type: "number" },
  { key: "OutRsts", sentence: "%llu resets sent", type: "number" },
  { key: "OutSegs", sentence: "%llu segments sent out", type: "number" },
  { key: "PassiveOpens", sentence: "%llu passive connection openings", type: "number" },
  { key: "RetransSegs", sentence: "%llu segments retransmitted", type: "number" },
  { key: "RtoAlgorithm", sentence: "RTO algorithm is %s", type: "rto", static: true },
  { key: "RtoMax", sentence: "", type: "number" },
  { key: "RtoMin", sentence: "", type: "number" },
];

const UDPTAB: readonly Entry[] = [
  { key: "InDatagrams", sentence: "%llu packets received", type: "number" },
  { key: "InErrors", sentence: "%llu packet receive errors", type: "number" },
  { key: "NoPorts", sentence: "%llu packets to unknown port received", type: "number" },
  { key: "OutDatagrams", sentence: "%llu packets sent", type: "number" },
  { key: "RcvbufErrors", sentence: "%llu receive buffer errors", type: "number" },
  { key: "SndbufErrors", sentence: "%llu send buffer errors", type: "number" },
];

const UDP6TAB: readonly Entry[] = [
  { key: "Udp6InDatagrams", sentence: "%llu packets received", type: "number" },
  { key: "Udp6InErrors", sentence: "%llu packet receive errors", type: "number" },
  { key: "Udp6NoPorts", sentence: "%llu packets to unknown port received", type: "number" },
  { key: "Udp6OutDatagrams", sentence: "%llu packets sent", type: "number" },
];

const TCPEXTTAB: readonly Entry[] = [
  { key: "DelayedACKLocked", sentence: "%llu delayed acks further delayed because of locked socket", type: "optional" },
  { key: "DelayedACKLost", sentence: "Quick ack mode was activated %llu times", type: "optional" },
  { key: "DelayedACKs", sentence: "%llu delayed acks sent", type: "optional" },
  { key: "EmbryonicRsts", sentence: "%llu resets received for embryonic SYN_RECV sockets", type: "optional" },
  { key: "ListenDrops", sentence: "%llu SYNs to LISTEN sockets dropped", type: "optional" },
  { key: "ListenOverflows", sentence: "%llu times the listen queue of a socket overflowed", type: "optional" },
  { key: "LockDroppedIcmps", sentence: "%llu ICMP packets dropped because socket was locked", type: "optional" },
  { key: "OfoPruned", sentence: "%llu packets dropped from out-of-order queue because of socket buffer overrun", type: "optional" },
  { key: "OutOfWindowIcmps", sentence: "%llu ICMP packets dropped because they were out-of-window", type: "optional" },
  { key: "PAWSActive", sentence: "%llu active connections rejected because of time stamp", type: "optional" },
  { key: "PAWSEstab", sentence: "%llu packets rejected in established connections because of timestamp", type: "optional" },
  { key: "PAWSPassive", sentence: "%llu passive connections rejected because of time stamp", type: "optional" },
  { key: "PruneCalled", sentence: "%llu packets pruned from receive queue because of socket buffer overrun", type: "optional" },
  { key: "RcvPruned", sentence: "%llu packets pruned from receive queue", type: "optional" },
  { key: "SockMallocOOM", sentence: "Ran %llu times out of system memory during packet sending", type: "optional" },
  { key: "SyncookiesFailed", sentence: "%llu invalid SYN cookies received", type: "optional" },
  { key: "SyncookiesRecv", sentence: "%llu SYN cookies received", type: "optional" },
  { key: "SyncookiesSent", sentence: "%llu SYN cookies sent", type: "optional" },
  { key: "TCPAbortFailed", sentence: "%llu times unable to send RST due to no memory", type: "optional" },
  { key: "TCPAbortOnClose", sentence: "%llu connections reset due to early user close", type: "optional" },
  { key: "TCPAbortOnData", sentence: "%llu connections reset due to unexpected data", type: "optional" },
  { key: "TCPAbortOnLinger", sentence: "%llu connections aborted after user close in linger timeout", type: "optional" },
  { key: "TCPAbortOnMemory", sentence: "%llu connections aborted due to memory pressure", type: "optional" },
  { key: "TCPAbortOnSyn", sentence: "%llu connections reset due to unexpected SYN", type: "optional" },
  { key: "TCPAbortOnTimeout", sentence: "%llu connections aborted due to timeout", type: "optional" },
  { key: "TCPDirectCopyFromBacklog", sentence: "%llu bytes directly in process context from backlog", type: "optional" },
  { key: "TCPDirectCopyFromPrequeue", sentence: "%llu bytes directly received in process context from prequeue", type: "optional" },
  { key: "TCPDSACKOfoRecv", sentence: "%llu DSACKs for out of order packets received", type: "optional" },
  { key: "TCPDSACKOfoSent", sentence: "%llu DSACKs sent for out of order packets", type: "optional" },
  { key: "TCPDSACKOldSent", sentence: "%llu DSACKs sent for old packets", type: "optional" },
  { key: "TCPDSACKRecv", sentence: "%llu DSACKs received", type: "optional" },
  { key: "TCPDSackUndo", sentence: "%llu congestion window recovered without slow start using DSACK", type: "optional" },
  { key: "TCPDSACKUndo", sentence: "%llu congestion windows recovered without slow start by DSACK", type: "optional" },
  { key: "TCPFACKReorder", sentence: "Detected reordering %llu times using FACK", type: "optional" },
  { key: "TCPFastRetrans", sentence: "%llu fast retransmits", type: "optional" },
  { key: "TCPForwardRetrans", sentence: "%llu forward retransmits", type: "optional" },
  { key: "TCPFullUndo", sentence: "%llu congestion windows fully recovered without slow start", type: "optional" },
  { key: "TCPHPAcks", sentence: "%llu predicted acknowledgments", type: "optional" },
  { key: "TCPHPHits", sentence: "%llu packet headers predicted", type: "number" },
  { key: "TCPHPHitsToUser", sentence: "%llu packet headers predicted and directly queued to user", type: "optional" },
  { key: "TCPLossFailures", sentence: "%llu timeouts in loss state", type: "optional" },
  { key: "TCPLoss", sentence: "%llu TCP data loss events", type: "optional" },
  { key: "TCPLossUndo", sentence: "%llu congestion windows recovered without slow start after partial ack", type: "optional" },
  { key: "TCPLostRetransmits", sentence: "%llu retransmits lost", type: "optional" },
  { key: "TCPMemoryPressures", sentence: "TCP ran low on memory %llu times", type: "optional" },
  { key: "TCPPartialUndo", sentence: "%llu congestion windows partially recovered using Hoe heuristic", type: "optional" },
  { key: "TCPPrequeued", sentence: "%llu packets directly queued to recvmsg prequeue", type: "optional" },
  { key: "TCPPrequeueDropped", sentence: "%llu packets dropped from prequeue", type: "optional" },
  { key: "TCPPureAcks", sentence: "%llu acknowledgments not containing data payload received", type: "optional" },
  { key: "TCPRcvCollapsed", sentence: "%llu packets collapsed in receive queue due to low socket buffer", type: "optional" },
  { key: "TCPRenoFailures", sentence: "%llu timeouts after reno fast retransmit", type: "optional" },
  { key: "TCPRenoRecoveryFailed", sentence: "%llu reno fast retransmits failed", type: "optional" },
  { key: "TCPRenoRecoveryFail", sentence: "%llu classic Reno fast retransmits failed", type: "optional" },
  { key: "TCPRenoRecovery", sentence: "%llu times recovered from packet loss due to fast retransmit", type: "optional" },
  { key: "TCPRenoReorder", sentence: "Detected reordering %llu times using reno fast retransmit", type: "optional" },
  { key: "TCPSackFailures", sentence: "%llu timeouts after SACK recovery", type: "optional" },
  { key: "TCPSackRecoveryFail", sentence: "%llu SACK retransmits failed", type: "optional" },
  { key: "TCPSackRecovery", sentence: "%llu times recovered from packet loss by selective acknowledgements", type: "optional" },
  { key: "TCPSACKReneging", sentence: "%llu bad SACK blocks received", type: "optional" },
  { key: "TCPSACKReorder", sentence: "Detected reordering %llu times using SACK", type: "optional" },
  { key: "TCPSchedulerFailed", sentence: "%llu times receiver scheduled too late for direct processing", type: "optional" },
  { key: "TCPSlowStartRetrans", sentence: "%llu retransmits in slow start", type: "optional" },
  { key: "TCPTimeouts", sentence: "%llu other TCP timeouts", type: "optional" },
  { key: "TCPTSReorder", sentence: "Detected reordering %llu times using time stamp", type: "optional" },
  { key: "TWKilled", sentence: "%llu TCP sockets finished time wait in slow timer", type: "optional" },
  { key: "TW", sentence: "%llu TCP sockets finished time wait in fast timer", type: "optional" },
  { key: "TWRecycled", sentence: "%llu time wait sockets recycled by time stamp", type: "optional" },
];

const SCTPTAB: readonly Entry[] = [
  { key: "SctpAborteds", sentence: "%llu Number of Aborteds ", type: "number" },
  { key: "SctpActiveEstabs", sentence: "%llu Active Associations", type: "number" },
  { key: "SctpChecksumErrors", sentence: "%llu Number of Packets with invalid Checksum", type: "number" },
  { key: "SctpCurrEstab", sentence: "%llu Current Associations", type: "number" },
  { key: "SctpFragUsrMsgs", sentence: "%llu Number of messages fragmented", type: "number" },
  { key: "SctpInCtrlChunks", sentence: "%llu Number of control chunks received", type: "number" },
  { key: "SctpInOrderChunks", sentence: "%llu Number of ordered chunks received", type: "number" },
  { key: "SctpInSCTPPacks", sentence: "%llu Number of SCTP packets received", type: "number" },
  { key: "SctpInUnorderChunks", sentence: "%llu Number of Unordered chunks received", type: "number" },
  { key: "SctpOutCtrlChunks", sentence: "%llu Number of control chunks sent", type: "number" },
  { key: "SctpOutOfBlues", sentence: "%llu Number of Out of Blue packets", type: "number" },
  { key: "SctpOutOrderChunks", sentence: "%llu Number of ordered chunks sent", type: "number" },
  { key: "SctpOutSCTPPacks", sentence: "%llu Number of SCTP packets sent", type: "number" },
  { key: "SctpOutUnorderChunks", sentence: "%llu Number of Unordered chunks sent", type: "number" },
  { key: "SctpPassiveEstabs", sentence: "%llu Passive Associations", type: "number" },
  { key: "SctpReasmUsrMsgs", sentence: "%llu Number of messages reassembled ", type: "number" },
  { key: "SctpShutdowns", sentence: "%llu Number of Graceful Terminations", type: "number" },
];

/** Sections of /proc/net/snmp, /proc/net/netstat and /proc/net/sctp/snmp. */
export const SNMP_SECTIONS: readonly KnownSection[] = [
  { title: "Ip", entries: IPTAB },
  { title: "Icmp", entries: ICMPTAB },
  { title: "Tcp", entries: TCPTAB },
  { title: "Udp", entries: UDPTAB },
  { title: "Sctp", entries: SCTPTAB },
  { title: "TcpExt", entries: TCPEXTTAB },
];

/** Sections of /proc/net/snmp6 (Tcp6 shares the Tcp sentences). */
export const SNMP6_SECTIONS: readonly KnownSection[] = [
  { title: "Ip6", entries: IP6TAB },
  { title: "Icmp6", entries: ICMP6TAB },
  { title: "Udp6", entries: UDP6TAB },
  { title: "Tcp6", entries: TCPTAB },
];
