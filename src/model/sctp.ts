/** SCTP endpoints and associations from /proc/net/sctp. */
import * as v from "valibot";

const Count = v.pipe(v.number(), v.integer());

/** One address of an endpoint or association. */
export const SctpAddressSchema = v.object({
  family: v.picklist(["inet", "inet6"]),
  address: v.string(),
  /** Marked `*` by the kernel: the association's primary path. */
  primary: v.boolean(),
});
export type SctpAddress = Readonly<v.InferOutput<typeof SctpAddressSchema>>;

/** A listening SCTP endpoint (/proc/net/sctp/eps). */
export const SctpEndpointSchema = v.object({
  kind: v.literal("sctp-endpoint"),
  state: Count,
  localPort: Count,
  uid: Count,
  inode: Count,
  localAddresses: v.array(SctpAddressSchema),
});
export type SctpEndpoint = Readonly<v.InferOutput<typeof SctpEndpointSchema>>;

/** An SCTP association (/proc/net/sctp/assocs). */
export const SctpAssociationSchema = v.object({
  kind: v.literal("sctp-association"),
  state: Count,
  txQueue: Count,
  rxQueue: Count,
  uid: Count,
  inode: Count,
  localPort: Count,
  remotePort: Count,
  localAddresses: v.array(SctpAddressSchema),
  remoteAddresses: v.array(SctpAddressSchema),
});
export type SctpAssociation = Readonly<v.InferOutput<typeof SctpAssociationSchema>>;
