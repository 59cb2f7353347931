/**
 * Parsers for the per-interface attribute files under /sys/class/net/NAME,
 * used when interface ioctls are unavailable.
 */

/** Parses a decimal or `0x` hex attribute (`flags` is `0x1003`); undefined when it is neither. */
export function parseSysNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^-?[0-9]+$/.test(t)) return Number.parseInt(t, 10);
  return undefined;
}

/** Parses a hardware address (`4a:54:12:07:90:f9`) into bytes; empty when absent. */
export function parseSysAddress(text: string): number[] {
  const t = text.trim();
  if (t === "") return [];
  return t.split(":").map((b) => Number.parseInt(b, 16) & 0xff);
}

/**
 * The flags SIOCGIFFLAGS would report, from the `flags` attribute (the
 * device's own flags) and `operstate`: RUNNING is derived, as the kernel
 * derives it, from an up device whose operational state is up or unknown.
 */
export function sysInterfaceFlags(flags: number, operstate: string): number {
  const running = 0x40;
  const base = flags & ~running & 0xffff;
  const state = operstate.trim();
  const up = (base & 0x1) !== 0 && (state === "up" || state === "unknown");
  const word = up ? base | running : base;
  return word >= 0x8000 ? word - 0x10000 : word;
}
