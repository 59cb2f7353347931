import { expect, test } from "bun:test";
import { socketInodeOfLink } from "../../src/proc/pid-fd.ts";

const links = [
  { name: "socketInodeOfLink reads socket:[N]", target: "socket:[12345]", inode: 12345 },
  { name: "socketInodeOfLink reads the old [0000]:N form", target: "[0000]:777", inode: 777 },
  { name: "socketInodeOfLink ignores files", target: "/dev/null", inode: undefined },
  { name: "socketInodeOfLink ignores pipes", target: "pipe:[4242]", inode: undefined },
  { name: "socketInodeOfLink ignores an unterminated socket link", target: "socket:[12", inode: undefined },
  { name: "socketInodeOfLink ignores an empty socket number", target: "socket:[]", inode: undefined },
  { name: "socketInodeOfLink ignores a socket number with a non-digit", target: "socket:[12a4]", inode: undefined },
  { name: "socketInodeOfLink ignores text after the closing bracket", target: "socket:[12]x", inode: undefined },
  { name: "socketInodeOfLink ignores targets netstat's 30-byte buffer would cut", target: `socket:[${"9".repeat(21)}]`, inode: undefined },
  { name: "socketInodeOfLink reads the longest target that fits", target: `socket:[${"1".repeat(20)}]`, inode: Number("1".repeat(20)) },
];
for (const c of links) test(c.name, () => expect(socketInodeOfLink(c.target)).toBe(c.inode));
