import { expect, test } from "bun:test";
import { socketInodeOfLink } from "../../src/proc/pid-fd.ts";

const links = [
  { name: "socketInodeOfLink reads socket:[N]", target: "socket:[12345]", inode: 12345 },
  { name: "socketInodeOfLink reads the old [0000]:N form", target: "[0000]:777", inode: 777 },
  { name: "socketInodeOfLink ignores files", target: "/dev/null", inode: undefined },
  { name: "socketInodeOfLink ignores pipes", target: "pipe:[4242]", inode: undefined },
  { name: "socketInodeOfLink ignores an unterminated socket link", target: "socket:[12", inode: undefined },
];
for (const c of links) test(c.name, () => expect(socketInodeOfLink(c.target)).toBe(c.inode));
