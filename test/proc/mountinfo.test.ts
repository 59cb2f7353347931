import { expect, test } from "bun:test";
import { procHidepid } from "../../src/proc/mountinfo.ts";

const plain = "22 27 0:21 / /proc rw,relatime - proc proc rw\n";
const hidden = "22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw,hidepid=invisible,subset=pid\n";
const numeric = "22 27 0:21 / /proc rw,relatime - proc proc rw,hidepid=2\n";
const hostProc = "40 30 0:21 / /host\\040proc ro,relatime master:12 - proc proc rw,hidepid=1\n";
const remounted = `${plain}51 22 0:50 / /proc rw,relatime - proc proc rw,hidepid=noaccess\n`;
const sysfs = "23 27 0:22 / /sys rw - sysfs sysfs rw\n";

const cases = [
  { name: "a plain proc mount", text: plain, at: "/proc", want: "off" },
  { name: "hidepid=invisible with optional fields", text: hidden, at: "/proc", want: "invisible" },
  { name: "the numeric form", text: numeric, at: "/proc", want: "invisible" },
  { name: "an escaped mount point", text: hostProc, at: "/host proc", want: "noaccess" },
  { name: "the last of two mounts at one point", text: remounted, at: "/proc", want: "noaccess" },
  { name: "no proc mount there", text: sysfs, at: "/proc", want: undefined },
  { name: "an empty file", text: "", at: "/proc", want: undefined },
] as const;

for (const c of cases) {
  test(`procHidepid reads ${c.name}`, () => {
    expect(procHidepid(c.text, c.at)).toBe(c.want);
  });
}
