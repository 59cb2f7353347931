/**
 * The dump requests against the kernel's structs: the sock_diag header and inet_diag_req_v2 of
 * one family, and the first interface's inet_diag_req for TCP of both families. What the kernel
 * answers to each is checked live by test/sources/sock-diag.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { AF_INET, AF_INET6, inetDiagRequest, IPPROTO_TCP, IPPROTO_UDP, tcpDiagRequestBoth } from "../../src/proc/inet-diag.ts";

describe("inetDiagRequest", () => {
  const cases = [
    { family: AF_INET, protocol: IPPROTO_TCP, withInfo: false, ext: 0 },
    { family: AF_INET6, protocol: IPPROTO_TCP, withInfo: true, ext: 2 },
    { family: AF_INET, protocol: IPPROTO_UDP, withInfo: false, ext: 0 },
    { family: AF_INET6, protocol: IPPROTO_UDP, withInfo: false, ext: 0 },
  ] as const;
  for (const c of cases) {
    test(`inetDiagRequest asks for every state of protocol ${c.protocol} in family ${c.family}${c.withInfo ? " with tcp_info" : ""}`, () => {
      const bytes = inetDiagRequest(c.family, c.protocol, c.withInfo, 9);
      const v = new DataView(bytes.buffer);
      expect(bytes.length).toBe(72);
      expect(v.getUint32(0, true)).toBe(72);
      expect(v.getUint16(4, true)).toBe(20); // SOCK_DIAG_BY_FAMILY
      expect(v.getUint16(6, true)).toBe(0x301); // NLM_F_REQUEST | NLM_F_DUMP
      expect(v.getUint32(8, true)).toBe(9);
      expect([...bytes.subarray(16, 19)]).toEqual([c.family, c.protocol, c.ext]);
      expect(v.getUint32(20, true)).toBe(0xffffffff);
      expect(bytes.subarray(24).every((b) => b === 0)).toBe(true);
    });
  }
});

describe("tcpDiagRequestBoth", () => {
  for (const withInfo of [false, true]) {
    test(`tcpDiagRequestBoth asks TCPDIAG_GETSOCK for every state of every family${withInfo ? " with tcp_info" : ""}`, () => {
      const bytes = tcpDiagRequestBoth(withInfo);
      const v = new DataView(bytes.buffer);
      expect(bytes.length).toBe(76);
      expect(v.getUint32(0, true)).toBe(76);
      expect(v.getUint16(4, true)).toBe(18); // TCPDIAG_GETSOCK
      expect(v.getUint16(6, true)).toBe(0x301);
      // family 0 (none named), no address lengths, the extensions, a zero socket id.
      expect([...bytes.subarray(16, 20)]).toEqual([0, 0, 0, withInfo ? 2 : 0]);
      expect(bytes.subarray(20, 68).every((b) => b === 0)).toBe(true);
      expect(v.getUint32(68, true)).toBe(0xffffffff);
      expect(v.getUint32(72, true)).toBe(0);
    });
  }
});
