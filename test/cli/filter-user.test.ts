import { describe, expect, test } from "bun:test";
import { resolveUserFilter } from "../../src/cli/filter-user.ts";

/** The UTF-8 bytes of `text`, one character per byte, as arguments and /etc/passwd both arrive. */
const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");
const passwd = utf8("root:x:0:0:root:/root:/bin/sh\njosé:x:1234:1234::/home/josé:/bin/sh\n") + "caf\xe9:x:1235:1235::/:/bin/sh\n";

const cases = [
  { name: "resolveUserFilter finds a user named in UTF-8", user: utf8("josé"), want: { uid: 1234 } },
  { name: "resolveUserFilter finds a user whose name is not UTF-8, byte for byte", user: "caf\xe9", want: { uid: 1235 } },
  { name: "resolveUserFilter takes a uid as it is", user: "4242", want: { uid: 4242 } },
  {
    name: "resolveUserFilter echoes an unknown UTF-8 name as typed",
    user: utf8("zoë"),
    want: { error: `netstat-stream: Invalid --user value '${utf8("zoë")}': no such user in /etc/passwd\n` },
  },
  {
    name: "resolveUserFilter echoes an unknown name with its control bytes as dots",
    user: "\x1b[2J\n",
    want: { error: "netstat-stream: Invalid --user value '.[2J.': no such user in /etc/passwd\n" },
  },
] as const;

describe("resolveUserFilter", () => {
  for (const c of cases) test(c.name, () => expect(resolveUserFilter(c.user, () => passwd)).toEqual(c.want));
});
