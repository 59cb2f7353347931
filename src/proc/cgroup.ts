/**
 * /proc/PID/cgroup: `HIERARCHY:CONTROLLERS:PATH` lines (one `0::PATH` line
 * on cgroup v2, one per hierarchy on v1), and the container a path names.
 */
import type { ContainerRef, ContainerRuntime } from "../model/netns.ts";

/** One line of /proc/PID/cgroup. */
export interface CgroupLine {
  readonly hierarchy: number;
  /** Controller names; empty for the v2 hierarchy (`0::`), `name=systemd` for systemd's v1 one. */
  readonly controllers: readonly string[];
  readonly path: string;
}

/** Parses /proc/PID/cgroup; lines without two colons are skipped. */
export function parseCgroup(text: string): readonly CgroupLine[] {
  const lines: CgroupLine[] = [];
  for (const line of text.split("\n")) {
    const first = line.indexOf(":");
    const second = first === -1 ? -1 : line.indexOf(":", first + 1);
    if (second === -1) continue;
    const hierarchy = Number(line.slice(0, first));
    if (!Number.isInteger(hierarchy)) continue;
    const controllers = line.slice(first + 1, second);
    lines.push({ hierarchy, controllers: controllers === "" ? [] : controllers.split(","), path: line.slice(second + 1) });
  }
  return lines;
}

const ID = "[0-9a-f]{64}";

/** Path segments that name a container by themselves, with the engine each one means. */
const SCOPE_SEGMENTS: readonly (readonly [RegExp, ContainerRuntime])[] = [
  [new RegExp(`^docker-(${ID})\\.scope$`), "docker"],
  [new RegExp(`^cri-containerd-(${ID})\\.scope$`), "containerd"],
  [new RegExp(`^nerdctl-(${ID})\\.scope$`), "containerd"],
  // `crio-conmon-ID` and `libpod-conmon-ID` are the monitors, which live outside the container.
  [new RegExp(`^crio-(${ID})(?:\\.scope)?$`), "cri-o"],
  [new RegExp(`^libpod-(${ID})(?:\\.scope)?$`), "podman"],
  [/^lxc\.payload\.(.+)$/, "lxc"],
];

/** Parent segments under which a bare segment is a container id or name. */
const PARENT_SEGMENTS: Readonly<Record<string, readonly [RegExp, ContainerRuntime]>> = {
  docker: [new RegExp(`^(${ID})$`), "docker"],
  moby: [new RegExp(`^(${ID})$`), "docker"],
  lxc: [/^(.+)$/, "lxc"],
};

const POD = /^(?:kubepods(?:-[a-z]+)?-)?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}|[0-9a-f]{32})(?:\.slice)?$/;
const BARE_ID = new RegExp(`^${ID}$`);

function podUidOf(segments: readonly string[]): string | null {
  if (!segments.some((s) => s.startsWith("kubepods"))) return null;
  for (const segment of segments) {
    const m = POD.exec(segment);
    // The systemd driver escapes the UID's dashes as underscores in slice names.
    if (m !== null) return m[1]!.replaceAll("_", "-");
  }
  return null;
}

/** The innermost container a cgroup path names, or undefined (host processes, `/`, services). */
export function containerOfPath(path: string): ContainerRef | undefined {
  const segments = path.split("/").filter((s) => s !== "");
  const podUid = podUidOf(segments);
  // From the end, so that a container nested in another (docker in docker) is the one named.
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    for (const [re, runtime] of SCOPE_SEGMENTS) {
      const m = re.exec(segment);
      if (m !== null) return { runtime, id: m[1]!, podUid };
    }
    const parent = i > 0 ? PARENT_SEGMENTS[segments[i - 1]!] : undefined;
    const byParent = parent?.[0].exec(segment);
    if (parent !== undefined && byParent != null) return { runtime: parent[1], id: byParent[1]!, podUid };
    if (podUid !== null && BARE_ID.test(segment)) return { runtime: "kubernetes", id: segment, podUid };
  }
  return undefined;
}

/** The container named by /proc/PID/cgroup: the v2 line first, then the v1 lines in file order. */
export function containerOfCgroup(text: string): ContainerRef | undefined {
  const lines = parseCgroup(text);
  const ordered = [...lines.filter((l) => l.hierarchy === 0), ...lines.filter((l) => l.hierarchy !== 0)];
  for (const line of ordered) {
    const found = containerOfPath(line.path);
    if (found !== undefined) return found;
  }
  return undefined;
}
