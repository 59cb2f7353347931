/**
 * Network interfaces as netstat's `-i` shows them: kernel flags and
 * settings (from interface ioctls, or /sys when those are unavailable),
 * IPv4 and IPv6 addresses, and the /proc/net/dev counters.
 */
import * as v from "valibot";

const Int = v.pipe(v.number(), v.integer());
const Counter = v.pipe(v.bigint(), v.minValue(0n));

/** The counters of one /proc/net/dev row. */
export const InterfaceStatsSchema = v.object({
  rxBytes: Counter,
  rxPackets: Counter,
  rxErrors: Counter,
  rxDropped: Counter,
  rxFifo: Counter,
  rxFrame: Counter,
  rxCompressed: Counter,
  rxMulticast: Counter,
  txBytes: Counter,
  txPackets: Counter,
  txErrors: Counter,
  txDropped: Counter,
  txFifo: Counter,
  collisions: Counter,
  txCarrier: Counter,
  txCompressed: Counter,
});
export type InterfaceStats = v.InferOutput<typeof InterfaceStatsSchema>;

/** One /proc/net/if_inet6 address. */
export const Ipv6AddressSchema = v.object({
  address: v.string(),
  prefixLength: Int,
  /** The kernel's IPV6_ADDR_* scope bits. */
  scope: Int,
});
export type Ipv6Address = v.InferOutput<typeof Ipv6AddressSchema>;

/** The device map (SIOCGIFMAP); zero for virtual devices. */
export const DeviceMapSchema = v.object({
  memStart: v.bigint(),
  memEnd: v.bigint(),
  baseAddress: Int,
  irq: Int,
  dma: Int,
});
export type DeviceMap = v.InferOutput<typeof DeviceMapSchema>;

/** One interface, or alias label (`eth0:1`), in netstat's list. */
export const InterfaceSchema = v.object({
  kind: v.literal("interface"),
  name: v.string(),
  /** IFF_* flags as the kernel reports them (a signed 16-bit word). */
  flags: Int,
  mtu: Int,
  /** -1 when unknown. */
  txQueueLength: Int,
  /** The ARPHRD_* hardware type as a signed 16-bit number. */
  hardwareType: Int,
  /** The first 16 bytes of the hardware address (only the type's own length is meaningful). */
  hardwareAddress: v.array(Int),
  map: DeviceMapSchema,
  ipv4: v.optional(
    v.object({ address: v.string(), netmask: v.string(), broadcast: v.string(), destination: v.string() }),
  ),
  ipv6: v.array(Ipv6AddressSchema),
  /** Absent for alias labels, which have no /proc/net/dev row. */
  stats: v.optional(InterfaceStatsSchema),
});
export type Interface = v.InferOutput<typeof InterfaceSchema>;

/** The IFF_* flag bits netstat decodes. */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  DYNAMIC: 0x8000,
} as const;
