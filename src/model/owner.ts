/**
 * Who holds a socket: the process `-p` names, and the lookup from a socket's
 * inode to it that the listing, the records and the filters share.
 */

/** The process that holds a socket. */
export interface ProcessRef {
  readonly pid: number;
  /** argv[0], cut after its last `/` when it starts with one (never `comm`). */
  readonly program: string;
}

/** inode to owner; undefined when no process holds it or processes were not looked up. */
export type OwnerLookup = (inode: number) => ProcessRef | undefined;

/** The lookup that knows no owner (processes not read). */
export const noOwners: OwnerLookup = () => undefined;
