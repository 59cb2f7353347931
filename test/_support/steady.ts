/**
 * Records of two readings of the same sockets compare equal except for the countdown of their
 * timers, which moves in between, and the cookie, which only a netlink reading carries.
 */
import type { InetSocket } from "../../src/model/socket.ts";

/** The record without its cookie: what /proc shows of it. */
export function asProc(s: InetSocket): Omit<InetSocket, "cookie"> {
  const { cookie: _, ...rest } = s;
  return rest;
}

/** The record without its countdown and its cookie. */
export function steady(s: InetSocket): Omit<InetSocket, "timerTicks" | "cookie"> {
  const { timerTicks: _, cookie: __, ...rest } = s;
  return rest;
}
