/**
 * Real /proc/net socket tables from other machines and kernels (../shared/corpus),
 * read by the real netstat and by ours: output, warnings and status must match.
 * The malformed fixtures of this project are checked the same way.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { netnsAvailable } from "../_support/netns.ts";
import { CORPUS, corpusAvailable, describeTreeParity, type TreeCase } from "../_support/tree.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");
const available = await netnsAvailable();
if (!available.ok) console.warn(`SKIPPED corpus parity: ${available.why}`);
if (!corpusAvailable) console.warn(`SKIPPED shared corpus cases: ${CORPUS} is not beside the project`);

// Flags avoid -e/-o/-p on trees with truncated rows: netstat prints uninitialised memory for
// the fields such a row lacks.
const CASES: readonly TreeCase[] = [
  {
    name: "procfs tcp and tcp6",
    files: { "net/tcp": join(CORPUS, "procfs/tcp"), "net/tcp6": join(CORPUS, "procfs/tcp6") },
    flags: [["-a"], ["-an"], ["-t"], ["-tl"], ["-tanW"], ["-tae"], ["-tao"], ["-6", "-an"], ["-4", "-a", "--numeric-ports"]],
    corpus: true,
  },
  {
    name: "procfs udp and udp6",
    files: { "net/udp": join(CORPUS, "procfs/udp"), "net/udp6": join(CORPUS, "procfs/udp6") },
    flags: [["-a"], ["-uan"], ["-ul"], ["-uaeo"], ["-uanW"]],
    corpus: true,
  },
  {
    name: "procfs udp_broken (too few fields)",
    files: { "net/udp": join(CORPUS, "procfs/udp_broken") },
    flags: [["-a"], ["-uan"], ["-u"]],
    corpus: true,
  },
  {
    name: "node_exporter udp",
    files: { "net/udp": join(CORPUS, "node_exporter/udp") },
    flags: [["-uan"], ["-ua"]],
    corpus: true,
  },
  {
    name: "procfs unix",
    files: { "net/unix": join(CORPUS, "procfs/unix") },
    flags: [["-x"], ["-ax"], ["-lx"], ["-axp"]],
    corpus: true,
  },
  {
    name: "procfs unix_without_inode",
    files: { "net/unix": join(CORPUS, "procfs/unix_without_inode") },
    flags: [["-ax"], ["-lx"], ["-axp"]],
    corpus: true,
  },
  {
    name: "malformed fixtures",
    files: Object.fromEntries(
      ["tcp", "tcp6", "udp", "udp6", "unix"].map((f) => [`net/${f}`, join(FIXTURES, "malformed", "net", f)]),
    ),
    flags: [["-a"], ["-an"], ["-anW"], ["-at"], ["-au"], ["-ax"], ["-l"], []],
    corpus: false,
  },
  {
    name: "sctp endpoints and associations",
    files: {
      "net/sctp/eps": join(FIXTURES, "sctp", "net", "sctp", "eps"),
      "net/sctp/assocs": join(FIXTURES, "sctp", "net", "sctp", "assocs"),
    },
    flags: [["-S"], ["-Sa"], ["-Sl"], ["-San"], ["-Sae"], ["-Saeo"], ["-Sa", "--numeric-ports"], ["-a"], ["-SaW"], ["-Sap"], ["-aN"], ["-S", "-4"], ["-S", "-6"]],
    corpus: false,
  },
  {
    name: "live capture",
    files: Object.fromEntries(
      ["tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6", "unix"].map((f) => [
        `net/${f}`,
        join(FIXTURES, "live", "net", f),
      ]),
    ),
    flags: [["-a"], ["-an"], ["-ae"], ["-aeo"], ["-tulnW"], ["-lw"], ["-Ua"], ["-ax"], ["-A", "inet6", "-a"]],
    corpus: false,
  },
  ...legacyCases(),
];

/** Every file of a fixture tree under fixtures/proc/NAME, as makeTree wants them. */
function fixtureTree(name: string): Record<string, string> {
  const base = join(FIXTURES, name);
  const files = readdirSync(base, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(base, f)).isFile());
  return Object.fromEntries(files.filter((f) => f.startsWith("net/")).map((f) => [f, join(base, f)]));
}

/** The legacy families (AX.25, NET/ROM, ROSE, X.25, IPX), from hand-made kernel-format tables. */
function legacyCases(): TreeCase[] {
  const every: readonly (readonly string[])[] = [
    [], ["-a"], ["-v"], ["-e"], ["-an"], ["--ax25"], ["--netrom"], ["--x25"], ["--x25", "-a"], ["--rose"], ["--ipx"],
    ["--ipx", "-e"], ["--ipx", "-ee", "-n"], ["--ipx", "-e", "--numeric-users"], ["-A", "ax25,netrom"],
    ["-A", "ipx,x25,rose"], ["--ipx", "--ax25"], ["-x", "--rose"], ["-t", "--netrom", "-a"], ["--ax25", "-p"],
  ];
  return [
    { name: "legacy families", files: fixtureTree("legacy"), flags: every, corpus: false },
    { name: "legacy families, empty tables", files: fixtureTree("legacy-empty"), flags: every, corpus: false },
    { name: "legacy families, old kernel layouts", files: fixtureTree("legacy-old"), flags: every, corpus: false },
    { name: "legacy families, IPX line without a port", files: fixtureTree("legacy-bad"), flags: [["--ipx"], ["-a"], ["--ipx", "-e"]], corpus: false },
    { name: "legacy families, directories in place of files", files: fixtureTree("legacy-dirs"), flags: every, corpus: false },
  ];
}

describeTreeParity("netstat over captured /proc trees", "nss-corpus", CASES, "stdout and stderr", !available.ok);
