/**
 * `--web-config FILE`: the web configuration file Prometheus exporters share
 * (exporter-toolkit's web-config.yml). Keys outside the format are refused,
 * as the toolkit's strict YAML reading refuses them; relative file names
 * are taken from the file's own directory; the certificate, key and client
 * CA files are read, and every bcrypt hash checked, before anything listens.
 * Keys of the format this server cannot honour are refused by name rather
 * than ignored.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import * as v from "valibot";
import { strerror } from "../format/strerror.ts";

/** What the server does with a web configuration: TLS, the basic-auth users, extra headers. */
export interface WebConfig {
  readonly tls: { readonly cert: string; readonly key: string; readonly ca?: string } | undefined;
  /** User name to bcrypt hash; empty: no authentication. */
  readonly users: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
}

/** No file: plain HTTP, no authentication, no extra headers. */
export const NO_WEB_CONFIG: WebConfig = { tls: undefined, users: new Map(), headers: {} };

/** A bad web configuration file; the message is one sentence. */
export class WebConfigError extends Error {
  override readonly name = "WebConfigError";
}

const text = v.nullish(v.string("expected a string"));
const strings = v.nullish(v.array(v.string("expected a string"), "expected a list of strings"));
// A bcrypt hash as htpasswd -B and the toolkit's bcrypt write it: $2a$, $2b$ or $2y$, cost 04 to 31.
const BCRYPT = /^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/;

const TlsSchema = v.nullish(
  v.strictObject({
    cert: text,
    key: text,
    client_ca: text,
    cert_file: text,
    key_file: text,
    client_auth_type: text,
    client_ca_file: text,
    client_allowed_sans: strings,
    min_version: text,
    max_version: text,
    cipher_suites: strings,
    prefer_server_cipher_suites: v.nullish(v.boolean("expected true or false")),
    curve_preferences: strings,
  }),
);

/** The headers the toolkit lets a file set, with the values it allows (none listed: every value). */
const HEADER_VALUES: Readonly<Record<string, readonly string[]>> = {
  "Strict-Transport-Security": [],
  "X-Content-Type-Options": ["nosniff"],
  "X-Frame-Options": ["deny", "sameorigin"],
  "X-XSS-Protection": [],
  "Content-Security-Policy": [],
};

const FileSchema = v.nullish(
  v.strictObject({
    tls_server_config: TlsSchema,
    http_server_config: v.nullish(
      v.strictObject({
        http2: v.nullish(v.boolean("expected true or false")),
        headers: v.nullish(v.record(v.string(), v.string("expected a string"))),
      }),
    ),
    rate_limit: v.nullish(v.strictObject({ interval: v.unknown(), burst: v.unknown() })),
    basic_auth_users: v.nullish(v.record(v.string(), v.pipe(v.string("expected a bcrypt hash"), v.regex(BCRYPT, "expected a bcrypt hash")))),
  }),
);

type FileConfig = NonNullable<v.InferOutput<typeof FileSchema>>;
type TlsConfig = NonNullable<FileConfig["tls_server_config"]>;

/** Keys of the format this server does not honour: refused, so that nobody relies on them in vain. */
const UNSUPPORTED_TLS: readonly (keyof TlsConfig)[] = ["client_allowed_sans", "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences"];

/** The dotted key an issue is about. */
function keyOf(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((p) => String(p.key)).join(".");
}

/** A valibot issue in plain words. */
function issueSentence(issue: v.BaseIssue<unknown>): string {
  const key = keyOf(issue);
  const parent = issue.path?.at(-1);
  // A list is an object to the schema: its items come out as unknown keys 0, 1, ...
  if (issue.type === "strict_object" && Array.isArray(parent?.input)) {
    const above = (issue.path ?? []).slice(0, -1).map((p) => String(p.key)).join(".");
    return `${above === "" ? "the file" : above} must be a mapping of keys to values`;
  }
  if (issue.type === "strict_object" && issue.expected === "never") return `${key} is not a key of the web configuration format`;
  if (issue.type === "strict_object" || issue.type === "object" || issue.type === "record") return `${key === "" ? "the file" : key} must be a mapping of keys to values`;
  return `${key} ${issue.message.replace(/^expected/, "expects")}`;
}

/** A file's bytes, or a WebConfigError naming it. */
function readNamed(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new WebConfigError(`cannot read ${what} ${path}: ${strerror(code)}`);
  }
}

/** Throws a WebConfigError unless `cert` is a PEM certificate and `key` the PEM private key that goes with it. */
function checkPair(cert: string, key: string): void {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new WebConfigError("the certificate is not a PEM certificate");
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new WebConfigError("the key is not a PEM private key");
  }
  if (!matches) throw new WebConfigError("the key does not belong to the certificate");
}

/** The TLS part: PEM text of the certificate, key and client CA, from the file or inline. */
function tlsOf(tls: TlsConfig, dir: string): WebConfig["tls"] {
  const enabled = [tls.cert, tls.key, tls.cert_file, tls.key_file, tls.client_ca, tls.client_ca_file, tls.client_auth_type].some((x) => x !== undefined && x !== null && x !== "");
  const unsupported = UNSUPPORTED_TLS.find((k) => tls[k] !== undefined && tls[k] !== null);
  if (unsupported !== undefined) throw new WebConfigError(`tls_server_config.${unsupported} is not supported by netstat-stream`);
  if (!enabled) return undefined;
  const at = (p: string): string => (isAbsolute(p) ? p : join(dir, p));
  const pem = (inline: string | null | undefined, file: string | null | undefined, name: string): string | undefined => {
    if (inline && file) throw new WebConfigError(`tls_server_config has both ${name} and ${name}_file, give one`);
    return file ? readNamed(at(file), `the ${name}_file`) : inline || undefined;
  };
  const cert = pem(tls.cert, tls.cert_file, "cert");
  const key = pem(tls.key, tls.key_file, "key");
  if (cert === undefined) throw new WebConfigError("tls_server_config needs cert_file (or cert)");
  if (key === undefined) throw new WebConfigError("tls_server_config needs key_file (or key)");
  checkPair(cert, key);
  const ca = pem(tls.client_ca, tls.client_ca_file, "client_ca");
  const auth = tls.client_auth_type ?? "NoClientCert";
  if (auth !== "NoClientCert" && auth !== "RequireAndVerifyClientCert") {
    throw new WebConfigError(`tls_server_config.client_auth_type ${auth} is not supported by netstat-stream (NoClientCert or RequireAndVerifyClientCert)`);
  }
  if (auth === "RequireAndVerifyClientCert" && ca === undefined) throw new WebConfigError("client_auth_type RequireAndVerifyClientCert needs client_ca_file (or client_ca)");
  if (auth === "NoClientCert" && ca !== undefined) throw new WebConfigError("client_ca_file needs client_auth_type RequireAndVerifyClientCert");
  return ca === undefined ? { cert, key } : { cert, key, ca };
}

/** The headers a file adds, checked as the toolkit checks them. */
function headersOf(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  for (const [name, value] of Object.entries(headers)) {
    const allowed = HEADER_VALUES[name];
    if (allowed === undefined) throw new WebConfigError(`http_server_config.headers cannot set ${name}`);
    if (allowed.length > 0 && !allowed.includes(value)) throw new WebConfigError(`http_server_config.headers ${name} expects ${allowed.join(" or ")}`);
  }
  return headers;
}

/** A web configuration from the text of the file at `path`; throws a WebConfigError saying what is wrong. */
export function parseWebConfig(source: string, path: string): WebConfig {
  let parsed: unknown;
  try {
    parsed = Bun.YAML.parse(source);
  } catch {
    throw new WebConfigError("it is not valid YAML");
  }
  const r = v.safeParse(FileSchema, parsed);
  if (!r.success) throw new WebConfigError(issueSentence(r.issues[0]));
  const file: FileConfig = r.output ?? {};
  if (file.rate_limit !== undefined && file.rate_limit !== null) throw new WebConfigError("rate_limit is not supported by netstat-stream");
  return {
    tls: tlsOf(file.tls_server_config ?? {}, dirname(path)),
    users: new Map(Object.entries(file.basic_auth_users ?? {})),
    headers: headersOf(file.http_server_config?.headers ?? {}),
  };
}

/** The web configuration in the file at `path`; throws a WebConfigError saying what is wrong. */
export function loadWebConfig(path: string): WebConfig {
  return parseWebConfig(readNamed(path, "the file"), path);
}
