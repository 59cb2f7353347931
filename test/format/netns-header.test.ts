import { expect, test } from "bun:test";
import { netnsHeader } from "../../src/format/netns-header.ts";

const id = "e2b7a6f1c09d48f3b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
const cases = [
  { name: "a bare namespace", label: { netns: 4026531840, names: [], container: null, pid: 1 }, want: "Network namespace 4026531840 (pid 1)\n" },
  {
    name: "a named namespace",
    label: { netns: 4026532301, names: ["blue", "alias"], container: null, pid: 40 },
    want: "Network namespace 4026532301 (name blue, name alias, pid 40)\n",
  },
  {
    name: "a pod's container",
    label: { netns: 7, names: [], container: { runtime: "containerd", id, podUid: "0c4b8f6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f" }, pid: 9 },
    want: `Network namespace 7 (container containerd ${id}, pod 0c4b8f6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f, pid 9)\n`,
  },
  {
    name: "a name with control bytes, made terminal-safe",
    label: { netns: 8, names: ["evil\x1b[2Jname"], container: { runtime: "lxc", id: "a\nb", podUid: null }, pid: 3 },
    want: "Network namespace 8 (name evil.[2Jname, container lxc a.b, pid 3)\n",
  },
] as const;

for (const c of cases) {
  test(`netnsHeader labels ${c.name}`, () => {
    expect(netnsHeader({ ...c.label, names: [...c.label.names] })).toBe(c.want);
  });
}
