/**
 * `--metrics-help`: every metric family from the catalogue
 * (format/metric-catalogue.ts) with the name its series are exposed under,
 * its type, its labels and its HELP.
 */
import { exposedName } from "./exposition.ts";
import { CATALOGUE, EVENT_FAMILIES, NETNS_LABELS, type FamilyHead } from "./metric-catalogue.ts";

function labelsOf(head: FamilyHead): string {
  const own = head.labelNames.length === 0 ? "none" : head.labelNames.join(", ");
  return head.perNamespace ? `${own}; with --netns*: ${NETNS_LABELS.join(", ")}` : own;
}

const EVENT_NAMES: ReadonlySet<string> = new Set(Object.values(EVENT_FAMILIES).map((h) => h.name));

/** Where a family's series come from. */
function sourceOf(head: FamilyHead): string {
  return EVENT_NAMES.has(head.name) ? "with -c, the --watch event stream followed between readings" : "every reading";
}

/** The `--metrics-help` text. */
export function metricsHelpText(): string {
  let text = "";
  for (const head of CATALOGUE) {
    text += `${exposedName(head)} (${head.type})\n`;
    text += `  labels: ${labelsOf(head)}\n`;
    text += `  from:   ${sourceOf(head)}\n`;
    text += `  ${head.help}\n\n`;
  }
  return text.slice(0, -1);
}
