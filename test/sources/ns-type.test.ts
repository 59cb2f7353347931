import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { namespaceTypeOf } from "../../src/sources/ns-type.ts";
import { namespaceFiles, namespaceFilesSkipReason } from "../_support/ns-files.ts";

const scratch = mkdtempSync(join(tmpdir(), "nss-nstype-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("namespaceTypeOf", () => {
  const links = [
    { path: "/proc/self/ns/net", want: "net" },
    { path: "/proc/self/ns/mnt", want: "mnt" },
    { path: "/proc/self/ns/pid", want: "pid" },
    { path: "/proc/self/ns/uts", want: "uts" },
  ] as const;
  for (const c of links) test(`namespaceTypeOf reads ${c.path} as a ${c.want} namespace`, () => expect(namespaceTypeOf(c.path)).toBe(c.want));

  test("namespaceTypeOf cannot tell the type of a file that is no namespace", () => {
    const file = join(scratch, "plain");
    writeFileSync(file, "");
    expect(namespaceTypeOf(file)).toBeUndefined();
  });

  const skip = namespaceFilesSkipReason();
  test.skipIf(skip !== "")(`namespaceTypeOf asks a bind-mounted namespace file its type (NS_GET_NSTYPE)${skip === "" ? "" : `: SKIPPED, ${skip}`}`, () => {
    const files = namespaceFiles();
    try {
      files.add("blue", "net");
      files.add("host", "uts");
      expect(namespaceTypeOf(`${files.dir}/blue`)).toBe("net");
      expect(namespaceTypeOf(`${files.dir}/host`)).toBe("uts");
    } finally {
      files.remove();
    }
  });
});
