/** Multicast group memberships from /proc/net/igmp and /proc/net/igmp6. */
import * as v from "valibot";

/** One membership: the device, the number of users and the numeric group address. */
export const GroupSchema = v.object({
  kind: v.literal("group"),
  family: v.picklist(["inet", "inet6"]),
  device: v.string(),
  users: v.pipe(v.number(), v.integer()),
  address: v.string(),
});
export type Group = v.InferOutput<typeof GroupSchema>;
