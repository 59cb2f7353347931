/**
 * HTTP basic authentication against the bcrypt hashes of a web
 * configuration, as exporter-toolkit does it: an unknown user costs the
 * same comparison as a known one, verdicts are remembered (a bcrypt
 * comparison takes tens of milliseconds), and comparisons run one at a
 * time so that a flood of guesses cannot take every core.
 */

/** Compared against for unknown users, so that their answer takes as long (bcrypt of an unguessable word). */
const DECOY_HASH = "$2b$10$3i8q/y828iR2kPo9cOcKlOaSqKRwZKkQHXaMi.Sw48NeW3AEuQiGm";

/** How many verdicts are remembered: enough for the few users basic auth is meant for. */
const CACHE_SIZE = 1024;

/** Whether a request's Authorization header names a user of `users` with their password. */
export type Authorizer = (authorization: string | null) => Promise<boolean>;

/** The user and password of a Basic Authorization header, or undefined. */
export function basicCredentials(authorization: string | null): { readonly user: string; readonly password: string } | undefined {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization ?? "");
  if (m === null) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** An authorizer for `users` (name to bcrypt hash); with no users, every request passes. */
export function authorizer(users: ReadonlyMap<string, string>): Authorizer {
  if (users.size === 0) return () => Promise.resolve(true);
  const verdicts = new Map<string, boolean>();
  let queue: Promise<unknown> = Promise.resolve();
  return async (authorization) => {
    const given = basicCredentials(authorization);
    if (given === undefined) return false;
    const hash = users.get(given.user);
    const key = JSON.stringify([given.user, hash ?? "", given.password]);
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const compared = queue.then(() => Bun.password.verify(given.password, hash ?? DECOY_HASH).catch(() => false));
    queue = compared;
    const ok = (await compared) && hash !== undefined;
    if (verdicts.size >= CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, ok);
    return ok;
  };
}
