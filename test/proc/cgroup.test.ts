import { describe, expect, test } from "bun:test";
import { containerOfCgroup, containerOfPath, parseCgroup } from "../../src/proc/cgroup.ts";

// Real-looking ids: 64 hex digits for engines, RFC 4122 UIDs for pods.
const docker = "3f4b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";
const inner = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const containerd = "e2b7a6f1c09d48f3b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
const crio = "8c1f0e2d3b4a59687f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180";
const podman = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";
const podUid = "0c4b8f6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f";
const podSlice = podUid.replaceAll("-", "_");
const staticPod = "6d8b5c2f1e0a4b3c9d8e7f6a5b4c3d2e";

const v1 = (path: string): string =>
  [
    `12:hugetlb:${path}`,
    `11:memory:${path}`,
    `10:cpu,cpuacct:${path}`,
    `9:net_cls,net_prio:${path}`,
    `8:pids:${path}`,
    `1:name=systemd:${path}`,
    "0::/",
    "",
  ].join("\n");

const cases = [
  { name: "docker with the cgroupfs driver (v1, multi-line)", text: v1(`/docker/${docker}`), want: { runtime: "docker", id: docker, podUid: null } },
  { name: "docker with the cgroupfs driver (v2)", text: `0::/docker/${docker}\n`, want: { runtime: "docker", id: docker, podUid: null } },
  { name: "docker with the systemd driver", text: `0::/system.slice/docker-${docker}.scope\n`, want: { runtime: "docker", id: docker, podUid: null } },
  { name: "docker with the systemd driver (v1)", text: v1(`/system.slice/docker-${docker}.scope`), want: { runtime: "docker", id: docker, podUid: null } },
  { name: "docker in docker names the inner container", text: `0::/docker/${docker}/docker/${inner}\n`, want: { runtime: "docker", id: inner, podUid: null } },
  { name: "docker with a systemd inside the container", text: `0::/system.slice/docker-${docker}.scope/init.scope\n`, want: { runtime: "docker", id: docker, podUid: null } },
  {
    name: "kubepods with the cgroupfs driver (v1)",
    text: v1(`/kubepods/besteffort/pod${podUid}/${containerd}`),
    want: { runtime: "kubernetes", id: containerd, podUid },
  },
  {
    name: "kubepods guaranteed pod with the cgroupfs driver",
    text: `0::/kubepods/pod${podUid}/${containerd}\n`,
    want: { runtime: "kubernetes", id: containerd, podUid },
  },
  {
    name: "containerd under systemd kubepods burstable slices",
    text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${podSlice}.slice/cri-containerd-${containerd}.scope\n`,
    want: { runtime: "containerd", id: containerd, podUid },
  },
  {
    name: "containerd under systemd kubepods guaranteed slice",
    text: `0::/kubepods.slice/kubepods-pod${podSlice}.slice/cri-containerd-${containerd}.scope\n`,
    want: { runtime: "containerd", id: containerd, podUid },
  },
  {
    name: "containerd under kubepods slices in cgroup v1 files",
    text: v1(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${podSlice}.slice/cri-containerd-${containerd}.scope`),
    want: { runtime: "containerd", id: containerd, podUid },
  },
  {
    name: "containerd static pod with a hash UID",
    text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${staticPod}.slice/cri-containerd-${containerd}.scope\n`,
    want: { runtime: "containerd", id: containerd, podUid: staticPod },
  },
  { name: "containerd without Kubernetes (nerdctl)", text: `0::/system.slice/nerdctl-${containerd}.scope\n`, want: { runtime: "containerd", id: containerd, podUid: null } },
  {
    name: "cri-o under systemd kubepods slices",
    text: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${podSlice}.slice/crio-${crio}.scope\n`,
    want: { runtime: "cri-o", id: crio, podUid },
  },
  { name: "cri-o with the cgroupfs driver", text: `0::/kubepods/burstable/pod${podUid}/crio-${crio}\n`, want: { runtime: "cri-o", id: crio, podUid } },
  {
    name: "cri-o's conmon monitor is no container",
    text: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${podSlice}.slice/crio-conmon-${crio}.scope\n`,
    want: undefined,
  },
  { name: "podman rootful under machine.slice", text: `0::/machine.slice/libpod-${podman}.scope\n`, want: { runtime: "podman", id: podman, podUid: null } },
  { name: "podman with its inner container cgroup", text: `0::/machine.slice/libpod-${podman}.scope/container\n`, want: { runtime: "podman", id: podman, podUid: null } },
  {
    name: "podman rootless under the user's slice",
    text: `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${podman}.scope\n`,
    want: { runtime: "podman", id: podman, podUid: null },
  },
  { name: "podman with the cgroupfs manager (v1)", text: v1(`/libpod_parent/libpod-${podman}`), want: { runtime: "podman", id: podman, podUid: null } },
  { name: "podman's conmon is no container", text: `0::/machine.slice/libpod-conmon-${podman}.scope\n`, want: undefined },
  { name: "lxc payload", text: "0::/lxc.payload.web1/init.scope\n", want: { runtime: "lxc", id: "web1", podUid: null } },
  { name: "lxc with cgroup v1", text: v1("/lxc/web1"), want: { runtime: "lxc", id: "web1", podUid: null } },
  { name: "host init", text: "0::/init.scope\n", want: undefined },
  { name: "host service", text: "0::/system.slice/docker.service\n", want: undefined },
  { name: "root cgroup (or a cgroup namespace)", text: "0::/\n", want: undefined },
  { name: "v1 host process", text: v1("/user.slice/user-0.slice/session-3.scope"), want: undefined },
  { name: "kubepods pod slice without a container", text: `0::/kubepods.slice/kubepods-pod${podSlice}.slice\n`, want: undefined },
  { name: "empty file", text: "", want: undefined },
] as const;

describe("containerOfCgroup", () => {
  for (const c of cases) {
    test(`containerOfCgroup recognises ${c.name}`, () => {
      expect(containerOfCgroup(c.text)).toEqual(c.want);
    });
  }

  test("containerOfCgroup prefers the v2 line over v1 lines", () => {
    const text = `4:memory:/docker/${inner}\n0::/system.slice/docker-${docker}.scope\n`;
    expect(containerOfCgroup(text)?.id).toBe(docker);
  });

  test("containerOfCgroup reads the v1 lines when the v2 line names nothing", () => {
    expect(containerOfCgroup(v1(`/docker/${docker}`))?.id).toBe(docker);
  });
});

describe("parseCgroup", () => {
  test("parseCgroup splits hierarchy, controllers and path, keeping colons in the path", () => {
    expect(parseCgroup("10:cpu,cpuacct:/a:b\n0::/\nbroken\n1:name=systemd:/x")).toEqual([
      { hierarchy: 10, controllers: ["cpu", "cpuacct"], path: "/a:b" },
      { hierarchy: 0, controllers: [], path: "/" },
      { hierarchy: 1, controllers: ["name=systemd"], path: "/x" },
    ]);
  });

  test("containerOfPath ignores a 64-hex segment outside any container layout", () => {
    expect(containerOfPath(`/system.slice/${docker}`)).toBeUndefined();
  });
});
