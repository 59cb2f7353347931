/**
 * The DNS wire format for one question: a PTR query, and the first PTR name
 * of an answer (RFC 1035), following compression pointers.
 */

/** What an answer says about the name asked for. */
export type PtrAnswer =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "none" }
  | { readonly kind: "unusable" };

const TYPE_PTR = 12;
const CLASS_IN = 1;

/** Builds a recursive PTR query for `name` (e.g. `7.113.0.203.in-addr.arpa`) with message id `id`. */
export function encodePtrQuery(id: number, name: string): Uint8Array {
  const labels = name.split(".").filter((l) => l !== "");
  const size = 12 + labels.reduce((n, l) => n + 1 + l.length, 0) + 1 + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, id);
  view.setUint16(2, 0x0100); // RD
  view.setUint16(4, 1); // QDCOUNT
  let at = 12;
  for (const label of labels) {
    out[at++] = label.length;
    for (let i = 0; i < label.length; i++) out[at++] = label.charCodeAt(i) & 0xff;
  }
  out[at++] = 0;
  view.setUint16(at, TYPE_PTR);
  view.setUint16(at + 2, CLASS_IN);
  return out;
}

/** Reads a possibly compressed name at `at`; returns it and the offset after it, or undefined if malformed. */
function readName(msg: Uint8Array, at: number): { readonly name: string; readonly next: number } | undefined {
  const labels: string[] = [];
  let next: number | undefined;
  let pos = at;
  for (let hops = 0; hops < 64; hops++) {
    const len = msg[pos];
    if (len === undefined) return undefined;
    if (len === 0) return { name: labels.join("."), next: next ?? pos + 1 };
    if ((len & 0xc0) === 0xc0) {
      const low = msg[pos + 1];
      if (low === undefined) return undefined;
      next ??= pos + 2;
      pos = ((len & 0x3f) << 8) | low;
      continue;
    }
    if (pos + 1 + len > msg.length) return undefined;
    labels.push(String.fromCharCode(...msg.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return undefined;
}

/** Decodes the reply to query `id`: the first PTR name, no name (NXDOMAIN or no PTR), or unusable. */
export function decodePtrAnswer(msg: Uint8Array, id: number): PtrAnswer {
  if (msg.length < 12) return { kind: "unusable" };
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if (view.getUint16(0) !== id || (view.getUint16(2) & 0x8000) === 0) return { kind: "unusable" };
  const rcode = view.getUint16(2) & 0x000f;
  if (rcode === 3) return { kind: "none" };
  if (rcode !== 0) return { kind: "unusable" };
  let at = 12;
  for (let q = view.getUint16(4); q > 0; q--) {
    const name = readName(msg, at);
    if (name === undefined) return { kind: "unusable" };
    at = name.next + 4;
  }
  for (let a = view.getUint16(6); a > 0; a--) {
    const owner = readName(msg, at);
    if (owner === undefined || owner.next + 10 > msg.length) return { kind: "unusable" };
    const type = view.getUint16(owner.next);
    const length = view.getUint16(owner.next + 8);
    const data = owner.next + 10;
    if (type === TYPE_PTR) {
      const target = readName(msg, data);
      return target === undefined ? { kind: "unusable" } : { kind: "name", name: target.name };
    }
    at = data + length;
  }
  return { kind: "none" };
}
