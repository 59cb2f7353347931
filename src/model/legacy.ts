/**
 * Sockets of the legacy families netstat still lists: AX.25, NET/ROM, ROSE,
 * X.25 and IPX. Each record holds what netstat takes from its /proc line,
 * after netstat's own cuts of fixed-width fields; the schemas are the source
 * of truth and the types are inferred from them.
 */
import * as v from "valibot";

const Int = v.pipe(v.number(), v.integer());
const Byte = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255));

/** One row of /proc/net/ax25. The destination has its digipeaters stripped, as netstat shows it. */
export const Ax25SocketSchema = v.object({
  kind: v.literal("ax25"),
  destination: v.string(),
  /** The source callsign, with the kernel's `*` when the socket is a digipeater. */
  source: v.string(),
  device: v.string(),
  state: Int,
  vs: Int,
  vr: Int,
  sendQueue: Int,
  recvQueue: Int,
});
export type Ax25Socket = Readonly<v.InferOutput<typeof Ax25SocketSchema>>;

/** One row of /proc/net/nr. */
export const NetromSocketSchema = v.object({
  kind: v.literal("netrom"),
  user: v.string(),
  destination: v.string(),
  source: v.string(),
  device: v.string(),
  state: Int,
  vs: Int,
  vr: Int,
  sendQueue: Int,
  recvQueue: Int,
});
export type NetromSocket = Readonly<v.InferOutput<typeof NetromSocketSchema>>;

/** One row of /proc/net/rose. `lci` is the kernel's hex field read as decimal, as netstat reads it. */
export const RoseSocketSchema = v.object({
  kind: v.literal("rose"),
  destinationAddress: v.string(),
  destinationCall: v.string(),
  sourceAddress: v.string(),
  sourceCall: v.string(),
  device: v.string(),
  lci: Int,
  neighbour: Int,
  state: Int,
});
export type RoseSocket = Readonly<v.InferOutput<typeof RoseSocketSchema>>;

/** One row of /proc/net/x25. `lci` is the kernel's hex field read as decimal, as netstat reads it. */
export const X25SocketSchema = v.object({
  kind: v.literal("x25"),
  destination: v.string(),
  source: v.string(),
  device: v.string(),
  lci: Int,
  state: Int,
  vs: Int,
  vr: Int,
  sendQueue: Int,
  recvQueue: Int,
});
export type X25Socket = Readonly<v.InferOutput<typeof X25SocketSchema>>;

/** An IPX address: 32-bit network number, 6-byte node, 16-bit port. */
export const IpxAddressSchema = v.object({
  network: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff)),
  node: v.pipe(v.array(Byte), v.length(6)),
  port: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffff)),
});
export type IpxAddress = Readonly<v.InferOutput<typeof IpxAddressSchema>>;

/** One row of /proc/net/ipx/socket. `remote` is null for `Not_Connected`. */
export const IpxSocketSchema = v.object({
  kind: v.literal("ipx"),
  local: IpxAddressSchema,
  remote: v.nullable(IpxAddressSchema),
  txQueue: Int,
  rxQueue: Int,
  state: Int,
  uid: Int,
});
export type IpxSocket = Readonly<v.InferOutput<typeof IpxSocketSchema>>;

/** Any legacy-family socket. */
export type LegacySocket = Ax25Socket | NetromSocket | RoseSocket | X25Socket | IpxSocket;
