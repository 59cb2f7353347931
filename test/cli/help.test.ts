/**
 * One source for the help: `-h`, the manual page and the shell completions come from the option
 * tables in src/cli/help.ts. `-h` is netstat's usage (after deliberate difference 4) and fits 80
 * columns; the page renders with man(1) without warnings; bash, zsh and fish, run for real, offer
 * every option and their values; `--color` beats NO_COLOR either way.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completionScript } from "../../src/cli/completion.ts";
import { getoptLong } from "../../src/cli/getopt.ts";
import { allOptions, OWN_SECTION } from "../../src/cli/help.ts";
import { manPage } from "../../src/cli/man-page.ts";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { ADDRESS_FAMILY_LIST, DESCRIPTION_COLUMN, HELP_WIDTH, usageText } from "../../src/cli/usage.ts";
import { STATE_COLOURS } from "../../src/format/table.ts";
import { expectedNameAndVersion } from "../parity/_compare.ts";
import { OURS, REAL_NETSTAT, REPO_ROOT, RUN_ENV } from "../_support/run.ts";
import { removeTree, writeTree } from "../_support/synthetic-proc.ts";

const parse = (...args: string[]) => parseNetstatArgs("netstat", args, { selinuxEnabled: false });

/** Every name the completions must offer: `-t`, `--tcp`, ... */
const OFFERED = allOptions().flatMap((o) => [...(o.short === undefined ? [] : [`-${o.short}`]), ...(o.long === undefined ? [] : [`--${o.long}`])]);

function inProcess(args: readonly string[], colour: boolean): Promise<InProcessRun> {
  return runInProcess(args, colour);
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nss-help-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("usage", () => {
  test("usageText has no line wider than 80 columns, nor the address-family list", () => {
    const wide = (usageText() + ADDRESS_FAMILY_LIST).split("\n").filter((line) => line.length > HELP_WIDTH);
    expect(wide).toEqual([]);
  });

  test("an option's help broken into lines by hand is never wrapped again (no word left alone on a line)", () => {
    const width = HELP_WIDTH - DESCRIPTION_COLUMN;
    const rewrapped = allOptions()
      .filter((o) => o.help.includes("\n"))
      .flatMap((o) => o.help.split("\n").filter((line) => line.length > width).map((line) => `${o.long ?? o.short}: ${line}`));
    expect(rewrapped).toEqual([]);
  });

  test.skipIf(!existsSync(REAL_NETSTAT))("usageText is netstat's -h after the documented name and layout difference", () => {
    const real = Bun.spawnSync(["bash", "-c", 'exec -a netstat "$0" "$@"', REAL_NETSTAT, "-h"], { env: { ...RUN_ENV }, stdin: "ignore" });
    const ours = parse("-h");
    expect(ours).toEqual({
      kind: "exit",
      stdout: expectedNameAndVersion(real.stdout.toString("latin1")),
      stderr: expectedNameAndVersion(real.stderr.toString("latin1")),
      code: real.exitCode,
    });
  });

  test("usageText lists every option netstat lacks", () => {
    for (const o of OWN_SECTION.options) expect(usageText()).toContain(o.long === undefined ? `-${o.short}` : `--${o.long}`);
  });

  test("every option the help offers is one the parser knows, spelled in full", () => {
    for (const name of OFFERED) {
      const args = name === "--completion" ? [name, "bash"] : [name];
      const { items } = getoptLong("netstat", args, "A:CFMacdeghilnNoprsStuUvVWw2fx64?ZTI::", []);
      const parsed = parse(...args);
      const unknown = parsed.kind === "exit" && /unrecognized option|invalid option/.test(parsed.stderr);
      expect({ name, unknown }).toEqual({ name, unknown: false });
      expect(items.length).toBeGreaterThan(0);
    }
  });
});

describe("manual page", () => {
  const page = (): string => manPage();

  test.skipIf(!Bun.which("groff"))("manPage renders with groff -man -ww without a warning", () => {
    const file = join(dir, "check.1");
    writeFileSync(file, page());
    const r = Bun.spawnSync(["groff", "-man", "-ww", "-z", file], { stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
  });

  test.skipIf(!Bun.which("man"))("man netstat-stream shows the page and every option, given the page in MANPATH", () => {
    const man1 = join(dir, "man", "man1");
    mkdirSync(man1, { recursive: true });
    writeFileSync(join(man1, "netstat-stream.1"), page());
    const r = Bun.spawnSync(["man", "netstat-stream"], {
      env: { ...RUN_ENV, MANPATH: join(dir, "man"), MANWIDTH: "80", MANPAGER: "cat", PAGER: "cat", MAN_KEEP_FORMATTING: "" },
      stderr: "pipe",
    });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    const text = r.stdout.toString();
    expect(text).toStartWith("NETSTAT-STREAM(1)");
    // man may hyphenate a long word at a line end; options are in tag lines of their own.
    for (const name of OFFERED) expect({ name, found: new RegExp(`(^|[ ,])${name.replace(/[-]/g, "\\-")}\\b`, "m").test(text) }).toEqual({ name, found: true });
  });

  test.skipIf(!existsSync(OURS))("npm run build writes the page beside the binary, as manPage makes it", () => {
    expect(readFileSync(join(REPO_ROOT, "dist", "netstat-stream.1"), "utf8")).toBe(page());
  });
});

describe("--completion", () => {
  for (const shell of ["bash", "zsh", "fish"] as const) {
    test(`run --completion ${shell} prints completionScript('${shell}') with status 0`, async () => {
      expect(await inProcess(["--completion", shell], false)).toEqual({ out: completionScript(shell), err: "", code: 0 });
    });
  }
  test("run --completion tcsh names the shells it knows, with status 2", async () => {
    expect(await inProcess(["--completion", "tcsh"], false)).toEqual({
      out: "",
      err: "netstat-stream: Invalid --completion value 'tcsh': expected bash, zsh or fish\n",
      code: 2,
    });
  });

  // Each case: the words typed (the last one being completed), and what must be offered.
  const cases: readonly { readonly line: readonly string[]; readonly offers: readonly string[] }[] = [
    { line: ["--form"], offers: ["--format"] },
    { line: ["--format", ""], offers: ["json", "prometheus", "table", "text"] },
    { line: ["--color", "a"], offers: ["always", "auto"] },
    { line: ["--completion", ""], offers: ["bash", "fish", "zsh"] },
    { line: ["--state", "listen,est"], offers: ["listen,estab", "listen,established"] },
    { line: ["-A", "inet,un"], offers: ["inet,unix"] },
    { line: ["--proc-root", "/pro"], offers: ["/proc/"] },
  ];
  const trim = (offers: readonly string[]): string[] => [...new Set(offers.map((o) => o.replace(/\/$/, "")))].sort();

  describe("bash", () => {
    let script = "";
    beforeAll(() => {
      script = join(dir, "completion.bash");
      writeFileSync(script, completionScript("bash"));
    });
    /** COMPREPLY for `netstat-stream WORDS...`, through the function `complete -p` names, split on `=` as bash splits it. */
    const reply = (words: readonly string[]): string[] => {
      const program = [
        'source "$1"; shift',
        'spec=$(complete -p netstat-stream) || exit 9',
        'fn=${spec#*-F }; fn=${fn%% *}',
        'COMP_WORDS=(netstat-stream "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
        '"$fn"; printf "%s\\n" "${COMPREPLY[@]}"',
      ].join("\n");
      const r = Bun.spawnSync(["bash", "--norc", "--noprofile", "-c", program, "bash", script, ...words], { env: { ...RUN_ENV }, stderr: "pipe" });
      expect(r.stderr.toString()).toBe("");
      return r.stdout.toString().split("\n").filter((w) => w !== "");
    };

    test("complete -p names the function the script registers", () => {
      const r = Bun.spawnSync(["bash", "--norc", "-c", 'source "$1" && complete -p netstat-stream', "bash", script], { env: { ...RUN_ENV } });
      expect(r.stdout.toString()).toBe("complete -F _netstat_stream netstat-stream\n");
    });
    test("bash offers every option the help lists for -", () => {
      expect(reply(["-"]).sort()).toEqual([...new Set(OFFERED)].sort());
    });
    for (const c of cases) {
      test(`bash completes netstat-stream ${c.line.join(" ")}`, () => expect(trim(reply(c.line))).toEqual(trim(c.offers)));
    }
    test("bash completes the value after --format= as its own word", () => {
      expect(reply(["--format", "=", "t"]).sort()).toEqual(["table", "text"]);
      expect(reply(["--format", "="]).sort()).toEqual(["json", "prometheus", "table", "text"]);
    });
  });

  describe.skipIf(!Bun.which("fish"))("fish", () => {
    let script = "";
    beforeAll(() => {
      script = join(dir, "completion.fish");
      writeFileSync(script, completionScript("fish"));
    });
    const offers = (line: string): string[] => {
      const r = Bun.spawnSync(["fish", "--no-config", "-c", 'source $argv[1]; complete -C $argv[2]', script, line], { env: { ...RUN_ENV }, stderr: "pipe", cwd: "/" });
      expect(r.stderr.toString()).toBe("");
      return r.stdout.toString().split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0]!);
    };
    test("fish offers every long option the help lists for --", () => {
      expect(offers("netstat-stream --").sort()).toEqual(OFFERED.filter((n) => n.startsWith("--")).sort());
    });
    for (const c of cases) {
      test(`fish completes netstat-stream ${c.line.join(" ")}`, () => expect(trim(offers(`netstat-stream ${c.line.join(" ")}`))).toEqual(trim(c.offers)));
    }
  });

  describe.skipIf(!Bun.which("zsh"))("zsh", () => {
    let script = "";
    let driver = "";
    beforeAll(() => {
      script = join(dir, "completion.zsh");
      writeFileSync(script, completionScript("zsh"));
      // Types the line and a TAB into an interactive zsh in a pseudo-terminal; compadd is wrapped
      // to write every match it is given to a file.
      driver = join(dir, "drive.zsh");
      writeFileSync(
        driver,
        [
          "zmodload zsh/zpty",
          "script=$1 out=$2 line=$3",
          ": > $out",
          "zpty z zsh -f -i",
          `zpty -w z "PS1='> '; autoload -Uz compinit; compinit -u -D; source $script"`,
          `zpty -w z "compadd() { local -a hits; builtin compadd -O hits \\"\\$@\\"; print -rl -- \\$hits >> $out; builtin compadd \\"\\$@\\"; }"`,
          `zpty -w -n z "$line"$'\\t'`,
          "for i in {1..50}; do [[ -s $out ]] && break; sleep 0.1; done",
          "sleep 0.5",
          "zpty -d z",
          "cat $out",
        ].join("\n"),
      );
    });
    const offers = (line: string): string[] => {
      const r = Bun.spawnSync(["zsh", "-f", driver, script, join(dir, "zsh.out"), line], { env: { ...RUN_ENV, HOME: dir }, stderr: "pipe", cwd: "/" });
      return r.stdout.toString().split("\n").filter((l) => l !== "");
    };
    test("zsh offers every long option the help lists for --", () => {
      expect([...new Set(offers("netstat-stream --"))].sort()).toEqual([...new Set(OFFERED.filter((n) => n.startsWith("--")))].sort());
    });
    for (const c of cases) {
      test(`zsh completes netstat-stream ${c.line.join(" ")}`, () => {
        const got = trim(offers(`netstat-stream ${c.line.join(" ")}`));
        // zsh's matches leave out what it keeps of the word: the items before a comma, a file's directory.
        const want = trim(c.offers).map((o) => o.slice(Math.max(o.lastIndexOf(","), o.lastIndexOf("/")) + 1));
        expect(got).toEqual(want);
      });
    }
  });
});

describe("--color", () => {
  let root = "";
  beforeAll(() => {
    const header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    const listener = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n";
    root = writeTree({ "net/tcp": header + listener, "net/tcp6": header });
  });
  afterAll(() => removeTree(root));
  const cyan = STATE_COLOURS["LISTEN"]!;
  const cases = [
    { color: [], terminal: true, coloured: true },
    { color: [], terminal: false, coloured: false },
    { color: ["--color=auto"], terminal: true, coloured: true },
    { color: ["--color=always"], terminal: false, coloured: true },
    { color: ["--color", "never"], terminal: true, coloured: false },
  ];
  for (const c of cases) {
    const name = `${c.color.join(" ") || "no --color"} ${c.terminal ? "on a terminal that wants colour" : "without one (a pipe, or NO_COLOR)"}`;
    test(`run ${name} ${c.coloured ? "colours" : "does not colour"} LISTEN in a table`, async () => {
      const r = await inProcess(["--proc-root", root, "-tln", "--format", "table", ...c.color], c.terminal);
      expect(r.code).toBe(0);
      expect(r.out.includes(`${cyan}LISTEN`)).toBe(c.coloured);
    });
  }
  test("run --color=sometimes names the choices, with status 2", async () => {
    expect((await inProcess(["--color=sometimes"], false)).err).toBe("netstat-stream: Invalid --color value 'sometimes': expected auto, always or never\n");
  });
  test.skipIf(!existsSync(OURS))("the binary colours with --color=always into a pipe, even with NO_COLOR set", () => {
    const r = Bun.spawnSync([OURS, "--proc-root", root, "-tln", "--format", "table", "--color=always"], { env: { ...RUN_ENV, NO_COLOR: "1" } });
    expect(r.stdout.toString().includes(`${cyan}LISTEN`)).toBe(true);
    const plain = Bun.spawnSync([OURS, "--proc-root", root, "-tln", "--format", "table"], { env: { ...RUN_ENV } });
    expect(plain.stdout.toString().includes("\x1b[")).toBe(false);
  });
});
