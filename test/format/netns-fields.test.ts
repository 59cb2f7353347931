import { expect, test } from "bun:test";
import { netnsFields, withNetnsFields } from "../../src/format/netns-fields.ts";

const id = "e2b7a6f1c09d48f3b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
const cases = [
  {
    name: "a host namespace",
    label: { netns: 4026531840, names: [], container: null, pid: 1 },
    want: { netns: 4026531840, netns_name: null, container_id: null, container_runtime: null, pod_uid: null },
  },
  {
    name: "a named namespace, by its first name",
    label: { netns: 5, names: ["blue", "alias"], container: null, pid: 2 },
    want: { netns: 5, netns_name: "blue", container_id: null, container_runtime: null, pod_uid: null },
  },
  {
    name: "a pod's container",
    label: { netns: 6, names: [], container: { runtime: "cri-o" as const, id, podUid: "0c4b8f6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f" }, pid: 3 },
    want: { netns: 6, netns_name: null, container_id: id, container_runtime: "cri-o", pod_uid: "0c4b8f6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f" },
  },
];

for (const c of cases) {
  test(`netnsFields labels ${c.name}`, () => {
    expect(netnsFields(c.label)).toEqual(c.want);
  });
}

test("withNetnsFields appends the label fields to any record", () => {
  const label = cases[1]!.label;
  expect(withNetnsFields({ kind: "route", iface: "vp0" }, label)).toEqual({ kind: "route", iface: "vp0", ...cases[1]!.want });
  expect(Object.keys(withNetnsFields({ kind: "route" }, label))[0]).toBe("kind");
});

test("withNetnsFields leaves a record without a chosen namespace untouched", () => {
  const record = { kind: "route", iface: "vp0" };
  expect(withNetnsFields(record, undefined)).toBe(record);
});
