/**
 * Files for the web configuration tests, made by the real tools: a
 * self-signed certificate and key from openssl, bcrypt hashes from libcrypt
 * (through python3's crypt module), in a scratch directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A scratch directory holding cert.pem and key.pem for 127.0.0.1; `remove()` deletes it. */
export interface TlsFiles {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  write(name: string, text: string): string;
  remove(): void;
}

function must(argv: readonly string[]): string {
  const r = Bun.spawnSync([...argv], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`Cannot run ${argv[0]}: ${r.stderr.toString().trim()}`);
  return r.stdout.toString();
}

/** A certificate and key made by openssl in a new scratch directory. */
export function tlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), "netstat-stream-web-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  must(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]);
  return {
    dir,
    cert,
    key,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A CA (ca.pem) and a client certificate it signed (client.pem, client.key) in `files.dir`, made by openssl. */
export function clientCertificate(files: TlsFiles): { readonly ca: string; readonly cert: string; readonly key: string } {
  const at = (name: string): string => join(files.dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  must(["openssl", "req", "-x509", ...ec, "-days", "2", "-subj", "/CN=netstat-stream test CA", "-keyout", at("ca.key"), "-out", at("ca.pem")]);
  must(["openssl", "req", ...ec, "-subj", "/CN=scraper", "-keyout", at("client.key"), "-out", at("client.csr")]);
  must(["openssl", "x509", "-req", "-in", at("client.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca.key"), "-CAcreateserial", "-days", "2", "-out", at("client.pem")]);
  return { ca: at("ca.pem"), cert: at("client.pem"), key: at("client.key") };
}

/** `password`'s bcrypt hash ($2b$, cost 2^cost) from libcrypt. */
export function bcryptHash(password: string, cost = 4): string {
  const script = "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=int(sys.argv[2]))))";
  return must(["python3", "-W", "ignore", "-c", script, password, String(2 ** cost)]).trim();
}
