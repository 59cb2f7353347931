/** parseListenAddress: `--serve [ADDR]:PORT` as exporters take `--web.listen-address`. */
import { expect, test } from "bun:test";
import { addressText, parseListenAddress } from "../../src/serve/listen-address.ts";

const good: readonly (readonly [string, string | undefined, number])[] = [
  [":9100", undefined, 9100],
  ["127.0.0.1:9100", "127.0.0.1", 9100],
  ["[::1]:9100", "::1", 9100],
  ["[::]:0", "::", 0],
  ["localhost:65535", "localhost", 65535],
];
for (const [word, host, port] of good) test(`parseListenAddress reads ${word}`, () => expect(parseListenAddress(word)).toEqual({ host, port }));

const bad: readonly string[] = ["9100", ":", ":65536", ":-1", "::1:9100", "a b:1", ":9100x"];
for (const word of bad) test(`parseListenAddress refuses '${word}' with a sentence`, () => expect(parseListenAddress(word)).toHaveProperty("problem", expect.stringMatching(/^expected /)));

test("addressText brackets IPv6", () => {
  expect(addressText("::1", 80)).toBe("[::1]:80");
  expect(addressText("127.0.0.1", 80)).toBe("127.0.0.1:80");
});
