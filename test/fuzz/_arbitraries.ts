/**
 * fast-check arbitraries for /proc/net files: well-formed kernel rows (with
 * the values they encode), and hostile variations of them: random bytes,
 * truncated lines, extra fields, huge numbers, odd white space, bytes that
 * are not UTF-8, NUL bytes, over-long lines and header-only files.
 * Text holds one character per byte (latin1), as the sources read it.
 */
import fc from "fast-check";

/** Any bytes, as latin1 text. */
export const bytesText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.uint8Array({ maxLength }).map((b) => Buffer.from(b).toString("latin1"));

/** Bytes without a newline: one line's worth of junk. */
export const junkLine = (maxLength = 120): fc.Arbitrary<string> => bytesText(maxLength).map((s) => s.replaceAll("\n", " "));

/** White space netstat's sscanf skips, and some it does not expect. */
export const oddSpace = fc.constantFrom(" ", " ", " ", "  ", "\t", "\v", "\f", "\r", "", " \t ");

const hexOf = (n: number | bigint, width: number): string => n.toString(16).toUpperCase().padStart(width, "0");

/** A number field as the kernel might print it, or one it never would. */
export const hugeNumber = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }).map((n) => hexOf(n, 1)),
  fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }).map((n) => n.toString()),
  fc.constantFrom("-1", "-0", "+7", "0x1F", "0X", "18446744073709551616", "99999999999999999999999", "4294967296", "-9223372036854775809"),
);

/** One kernel inet row and the values a parser must read from it. */
export interface InetRow {
  readonly text: string;
  readonly inet6: boolean;
  readonly localPort: number;
  readonly remotePort: number;
  readonly state: number;
  readonly txQueue: number;
  readonly rxQueue: number;
  readonly uid: number;
  readonly timeout: number;
  readonly inode: number;
}

const u32 = fc.nat({ max: 0xffffffff });

/** A row as the kernel's tcp4_seq_show/udp4_format_sock print it (v4 or v6 widths). */
export const inetRow: fc.Arbitrary<InetRow> = fc
  .record({
    sl: fc.nat({ max: 99999 }),
    inet6: fc.boolean(),
    local: fc.array(u32, { minLength: 4, maxLength: 4 }),
    remote: fc.array(u32, { minLength: 4, maxLength: 4 }),
    localPort: fc.nat({ max: 0xffff }),
    remotePort: fc.nat({ max: 0xffff }),
    // Mostly real TCP states: netstat 2.10 indexes its state names without a bounds check.
    state: fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 11 }) }, { weight: 1, arbitrary: fc.nat({ max: 0xff }) }),
    txQueue: fc.nat({ max: 0x7fffffff }),
    rxQueue: fc.nat({ max: 0x7fffffff }),
    timer: fc.nat({ max: 4 }),
    when: u32,
    retr: u32,
    uid: fc.nat({ max: 0x7fffffff }),
    timeout: fc.nat({ max: 0x7fffffff }),
    inode: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  })
  .map((r) => {
    const addr = (words: number[]): string => (r.inet6 ? words.map((w) => hexOf(w, 8)).join("") : hexOf(words[0]!, 8));
    const text =
      `${String(r.sl).padStart(4)}: ${addr(r.local)}:${hexOf(r.localPort, 4)} ${addr(r.remote)}:${hexOf(r.remotePort, 4)} ` +
      `${hexOf(r.state, 2)} ${hexOf(r.txQueue, 8)}:${hexOf(r.rxQueue, 8)} ${hexOf(r.timer, 2)}:${hexOf(r.when, 8)} ` +
      `${hexOf(r.retr, 8)} ${String(r.uid).padStart(5)} ${String(r.timeout).padStart(8)} ${r.inode} 1 0000000000000000 100 0 0 10 0\n`;
    return {
      text,
      inet6: r.inet6,
      localPort: r.localPort,
      remotePort: r.remotePort,
      state: r.state,
      txQueue: r.txQueue,
      rxQueue: r.rxQueue,
      uid: r.uid,
      timeout: r.timeout,
      inode: r.inode,
    };
  });

/** One kernel unix row (unix_seq_show) and what a parser must read from it. */
export interface UnixRow {
  readonly text: string;
  readonly refCount: number;
  readonly flags: number;
  readonly type: number;
  readonly state: number;
  readonly inode: number;
  readonly path: string;
}

/** Path bytes the kernel prints raw: anything but white space and NUL, which end netstat's %s. */
const pathText = fc
  .uint8Array({ maxLength: 107 })
  .map((b) => Buffer.from(b).toString("latin1").replace(/[\0\t\n\v\f\r ]/g, ""));

export const unixRow: fc.Arbitrary<UnixRow> = fc
  .record({
    num: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    refCount: fc.nat({ max: 0x7fffffff }),
    flags: fc.constantFrom(0, 0x10000, 0x20000, 0x40000, 0x70000),
    type: fc.nat({ max: 6 }),
    state: fc.nat({ max: 4 }),
    inode: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    path: pathText,
  })
  .map((r) => ({
    text: `${hexOf(r.num, 16)}: ${hexOf(r.refCount, 8)} 00000000 ${hexOf(r.flags, 8)} ${hexOf(r.type, 4)} ${hexOf(r.state, 2)} ${String(r.inode).padStart(5)}${r.path === "" ? "" : ` ${r.path}`}\n`,
    refCount: r.refCount,
    flags: r.flags,
    type: r.type,
    state: r.state,
    inode: r.inode,
    path: r.path,
  }));

/**
 * A hostile variation of a good row: cut short, given extra fields, its
 * spaces replaced, a field made huge, bytes spliced in, a NUL inserted, or
 * made longer than netstat's 8191-byte fgets buffer.
 */
export function mutated(row: fc.Arbitrary<{ readonly text: string }>): fc.Arbitrary<string> {
  const line = row.map((r) => r.text.replace(/\n$/, ""));
  return fc.oneof(
    fc.tuple(line, fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
    fc.tuple(line, fc.array(hugeNumber, { maxLength: 4 })).map(([l, extra]) => [l, ...extra].join(" ")),
    fc.tuple(line, oddSpace).map(([l, s]) => l.replace(/ +/g, () => s)),
    fc.tuple(line, fc.nat(), hugeNumber).map(([l, n, h]) => {
      const fields = l.split(" ");
      fields[n % fields.length] = h;
      return fields.join(" ");
    }),
    fc.tuple(line, fc.nat(), junkLine(12)).map(([l, n, j]) => l.slice(0, n % (l.length + 1)) + j + l.slice(n % (l.length + 1))),
    fc.tuple(line, fc.nat()).map(([l, n]) => `${l.slice(0, n % (l.length + 1))}\0${l.slice(n % (l.length + 1))}`),
    fc.tuple(line, fc.integer({ min: 8000, max: 9000 })).map(([l, n]) => l + "x".repeat(n)),
  );
}

/** A file header line, sometimes missing or damaged. */
export const header = (real: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(`${real}\n`) }, { weight: 1, arbitrary: junkLine(80).map((j) => `${j}\n`) });

/** A whole file: a header, then good rows, hostile rows and junk in any order, maybe without a final newline. */
export function procFile(real: string, row: fc.Arbitrary<{ readonly text: string }>): fc.Arbitrary<string> {
  const anyLine = fc.oneof(
    { weight: 4, arbitrary: row.map((r) => r.text) },
    { weight: 3, arbitrary: mutated(row).map((l) => `${l}\n`) },
    { weight: 1, arbitrary: junkLine().map((l) => `${l}\n`) },
    { weight: 1, arbitrary: fc.constantFrom("\n", " \n", "\t\n", "\r\n") },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom("", `${real}\n`, real) },
    { weight: 1, arbitrary: bytesText(400) },
    {
      weight: 8,
      arbitrary: fc
        .tuple(header(real), fc.array(anyLine, { maxLength: 12 }), fc.boolean())
        .map(([h, lines, cut]) => {
          const text = h + lines.join("");
          return cut ? text.replace(/\n$/, "") : text;
        }),
    },
  );
}

export const INET_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
export const UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path";
