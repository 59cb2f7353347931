import { expect, test } from "bun:test";
import { formatTable, netnsColumns, type Labelled } from "../../src/format/table.ts";

const id = "e2b7a6f1c09d48f3b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
const rows: Labelled[] = [
  { netns: 4026531840, netns_name: null, container_id: null, container_runtime: null },
  { netns: 4026532301, netns_name: "blue", container_id: id, container_runtime: "docker" },
];

test("netnsColumns shows the inode, the name and the runtime with the short container id", () => {
  expect(formatTable(netnsColumns(), rows, false)).toBe(
    [
      "     Netns  Netns Name  Container          ",
      "4026531840                                 ",
      "4026532301  blue        docker:e2b7a6f1c09d",
      "",
    ].map((l) => l.trimEnd()).join("\n"),
  );
});

/** More rows than a spread into Math.max can take (it overflowed at about 620,000). */
const sevenHundredThousandRows = 700_000;

test("formatTable lays out 700,000 rows without overflowing the call stack, widths from the widest cell", () => {
  const many = Array.from({ length: sevenHundredThousandRows }, (_, i) => i);
  const text = formatTable([{ header: "N", align: "right", cell: (n: number) => String(n) }], many, false);
  const lines = text.split("\n");
  expect(lines.length).toBe(sevenHundredThousandRows + 2);
  expect(lines[0]).toBe("     N");
  expect(lines[1]).toBe("     0");
  expect(lines[sevenHundredThousandRows]).toBe("699999");
});
