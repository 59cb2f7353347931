import { expect, test } from "bun:test";
import { programName } from "../../src/proc/pid-cmdline.ts";

const cmdlines = [
  { name: "programName keeps the part after the last slash of an absolute argv[0]", cmdline: "/usr/bin/python3\0-m\0x\0", program: "python3" },
  { name: "programName keeps a relative argv[0] whole", cmdline: "rel/dir/prog\0", program: "rel/dir/prog" },
  { name: "programName keeps spaces inside argv[0]", cmdline: "/abs/dir/with space/prog name\0", program: "prog name" },
  { name: "programName gives an empty name for argv[0] '/'", cmdline: "/\0", program: "" },
  { name: "programName gives an empty name for an empty cmdline", cmdline: "", program: "" },
  { name: "programName keeps a rewritten title without NULs", cmdline: "sh: worker process", program: "sh: worker process" },
];
for (const c of cmdlines) test(c.name, () => expect(programName(c.cmdline)).toBe(c.program));
