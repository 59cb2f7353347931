/**
 * A pipeline's items as the CLI's output: the format's final stage, looked
 * up once in the registry, writes the text; the exit status is settled from
 * the same items by one rule (operators/exit-status.ts).
 */
import { connect, map, merge, type Observable } from "rxjs";
import type { Item } from "../model/pipeline.ts";
import type { StageContext, FinalStage } from "../format/stages.ts";
import { exitStatus } from "../operators/exit-status.ts";
import { status, writtenOutput, type Output } from "./output.ts";

/** One pass's items through `stage`, then the pass's status. */
export function staged$<R>(items: Observable<Item<R>>, stage: FinalStage<R>, ctx: StageContext): Observable<Output> {
  return items.pipe(
    connect((shared) =>
      merge(
        shared.pipe(
          stage(ctx),
          map(writtenOutput),
        ),
        shared.pipe(exitStatus(), map(status)),
      ),
    ),
  );
}
