/**
 * Content negotiation for `GET /metrics`: the Accept header's media ranges
 * with their q-values (RFC 9110 §12.5.1) decide between the text exposition
 * 0.0.4 and OpenMetrics 1.0.0. The most preferred range that names one of
 * them wins; a tie, `*\/*`, no header or nothing acceptable gives text.
 */

/** The two expositions `/metrics` can answer with. */
export type Exposition = "text" | "openmetrics";

/** The Content-Type each exposition is served with. */
export const CONTENT_TYPES: Readonly<Record<Exposition, string>> = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

/** The OpenMetrics versions whose requests OpenMetrics 1.0.0 answers (Prometheus asks for 0.0.1 as well). */
const OPENMETRICS_VERSIONS: ReadonlySet<string> = new Set(["1.0.0", "0.0.1"]);

/** One media range of an Accept header: type/subtype, its parameters (lower-cased names) and q. */
interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
  readonly order: number;
}

/** The media ranges of an Accept header, in the order given; malformed ones are left out. */
export function mediaRanges(accept: string): readonly MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const [order, part] of accept.split(",").entries()) {
    const [type = "", ...rest] = part.split(";").map((s) => s.trim());
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(type)) continue;
    const params = new Map<string, string>();
    for (const p of rest) {
      const eq = p.indexOf("=");
      if (eq <= 0) continue;
      params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"));
    }
    const qWord = params.get("q");
    params.delete("q");
    const q = qWord === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qWord) ? Number(qWord) : Number.NaN;
    if (Number.isNaN(q)) continue;
    ranges.push({ type: type.toLowerCase(), params, q, order });
  }
  return ranges;
}

/** Which exposition a media range names, if any. */
function expositionOf(range: MediaRange): Exposition | undefined {
  const version = range.params.get("version");
  if (range.type === "application/openmetrics-text") return version === undefined || OPENMETRICS_VERSIONS.has(version) ? "openmetrics" : undefined;
  if (range.type === "text/plain") return version === undefined || version === "0.0.4" ? "text" : undefined;
  return undefined;
}

/** The exposition an Accept header asks for (null: no header). */
export function negotiate(accept: string | null): Exposition {
  if (accept === null) return "text";
  let best: { readonly exposition: Exposition; readonly q: number } | undefined;
  for (const range of mediaRanges(accept)) {
    const exposition = expositionOf(range);
    if (exposition === undefined || range.q === 0) continue;
    // Equal preference goes to the text format, the one every scraper reads.
    if (best === undefined || range.q > best.q || (range.q === best.q && exposition === "text")) best = { exposition, q: range.q };
  }
  return best?.exposition ?? "text";
}
