/**
 * `-g` as the socket listing places it: the groups pipeline through the
 * format's final stage, ending at its first failure, with the status the
 * socket listing places among its sections.
 */
import { concat, of, type Observable } from "rxjs";
import { finalStage } from "../format/registry.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import type { Item } from "../model/pipeline.ts";
import type { Group } from "../model/group.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { groupItems$ } from "../pipeline/groups.ts";
import type { GroupReaderState } from "../proc/net-igmp.ts";
import { INITIAL_GROUP_STATE } from "../proc/net-igmp.ts";
import type { NameResolver } from "../resolve/names.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { Output } from "./output.ts";
import { staged$ } from "./staged.ts";

/** What the socket listing's `-g` section needs. */
export interface GroupsOutputContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly colour: boolean;
  readonly now: () => number;
  /** netstat's reader state across passes (text); records read each file from a fresh state. */
  readonly state?: { value: GroupReaderState };
  /** The namespace read, when records carry one. */
  readonly label?: NetnsLabel | undefined;
}

/** The `-g` section in the run's format, then its status. */
export function groupsOutput$(ctx: GroupsOutputContext): Observable<Output> {
  const state = ctx.state ?? { value: INITIAL_GROUP_STATE };
  const items = groupItems$({ root: ctx.root, options: ctx.options, resolver: ctx.resolver, state }).pipe(untilFailure());
  const labelled: Observable<Item<Group>> = ctx.label === undefined ? items : concat(of({ kind: "namespace", label: ctx.label } as const), items);
  return staged$(labelled, finalStage("groups", ctx.options.format), {
    options: ctx.options, resolver: ctx.resolver, colour: ctx.colour, now: ctx.now, pass: 1,
  });
}
