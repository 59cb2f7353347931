/**
 * `-r`'s final stages: netstat text (each table's header once its file
 * opened, then its rows), and the route records of `--json` and
 * `--format table`.
 */
import type { RouteRecord } from "../pipeline/routes.ts";
import { IPV4_ROUTE_COLUMNS, IPV6_ROUTE_COLUMNS } from "./mode-tables.ts";
import { ipv4CacheHeader, ipv4RouteHeader, ipv4RouteRow, ipv6RouteHeader, ipv6RouteRow, routeLayout } from "./netstat-route.ts";
import { recordStages, type ColumnsOf, type RecordOf } from "./record-stages.ts";
import { ipv4RouteRecord, ipv6RouteRecord } from "./route-record.ts";
import { textStage, type ModeFormatsOf, type StageContext, type TextOf } from "./stages.ts";
import type { Column } from "./table.ts";

const numericOf = (ctx: StageContext): boolean => ctx.options.numericHosts || ctx.options.symbolic;

function routeText(ctx: StageContext): TextOf<RouteRecord> {
  const layout = routeLayout(ctx.options.extend);
  const numeric = numericOf(ctx);
  return (item) => {
    if (item.kind === "section") return "";
    const r = item.record;
    switch (r.kind) {
      case "opened":
        if (r.table === "ipv4") return ipv4RouteHeader(layout);
        if (r.table === "ipv4-cache") return r.format === undefined ? "Kernel IP routing cache\n" : ipv4CacheHeader(layout, r.format);
        return ipv6RouteHeader(r.table === "ipv6-cache");
      case "ipv4":
        // Layout 0 (-eeee) is netstat's title without rows.
        return layout === 0 ? "" : ipv4RouteRow(r.route, layout, numeric, ctx.resolver);
      case "ipv6":
        return ipv6RouteRow(r.route, numeric, ctx.resolver);
    }
  };
}

const routeRecord: RecordOf<RouteRecord> = (ctx) => {
  const numeric = numericOf(ctx);
  return (r) => (r.kind === "ipv4" ? [ipv4RouteRecord(r.route, numeric, ctx.resolver)] : r.kind === "ipv6" ? [ipv6RouteRecord(r.route, numeric, ctx.resolver)] : []);
};

const routeColumns: ColumnsOf = () => (section) =>
  section === "route4" ? (IPV4_ROUTE_COLUMNS as readonly Column<never>[]) : section === "route6" ? (IPV6_ROUTE_COLUMNS as readonly Column<never>[]) : undefined;

/** `-r` in every format. */
export const ROUTE_FORMATS: ModeFormatsOf<RouteRecord> = { text: textStage(routeText), ...recordStages(routeRecord, routeColumns) };
