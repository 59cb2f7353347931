/**
 * Network namespaces and the containers they belong to: which namespaces a
 * run reads, and the label every record read from one of them carries.
 */
import * as v from "valibot";

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Which network namespaces a run reads: the reader's own, one named or found by path, one by pid, or all. */
export const NetnsSelectionSchema = v.variant("kind", [
  v.object({ kind: v.literal("name"), value: v.pipe(v.string(), v.minLength(1, "expected a namespace name or path")) }),
  v.object({ kind: v.literal("pid"), pid: v.pipe(Count, v.minValue(1, "expected a process id")) }),
  v.object({ kind: v.literal("all") }),
]);
export type NetnsSelection = v.InferOutput<typeof NetnsSelectionSchema>;

/** Container engines recognised from cgroup paths; `kubernetes` when only the kubepods layout names it. */
export const ContainerRuntimeSchema = v.picklist(["docker", "containerd", "cri-o", "podman", "kubernetes", "lxc"]);
export type ContainerRuntime = v.InferOutput<typeof ContainerRuntimeSchema>;

/** A container as its cgroup path names it. */
export const ContainerRefSchema = v.object({
  runtime: ContainerRuntimeSchema,
  id: v.string(),
  /** The Kubernetes pod UID (with dashes), when the path lies under kubepods. */
  podUid: v.nullable(v.string()),
});
export type ContainerRef = Readonly<v.InferOutput<typeof ContainerRefSchema>>;

/** The label of every record read from one namespace. */
export const NetnsLabelSchema = v.object({
  /** The namespace's nsfs inode, as in `net:[INODE]`. */
  netns: Count,
  /** Its names under /run/netns, if any. */
  names: v.array(v.string()),
  /** The container of the process the namespace was read through, if its cgroup names one. */
  container: v.nullable(ContainerRefSchema),
  /** The process whose /proc/PID/net files were read. */
  pid: Count,
});
export type NetnsLabel = Readonly<v.InferOutput<typeof NetnsLabelSchema>>;

/** Why a socket has (or lacks) an owning process. */
export const AttributionSchema = v.picklist(["ok", "permission", "hidden", "orphan", "gone"]);
export type Attribution = v.InferOutput<typeof AttributionSchema>;
