/**
 * Hardware address printers, one per address format netstat 2.10 knows. Each takes the bytes
 * netstat's printer reads (see `hardwareMemory` in hw-types.ts: the interface's 32-byte address
 * buffer and what follows it) and returns the text, quirks included. Bytes are 0..255; C's
 * `char` is signed on the platforms netstat is built for, which two printers show.
 */

/** Reads an address: bytes in, text out. */
export type AddressPrinter = (memory: readonly number[]) => string;

function byte(memory: readonly number[], i: number): number {
  return (memory[i] ?? 0) & 0xff;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

function hexBytes(count: number, separator: string, upper: boolean): AddressPrinter {
  return (memory) => {
    const text = Array.from({ length: count }, (_, i) => hex2(byte(memory, i))).join(separator);
    return upper ? text.toUpperCase() : text;
  };
}

/** Ethernet: six bytes, lower-case hex, colons. */
export const etherAddress = hexBytes(6, ":", false);
/** FDDI: six bytes, upper-case hex, dashes. */
export const fddiAddress = hexBytes(6, "-", true);
/** HIPPI: six bytes, upper-case hex, colons. */
export const hippiAddress = hexBytes(6, ":", true);
/** EUI-64: eight bytes, upper-case hex, colons. */
export const eui64Address = hexBytes(8, ":", true);
/** UNSPEC: the sixteen bytes of a `struct sockaddr`, upper-case hex, dashes. */
export const unspecAddress = hexBytes(16, "-", true);
/** ROSE: the five-byte node address as ten lower-case hex digits. */
export const roseAddress = hexBytes(5, "", false);

/** ARCnet: the one-byte station id in upper-case hex. */
export function arcnetAddress(memory: readonly number[]): string {
  return hex2(byte(memory, 0)).toUpperCase();
}

/**
 * AX.25 and NET/ROM: six callsign characters shifted left one bit, then the SSID in bits 1..4 of
 * the seventh byte. The callsign ends at its first space (or NUL); an SSID of 0 is not shown.
 */
export function callsignAddress(memory: readonly number[]): string {
  let call = "";
  for (let i = 0; i < 6; i++) {
    const c = byte(memory, i) >> 1;
    if (c === 0x20 || c === 0) break;
    call += String.fromCharCode(c);
  }
  const ssid = (byte(memory, 6) & 0x1e) >> 1;
  return ssid === 0 ? call : `${call}-${ssid}`;
}

/** X.25: the address bytes as characters, up to the first NUL, at most sixteen. */
export function x25Address(memory: readonly number[]): string {
  let text = "";
  for (let i = 0; i < 16 && byte(memory, i) !== 0; i++) text += String.fromCharCode(byte(memory, i));
  return text;
}

/** Frame Relay DLCI: the first two bytes as a signed little-endian 16-bit number. */
export function dlciAddress(memory: readonly number[]): string {
  const n = byte(memory, 0) | (byte(memory, 1) << 8);
  return String(n >= 0x8000 ? n - 0x10000 : n);
}

/**
 * IrDA: bytes 3, 2, 1, 0 in two-digit hex with colons. A byte of 0x80 or more is a negative
 * `char` widened to int, so it prints as eight digits (`ffffff84`), and the whole text is cut
 * at netstat's 11 characters.
 */
export function irdaAddress(memory: readonly number[]): string {
  const part = (b: number): string => (b >= 0x80 ? `ffffff${hex2(b)}` : hex2(b));
  return [3, 2, 1, 0].map((i) => part(byte(memory, i))).join(":").slice(0, 11);
}

/**
 * Ash: sixty-four bytes in brackets, one character each. netstat prints every byte as hex but
 * moves on by one character only, so just the first digit stays: the digit itself below 0x10,
 * the high nibble up to 0x7f, and `f` for 0x80 and up (a negative `char`). Its end markers
 * (0xc9, 0xff) never match a signed `char`, so it always reads all sixty-four bytes.
 */
export function ashAddress(memory: readonly number[]): string {
  let text = "[";
  for (let i = 0; i < 64; i++) {
    const b = byte(memory, i);
    text += b >= 0x80 ? "f" : (b < 0x10 ? b : b >> 4).toString(16);
  }
  return `${text}]`;
}

/** IPIP tunnel: an empty address (netstat still prints the space before it). */
export function emptyAddress(): string {
  return "";
}
