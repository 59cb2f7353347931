/**
 * The `--json` / `--format table` records of netstat's other modes: routes
 * (`-r`), interfaces (`-i`), multicast groups (`-g`) and protocol counters
 * (`-s`), and `--summary`'s. Field names follow jc's `--netstat` route and interface records
 * where jc has them (and jc's `--ifconfig` names for what only `-ie`
 * shows); the extra fields carry the raw numbers. These schemas are the
 * source of the published JSON Schema (`--schema`).
 */
import * as v from "valibot";
import { NetnsEntries, TimestampSchema } from "./record.ts";
import { SummaryRecordSchema } from "./summary.ts";
import { CountRecordSchema } from "./count.ts";

const Int = v.pipe(v.number(), v.integer());
/** An unsigned 64-bit kernel counter; NDJSON writes it as an exact integer. */
const Counter = v.pipe(v.bigint(), v.minValue(0n), v.maxValue((1n << 64n) - 1n));
const Family = v.picklist(["inet", "inet6"]);

/** Fields every route record has, whichever the family. */
const RouteEntries = {
  kind: v.literal("route"),
  /** `fib` for the routing table, `cache` for the routing cache (`-C`). */
  table: v.picklist(["fib", "cache"]),
  /** The Destination column as netstat shows it, never truncated (`default`, a name, or `fd00::/64` for IPv6). */
  destination: v.string(),
  /** The destination address as a number. */
  destination_ip: v.string(),
  /** The destination's prefix length; null for an IPv4 mask that is not contiguous. */
  prefix_length: v.nullable(Int),
  /** The Gateway column (IPv6: Next Hop) as netstat shows it. */
  gateway: v.string(),
  gateway_ip: v.string(),
  /** The flag letters netstat prints (Flags/Flag column). */
  route_flags: v.string(),
  /** The same flags, one name per letter in the same order (`UP`, `GATEWAY`, `REJECT`, ...). */
  route_flags_pretty: v.array(v.string()),
  /** The kernel's RTF_* word. */
  route_flags_num: Int,
  metric: Int,
  /** The Ref column. */
  route_refs: Int,
  use: Int,
  iface: v.string(),
};

/** One IPv4 route from /proc/net/route. */
export const Ipv4RouteRecordSchema = v.strictObject({
  ...RouteEntries,
  family: v.literal("inet"),
  genmask: v.string(),
  /** The MSS column (the kernel's MTU field). */
  mss: Int,
  window: Int,
  irtt: Int,
});
export type Ipv4RouteRecord = v.InferOutput<typeof Ipv4RouteRecordSchema>;

/** One IPv6 route from /proc/net/ipv6_route. */
export const Ipv6RouteRecordSchema = v.strictObject({
  ...RouteEntries,
  family: v.literal("inet6"),
  /** The source prefix of a source-specific route (`::` and 0 for most routes). */
  source_ip: v.string(),
  source_prefix_length: Int,
});
export type Ipv6RouteRecord = v.InferOutput<typeof Ipv6RouteRecordSchema>;

export type RouteRecord = Ipv4RouteRecord | Ipv6RouteRecord;

/** One IPv6 address of an interface, as `-ie` shows it. */
export const InterfaceIpv6Schema = v.strictObject({
  address: v.string(),
  /** The prefix length (jc's ifconfig calls it `mask`). */
  mask: Int,
  /** netstat's `scopeid` in hex, as jc's ifconfig parser gives it (`0x20`). */
  scope: v.string(),
  /** The scope names netstat prints between `<` and `>` (`global`, `link`, `host`, `site`, `compat`), comma-joined. */
  type: v.string(),
  /** The kernel's IPV6_ADDR_* scope bits as a number. */
  scope_id: Int,
});

const OptionalCounter = v.nullable(Counter);

/** One interface or alias label: the `-i` row's fields plus what `-ie` shows. Counters are null for alias labels. */
export const InterfaceRecordSchema = v.strictObject({
  kind: v.literal("interface"),
  /** The name (jc's netstat parser calls it `iface`, its ifconfig parser `name`). */
  iface: v.string(),
  name: v.string(),
  mtu: Int,
  rx_ok: OptionalCounter,
  rx_err: OptionalCounter,
  rx_drp: OptionalCounter,
  rx_ovr: OptionalCounter,
  tx_ok: OptionalCounter,
  tx_err: OptionalCounter,
  tx_drp: OptionalCounter,
  tx_ovr: OptionalCounter,
  /** The Flg column's letters (`BMRU`), or `[NO FLAGS]`. */
  flg: v.string(),
  /** The kernel's IFF_* word. */
  flags: Int,
  /** The flag names of `-ie` (`UP`, `BROADCAST`, `RUNNING`, ...). */
  state: v.array(v.string()),
  /** The hardware type's title (`Ethernet`, `Local Loopback`, `UNSPEC`). */
  type: v.string(),
  /** The ARPHRD_* number. */
  hw_type: Int,
  /** The hardware address as `-ie` prints it; null when it prints none. */
  mac_addr: v.nullable(v.string()),
  /** null when the kernel does not say. */
  txqueuelen: v.nullable(Int),
  ipv4_addr: v.nullable(v.string()),
  ipv4_mask: v.nullable(v.string()),
  /** Only for broadcast interfaces, as `-ie` shows it. */
  ipv4_bcast: v.nullable(v.string()),
  /** Only for point-to-point interfaces. */
  ipv4_dest: v.nullable(v.string()),
  /** The IPv4 address as jc's ifconfig parser lists it: none or one entry. */
  ipv4: v.array(v.strictObject({ address: v.string(), mask: v.string(), broadcast: v.nullable(v.string()) })),
  ipv6: v.array(InterfaceIpv6Schema),
  rx_packets: OptionalCounter,
  rx_bytes: OptionalCounter,
  rx_errors: OptionalCounter,
  rx_dropped: OptionalCounter,
  rx_overruns: OptionalCounter,
  rx_frame: OptionalCounter,
  rx_compressed: OptionalCounter,
  rx_multicast: OptionalCounter,
  tx_packets: OptionalCounter,
  tx_bytes: OptionalCounter,
  tx_errors: OptionalCounter,
  tx_dropped: OptionalCounter,
  tx_overruns: OptionalCounter,
  tx_carrier: OptionalCounter,
  tx_collisions: OptionalCounter,
  tx_compressed: OptionalCounter,
});
export type InterfaceRecord = v.InferOutput<typeof InterfaceRecordSchema>;

/** One multicast group membership (`-g`). */
export const GroupRecordSchema = v.strictObject({
  kind: v.literal("group"),
  family: Family,
  /** The Interface column. */
  iface: v.string(),
  /** The RefCnt column: how many sockets joined the group on that interface. */
  refcnt: Int,
  /** The Group column as netstat shows it (a name unless -n). */
  group: v.string(),
  group_ip: v.string(),
});
export type GroupRecord = v.InferOutput<typeof GroupRecordSchema>;

/** One protocol counter (`-s`). */
export const StatisticRecordSchema = v.strictObject({
  kind: v.literal("statistic"),
  /** The section title (`Ip`, `Tcp`, `TcpExt`, `Icmp6`, `Sctp`, ...). */
  section: v.string(),
  /** The kernel's counter name. */
  key: v.string(),
  /** The kernel's value read as an unsigned 64-bit number (so Tcp MaxConn's -1 is 18446744073709551615). */
  value: Counter,
  /** The /proc/net file it came from. */
  file: v.picklist(["snmp", "netstat", "snmp6", "sctp"]),
});
export type StatisticRecord = v.InferOutput<typeof StatisticRecordSchema>;

/** Any record of these modes. */
export type ModeRecord = RouteRecord | InterfaceRecord | GroupRecord | StatisticRecord;

const Stamped = { ts: v.optional(TimestampSchema) };

/**
 * The published schemas of these modes, by name: the record, the namespace fields that
 * `--netns`, `--netns-pid` and `--all-netns` add (as on socket records), and `ts` under `-c`.
 */
export const MODE_SCHEMAS = {
  Ipv4Route: v.strictObject({ ...Ipv4RouteRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Ipv6Route: v.strictObject({ ...Ipv6RouteRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Interface: v.strictObject({ ...InterfaceRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Group: v.strictObject({ ...GroupRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Statistic: v.strictObject({ ...StatisticRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Summary: v.strictObject({ ...SummaryRecordSchema.entries, ...NetnsEntries, ...Stamped }),
  Count: CountRecordSchema,
} as const;
