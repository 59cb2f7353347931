import { expect, test } from "bun:test";
import { parseResolvConf } from "../../src/resolve/resolv-conf.ts";

const cases = [
  { name: "parseResolvConf defaults to the local server, 5 s and 2 attempts", text: "", want: { nameservers: ["127.0.0.1"], timeoutMs: 5000, attempts: 2 } },
  {
    name: "parseResolvConf keeps the first three nameservers and reads options",
    text: "# c\nnameserver 198.51.100.53\nnameserver 2001:db8::53\nnameserver 203.0.113.1\nnameserver 203.0.113.2\noptions timeout:1 attempts:3 rotate\n",
    want: { nameservers: ["198.51.100.53", "2001:db8::53", "203.0.113.1"], timeoutMs: 1000, attempts: 3 },
  },
  { name: "parseResolvConf skips a nameserver that is not an address", text: "nameserver dns.example\n", want: { nameservers: ["127.0.0.1"], timeoutMs: 5000, attempts: 2 } },
  { name: "parseResolvConf drops an IPv6 zone", text: "nameserver fe80::1%eth0\n", want: { nameservers: ["fe80::1"], timeoutMs: 5000, attempts: 2 } },
];
for (const c of cases) test(c.name, () => expect(parseResolvConf(c.text)).toEqual(c.want));
