/**
 * One reading at a time, shared: a caller that comes while a reading is
 * under way waits for that one instead of starting another, and the next
 * caller after it ends starts a fresh one. So concurrent scrapes cost one
 * reading, and no scrape waits for more than the reading it joined.
 */

/** `read`, made to share its one reading in flight among every caller meanwhile. */
export function sharedReading<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    if (inFlight !== undefined) return inFlight;
    const started = Promise.resolve()
      .then(read)
      .finally(() => {
        if (inFlight === started) inFlight = undefined;
      });
    inFlight = started;
    return started;
  };
}
