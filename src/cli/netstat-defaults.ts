/**
 * The defaults netstat fills in once every option is read: which protocols
 * and families an `-A`, `-4`, `-6`, `-s` or a bare protocol option implies,
 * and which mode the options ask for.
 */
import type { Mode, Selection } from "../model/options.ts";

/** The selection netstat lists, from the families given and the count of each option key. */
export function netstatSelection(given: Selection, count: (key: string) => number): Selection {
  let sel: Selection = {
    ...given,
    tcp: count("t") > 0,
    sctp: count("S") > 0,
    udp: count("u") > 0,
    udplite: count("U") > 0,
    raw: count("w") > 0,
    igmp: count("g") > 0,
    l2cap: count("2") > 0,
    rfcomm: count("f") > 0,
  };
  const anyProto = (s: Selection): boolean => s.tcp || s.sctp || s.udp || s.udplite || s.raw;
  if ((sel.inet || sel.inet6 || count("s") > 0) && !anyProto(sel)) {
    sel = { ...sel, noprot: true, tcp: true, sctp: true, udp: true, udplite: true, raw: true };
  }
  if ((anyProto(sel) || sel.igmp) && !(sel.inet || sel.inet6)) sel = { ...sel, inet: true, inet6: true };
  if (sel.bluetooth && !(sel.l2cap || sel.rfcomm)) sel = { ...sel, l2cap: true, rfcomm: true };
  sel = {
    ...sel,
    any:
      anyProto(sel) || sel.unix || sel.ipx || sel.ax25 || sel.netrom || sel.igmp || sel.x25 || sel.rose || sel.l2cap || sel.rfcomm,
  };
  return sel;
}

/** The mode the options ask for (the parser has already refused two of them). */
export function netstatMode(count: (key: string) => number): Mode {
  if (count("summary") > 0) return "summary";
  return count("M") > 0 ? "masquerade" : count("s") > 0 ? "statistics" : count("r") > 0 ? "route" : count("i") > 0 ? "interfaces" : "sockets";
}
