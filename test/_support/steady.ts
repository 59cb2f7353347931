/**
 * Records of two readings of the same sockets compare equal except for the countdown of their
 * timers, which moves in between.
 */
import type { InetSocket } from "../../src/model/socket.ts";

/** The record without its countdown. */
export function steady(s: InetSocket): Omit<InetSocket, "timerTicks"> {
  const { timerTicks: _, ...rest } = s;
  return rest;
}
