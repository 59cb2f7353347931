/**
 * parseWebConfig: exporter-toolkit's web-config.yml, with files from openssl and hashes from
 * libcrypt; every bad file is one sentence.
 */
import { afterAll, expect, test } from "bun:test";
import { loadWebConfig, WebConfigError } from "../../src/serve/web-config.ts";
import { bcryptHash, tlsFiles } from "../_support/web-config-files.ts";

const files = tlsFiles();
afterAll(() => files.remove());
const hash = bcryptHash("s3cret");

test("loadWebConfig reads TLS files relative to the file and the users' hashes", () => {
  const path = files.write("ok.yml", `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  alice: ${hash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`);
  const config = loadWebConfig(path);
  expect(config.tls?.cert).toStartWith("-----BEGIN CERTIFICATE-----");
  expect(config.tls?.key).toContain("PRIVATE KEY");
  expect([...config.users]).toEqual([["alice", hash]]);
  expect(config.headers).toEqual({ "X-Frame-Options": "deny" });
});

test("loadWebConfig takes an empty file and empty sections as plain HTTP without users", () => {
  for (const text of ["", "tls_server_config:\nbasic_auth_users:\n", "{}\n"]) {
    const config = loadWebConfig(files.write("empty.yml", text));
    expect(config.tls).toBeUndefined();
    expect(config.users.size).toBe(0);
  }
});

const bad: readonly (readonly [string, string, RegExp])[] = [
  ["an unknown top-level key", "tls_config:\n  cert_file: cert.pem\n", /^tls_config is not a key of the web configuration format$/],
  ["an unknown TLS key", "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  certfile: x\n", /^tls_server_config\.certfile is not a key/],
  ["a plain password", "basic_auth_users:\n  alice: s3cret\n", /^basic_auth_users\.alice expects a bcrypt hash$/],
  ["a missing key file", "tls_server_config:\n  cert_file: cert.pem\n", /^tls_server_config needs key_file/],
  ["a key file that is not there", "tls_server_config:\n  cert_file: cert.pem\n  key_file: nope.pem\n", /^cannot read the key_file .*nope\.pem: No such file or directory$/],
  ["a certificate that is not PEM", "tls_server_config:\n  cert_file: ok.yml\n  key_file: key.pem\n", /^the certificate is not a PEM certificate$/],
  ["broken YAML", "tls_server_config: [\n", /^it is not valid YAML$/],
  ["a list where a mapping goes", "- a\n- b\n", /^the file must be a mapping/],
  ["a header the toolkit does not allow", "http_server_config:\n  headers:\n    Server: x\n", /^http_server_config\.headers cannot set Server$/],
  ["a TLS key this server cannot honour", "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  min_version: TLS13\n", /^tls_server_config\.min_version is not supported by netstat-stream$/],
  ["rate_limit", "rate_limit:\n  interval: 1s\n  burst: 5\n", /^rate_limit is not supported by netstat-stream$/],
];
for (const [name, text, message] of bad) {
  test(`loadWebConfig refuses ${name} in one sentence`, () => {
    const path = files.write("bad.yml", text);
    let caught: unknown;
    try {
      loadWebConfig(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WebConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain("\n");
  });
}

test("loadWebConfig refuses a key that does not belong to the certificate", () => {
  const other = tlsFiles();
  try {
    const path = files.write("mismatch.yml", `tls_server_config:\n  cert_file: cert.pem\n  key_file: ${other.key}\n`);
    expect(() => loadWebConfig(path)).toThrow("the key does not belong to the certificate");
  } finally {
    other.remove();
  }
});
