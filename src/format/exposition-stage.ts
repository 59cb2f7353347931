/**
 * The socket listing's Prometheus exposition (`--format prometheus`,
 * `--textfile`): the final stage that counts each socket as it comes (with
 * the owners and namespace in force), keeps each namespace's protocol
 * counters, and once the reading is complete writes every family in the
 * text format 0.0.4, as UTF-8 bytes. Messages go to stderr.
 */
import { Observable } from "rxjs";
import { utf8Bytes } from "../model/bytes.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { Written } from "../model/pipeline.ts";
import type { InetSocket } from "../model/socket.ts";
import type { ListingRecord } from "../pipeline/socket-listing.ts";
import { renderExposition, type ExpositionFormat, type Labels } from "./exposition.ts";
import { ListingState, recordOptions } from "./listing-record.ts";
import { counterFamilies, ReadingMetrics, readingFamilies, tcpProtocols, type NamespaceCounters } from "./metric-families.ts";
import { netnsFields, type NetnsFields } from "./netns-fields.ts";
import { namespaceLabelsOf, type MetricNetworkRecord, type MetricsOptions } from "./socket-metrics.ts";
import { stateOf } from "./socket-record.ts";
import { diagnosticWritten, type FinalStage } from "./stages.ts";

/** The metric options of a run. */
export function metricsOptions(options: Pick<Options, "metrics" | "netns">): MetricsOptions {
  return { ports: options.metrics.ports, maxSeries: options.metrics.maxSeries, netns: options.netns !== undefined };
}

/** A namespace's labels as the series carry them (empty values where unknown). */
export function namespaceLabels(label: NetnsLabel): Labels {
  return namespaceLabelsOf(netnsFields(label));
}

/**
 * What the metrics read of an Internet socket, without the rest of its record (names, user,
 * timer): the exposition counts every socket, and at tens of thousands the record is its cost.
 */
function inetFacts(socket: InetSocket, owners: OwnerLookup | undefined, fields: NetnsFields | undefined): MetricNetworkRecord {
  return {
    kind: "network",
    proto: socket.label,
    state: stateOf(socket),
    local_ip: socket.localAddress,
    local_port_num: socket.localPort,
    foreign_port_num: socket.remotePort,
    ...(owners === undefined ? {} : { program_name: owners(socket.inode)?.program ?? null }),
    ...fields,
  };
}

/** The exposition as the sinks write it: Unicode text (which holds no lone surrogate) as its UTF-8 bytes, one per character (model/bytes.ts). */
export function expositionBytes(text: string): string {
  return utf8Bytes(text);
}

/** The socket listing's exposition in `format` (the CLI writes the text format; `--serve` may ask for OpenMetrics). */
export function listingExposition(format: ExpositionFormat): FinalStage<ListingRecord> {
  return (ctx) => (items) =>
    new Observable<Written>((subscriber) => {
      const started = ctx.now();
      const options = metricsOptions(ctx.options);
      const reading = new ReadingMetrics(options, tcpProtocols(ctx.options.selection));
      const state = new ListingState(ctx, recordOptions(ctx.options));
      const counters: NamespaceCounters[] = [];
      let fields: NetnsFields | undefined;
      if (!options.netns) reading.namespace({});
      const add = (records: readonly ListingRecord[]): void => {
        for (const r of records) {
          if (state.learn(r)) continue;
          if (r.kind === "counters") counters.push({ labels: state.label === undefined ? {} : namespaceLabels(state.label), sections: r.sections });
          else if (r.kind === "inet") reading.add(inetFacts(r, state.naming.owners ? state.lookup : undefined, fields));
          else if (r.kind !== "group" && r.kind !== "legacy") reading.add(state.record(r));
        }
      };
      return items.subscribe({
        next: (item) => {
          switch (item.kind) {
            case "diagnostic":
              if (state.says(item.diagnostic)) for (const w of diagnosticWritten("prometheus", item)) subscriber.next(w);
              return;
            case "namespace":
              state.label = item.label;
              fields = netnsFields(item.label);
              return reading.namespace(namespaceLabels(item.label));
            case "section":
              return;
            case "record":
              return add([item.record]);
            case "batch":
              return add(item.records);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const families = [...reading.families(), ...(ctx.eventFamilies?.() ?? []), ...counterFamilies(counters, options.netns)];
          const text = renderExposition(readingFamilies(families, options, Math.max(0, ctx.now() - started) / 1000), format);
          subscriber.next({ stream: "stdout", text: expositionBytes(text) });
          subscriber.complete();
        },
      });
    });
}

/** `--format prometheus` and `--textfile` of the socket listing: the text format 0.0.4. */
export const socketListingExposition: FinalStage<ListingRecord> = listingExposition("text");
