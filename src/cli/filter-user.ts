/** `--user NAME|UID` to a uid, through /etc/passwd; a name nobody has is a usage error. */
import { messageSafe } from "../format/terminal-safe.ts";
import { parsePasswd } from "../resolve/etc-passwd.ts";

/** The uid for `--user` (a byte string, as /etc/passwd's names are), or the one-sentence complaint when the name is unknown. */
export function resolveUserFilter(
  user: string | undefined,
  passwdText: () => string,
): { readonly uid: number | undefined } | { readonly error: string } {
  if (user === undefined) return { uid: undefined };
  if (/^[0-9]+$/.test(user)) return { uid: Number(user) };
  for (const [uid, name] of parsePasswd(passwdText())) if (name === user) return { uid };
  return { error: `netstat-stream: Invalid --user value '${messageSafe(user)}': no such user in /etc/passwd\n` };
}
