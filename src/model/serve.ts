/**
 * `--serve [ADDR]:PORT` and `--web-config FILE`: where the exporter listens
 * (host absent: every address) and the web configuration file it reads.
 */
import * as v from "valibot";

export const ServeOptionsSchema = v.object({
  /** The address to listen on; absent: every address, as exporters take `:PORT`. */
  host: v.optional(v.pipe(v.string(), v.minLength(1))),
  port: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535)),
  /** `--web-config`: the exporter-toolkit web configuration file (TLS, basic auth). */
  webConfig: v.optional(v.pipe(v.string(), v.minLength(1, "expected a file name"))),
});
export type ServeOptions = v.InferOutput<typeof ServeOptionsSchema>;
