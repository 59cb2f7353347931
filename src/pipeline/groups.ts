/**
 * `-g` as one pipeline for every format: IPv4 memberships, then IPv6, read
 * through netstat's group reader (whose state netstat carries from pass to
 * pass), with its bogus-line warnings. Like netstat, a missing igmp file
 * fails the run only after igmp6 is shown; a missing igmp6 says nothing.
 */
import { concat, defer, from, mergeMap, of, type Observable } from "rxjs";
import type { DiagnosticOf } from "../model/diagnostic.ts";
import type { Group } from "../model/group.ts";
import type { Options } from "../model/options.ts";
import { diagnostic, record, section, type Item } from "../model/pipeline.ts";
import { readGroups, type GroupReaderState } from "../proc/net-igmp.ts";
import type { NameResolver } from "../resolve/names.ts";
import { groupHostLookups } from "../select/groups.ts";
import { GROUP_FILES } from "../sources/groups.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";

/** What one `-g` pass needs. */
export interface GroupsContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  /** netstat's reader state, carried from file to file and pass to pass. */
  readonly state: { value: GroupReaderState };
}

type GroupItem = Item<Group>;

/** One membership file's warnings and groups, names resolved; or why it could not be read. */
function groupFile(ctx: GroupsContext, family: keyof typeof GROUP_FILES): Observable<GroupItem> | ProcReadError {
  let text: string;
  try {
    text = ctx.root.readText(GROUP_FILES[family]);
  } catch (error) {
    if (error instanceof ProcReadError) return error;
    throw error;
  }
  const read = readGroups(text, ctx.state.value);
  ctx.state.value = read.state;
  const warnings = read.issues.map((i) => diagnostic<Group>({ kind: "bogus-line", reader: i.reader, line: i.line }));
  const groups = read.records.map((g) => record(g));
  const lookups = groupHostLookups(read.records, ctx.options.numericHosts);
  const resolved = lookups.size === 0 ? from(groups) : from(ctx.resolver.resolveHosts(lookups)).pipe(mergeMap(() => from(groups)));
  return concat(from(warnings), resolved);
}

const missing = (e: ProcReadError): boolean => e.code === "ENOENT" || e.code === "EACCES";

/** One `-g` pass (the run ends at the first failure: operators/exit-status.ts). */
export function groupItems$(ctx: GroupsContext): Observable<GroupItem> {
  return defer(() => {
    const { selection, verbose } = ctx.options;
    let late: DiagnosticOf<"no-support"> | undefined;
    const parts: Observable<GroupItem>[] = [of(section("groups"))];
    if (!selection.any || selection.inet) {
      parts.push(
        defer(() => {
          const read = groupFile(ctx, "inet");
          if (!(read instanceof ProcReadError)) return read;
          if (!missing(read)) return of(diagnostic({ kind: "unreadable", path: read.path, errno: read.code }));
          if (!selection.noprot && (selection.any || verbose)) late = { kind: "no-support", family: "AF INET (igmp)", asked: selection.any };
          return from([]);
        }),
      );
    }
    if (!selection.any || selection.inet6) {
      parts.push(
        defer(() => {
          const read = groupFile(ctx, "inet6");
          if (!(read instanceof ProcReadError)) return read;
          if (missing(read)) return from([]);
          // igmp's message comes first, as netstat printed it before reading igmp6.
          const said = late === undefined ? [] : [diagnostic<Group>({ ...late, asked: false })];
          late = undefined;
          return from([...said, diagnostic<Group>({ kind: "unreadable", path: read.path, errno: read.code })]);
        }),
      );
    }
    parts.push(defer(() => (late === undefined ? from([]) : of(diagnostic<Group>(late)))));
    return concat(...parts);
  });
}
