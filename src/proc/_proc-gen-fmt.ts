/**
 * net-tools' `proc_gen_fmt`: builds a scanf format from a /proc header line,
 * so that columns are found by name and unknown columns are skipped.
 */

/** The scanf format for `header`, or the first wanted column that the header lacks. */
export function procGenFmt(
  header: string,
  wanted: readonly (readonly [title: string, conversion: string])[],
): { readonly format: string } | { readonly missing: string } {
  let format = "";
  let next = 0;
  const words = `${header} `;
  let at = 0;
  for (;;) {
    while (at < words.length && " \t\n\v\f\r|".includes(words[at]!)) at++;
    let end = at;
    while (end < words.length && !"| \t\n".includes(words[end]!)) end++;
    const head = words.slice(at, end);
    const last = end >= words.length;
    at = end + 1;
    const want = wanted[next];
    if (want !== undefined && want[0] === head) {
      format += want[1];
      next++;
      if (next >= wanted.length) break;
    } else {
      format += "%*s";
    }
    format += " ";
    if (last) break;
  }
  const missing = wanted[next];
  return next < wanted.length && missing !== undefined ? { missing: missing[0] } : { format };
}
