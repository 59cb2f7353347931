import { expect, test } from "bun:test";
import { namespaceInodeOfLink } from "../../src/proc/ns-link.ts";

const cases = [
  { name: "a net link", target: "net:[4026531840]", type: "net", want: 4026531840 },
  { name: "a link of another type", target: "mnt:[4026531841]", type: "net", want: undefined },
  { name: "a mnt link when asked for mnt", target: "mnt:[4026531841]", type: "mnt", want: 4026531841 },
  { name: "a socket link", target: "socket:[123]", type: "net", want: undefined },
  { name: "garbage", target: "net:[12", type: "net", want: undefined },
] as const;

for (const c of cases) {
  test(`namespaceInodeOfLink reads ${c.name}`, () => {
    expect(namespaceInodeOfLink(c.target, c.type)).toBe(c.want);
  });
}
