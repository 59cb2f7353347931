import { expect, test } from "bun:test";
import { parseHosts } from "../../src/resolve/etc-hosts.ts";
import { parseNetworks } from "../../src/resolve/etc-networks.ts";
import { parsePasswd } from "../../src/resolve/etc-passwd.ts";
import { parseServiceTables } from "../../src/resolve/etc-services.ts";

test("parseHosts gives the first name of the first line for an address", () => {
  const hosts = parseHosts("# comment\n127.0.0.1 localhost lh\n127.0.0.1 other\n::1 ip6-localhost ip6-loopback\n2001:DB8::1 v6host # trailing\nbad line\n");
  expect(hosts.get("127.0.0.1")).toBe("localhost");
  expect(hosts.get("::1")).toBe("ip6-localhost");
  expect(hosts.get("2001:db8::1")).toBe("v6host");
  expect(hosts.size).toBe(3);
});

test("parseServiceTables lets the last duplicate win and puts protocols on the raw list", () => {
  const t = parseServiceTables("http 80/tcp www\nhttp-alt 80/tcp\ndomain 53/udp\nfoo 1/ddp\nrawsvc 1/raw\n", "icmp 1 ICMP\nipv6-icmp 58 IPv6-ICMP\n");
  expect(t.tcp.get(80)).toBe("http-alt");
  expect(t.udp.get(53)).toBe("domain");
  expect(t.raw.get(1)).toBe("icmp");
  expect(t.raw.get(58)).toBe("ipv6-icmp");
});

test("parsePasswd maps the first line for each uid", () => {
  const p = parsePasswd("root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\nbroken:x\n");
  expect(p.get(0)).toBe("root");
  expect(p.get(65534)).toBe("nobody");
  expect(p.size).toBe(2);
});

test("parseNetworks pads short network numbers to four parts", () => {
  const n = parseNetworks("loopback 127\nlink-local 169.254.0.0\n");
  expect(n.get(0x7f000000)).toBe("loopback");
  expect(n.get(0xa9fe0000)).toBe("link-local");
});
