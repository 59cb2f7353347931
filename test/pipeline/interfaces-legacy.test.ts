/** The -i walk's items and the legacy families' pipeline, without root or ioctls. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { exitStatus } from "../../src/model/exit-status.ts";
import type { Interface } from "../../src/model/interface.ts";
import type { Options } from "../../src/model/options.ts";
import type { Item } from "../../src/model/pipeline.ts";
import { interfaceAbsent, interfaceWalkItems } from "../../src/pipeline/interfaces.ts";
import { legacyItems } from "../../src/pipeline/legacy.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");

function optionsOf(args: readonly string[]): Options {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind === "exit") throw new Error(parsed.stderr);
  return parsed.options;
}

const iface = (name: string, flags: number): Interface => ({
  kind: "interface", name, flags, mtu: 1500, txQueueLength: 1000, hardwareType: 1, hardwareAddress: new Array(16).fill(0),
  map: { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 }, ipv6: [],
});

const said = <R>(items: readonly Item<R>[]) => items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));
const root = createProcRoot(join(FIXTURES, "modes"));

describe("interfaceWalkItems", () => {
  const walk = { entries: [{ kind: "interface", value: iface("up0", 1) }, { kind: "interface", value: iface("down0", 0) }] } as const;

  test("-i lists the interfaces that are up; -ia all of them", () => {
    const names = (items: readonly Item<Interface>[]) => items.flatMap((i) => (i.kind === "record" ? [i.record.name] : []));
    expect(names(interfaceWalkItems(walk, { root, sys: root, options: optionsOf(["-i"]) }))).toEqual(["up0"]);
    expect(names(interfaceWalkItems(walk, { root, sys: root, options: optionsOf(["-ia"]) }))).toEqual(["up0", "down0"]);
  });

  test("an interface whose ioctls fail stops the list there, with status 1", () => {
    const failing = { entries: [{ kind: "interface", value: iface("up0", 1) }, { kind: "failure", name: "vd0", errno: "ENODEV" }, { kind: "interface", value: iface("up1", 1) }] } as const;
    const items = interfaceWalkItems(failing, { root, sys: root, options: optionsOf(["-i"]) });
    expect(items.at(-1)).toEqual({ kind: "diagnostic", diagnostic: { kind: "interface-failed", name: "vd0", errno: "ENODEV" } });
    expect(exitStatus(said(items))).toBe(1);
  });

  test("-I=IF that names nothing opens no table, fails with 1, and marks the namespace as without IF", () => {
    const items = interfaceWalkItems({ entries: [] }, { root, sys: root, options: optionsOf(["-I=vx9"]) });
    expect(items).toEqual([{ kind: "diagnostic", diagnostic: { kind: "no-such-interface", name: "vx9" } }]);
    expect(interfaceAbsent(items)).toBe(true);
    expect(interfaceAbsent(interfaceWalkItems(walk, { root, sys: root, options: optionsOf(["-I=up0"]) }))).toBe(false);
  });

  test("a missing net/dev and missing ioctls are warnings, not failures", () => {
    const items = interfaceWalkItems({ ...walk, devError: "ENOENT", ioctlsUnavailable: "no libc" }, { root, sys: root, options: optionsOf(["-i"]) });
    expect(said(items).map((d) => d.kind)).toEqual(["interfaces-limited", "ioctls-unavailable"]);
    expect(exitStatus(said(items))).toBe(0);
  });
});

describe("legacyItems", () => {
  const legacy = createProcRoot(join(FIXTURES, "legacy"));

  test("each family's file opens before its sockets", () => {
    for (const flag of ["ipx", "ax25", "x25", "netrom", "rose"] as const) {
      const items = legacyItems(legacy, optionsOf(["-a", `--${flag}`]), flag);
      expect(items[0]).toEqual({ kind: "record", record: { kind: "opened", family: flag } });
    }
  });

  test("X.25 sockets without a circuit show only with -a", () => {
    const count = (args: readonly string[]) => legacyItems(legacy, optionsOf(args), "x25").filter((i) => i.kind === "record" && i.record.kind === "x25").length;
    expect(count(["--x25"])).toBeLessThan(count(["-a", "--x25"]));
  });

  test("a family asked for whose file is missing is `no support`, status 1; unasked, it says nothing", () => {
    const empty = createProcRoot(join(FIXTURES, "modes"));
    const asked = legacyItems(empty, optionsOf(["--ipx"]), "ipx");
    expect(asked).toEqual([{ kind: "diagnostic", diagnostic: { kind: "no-support", family: "AF IPX", asked: true } }]);
    expect(exitStatus(said(asked))).toBe(1);
    expect(legacyItems(empty, optionsOf(["-a"]), "ipx")).toEqual([]);
  });
});
