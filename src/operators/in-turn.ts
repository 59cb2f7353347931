/**
 * concatMap without read-ahead: the next item of a lazy source is pulled
 * only after the previous item's observable completed, so a large file is
 * read one chunk at a time even while names are being resolved.
 */
import { Observable, type Subscription } from "rxjs";

/**
 * Maps each item of `items()` (called on subscription) to an observable and concatenates them,
 * taking the next item only when the previous observable completes. Unsubscribing or an error
 * ends the iteration, which lets a generator close its file.
 *
 * Written as a loop rather than composed from concat/defer: nested concats would keep every
 * finished item (a whole parsed chunk) alive until the end, and recurse once per item.
 */
export function inTurn<T, R>(items: () => Iterable<T>, project: (item: T) => Observable<R>): Observable<R> {
  return new Observable<R>((subscriber) => {
    let iterator: Iterator<T>;
    try {
      iterator = items()[Symbol.iterator]();
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    let inner: Subscription | undefined;
    let stopped = false;
    const pull = (): void => {
      // subscriber.closed: an unsubscribe during the first, synchronous pull comes before the teardown exists.
      while (!stopped && !subscriber.closed) {
        let next: IteratorResult<T>;
        try {
          next = iterator.next();
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (next.done === true) {
          subscriber.complete();
          return;
        }
        let subscribing = true;
        let finishedWhileSubscribing = false;
        inner = project(next.value).subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (subscribing) finishedWhileSubscribing = true;
            else pull();
          },
        });
        subscribing = false;
        // An asynchronous item goes on from its complete callback.
        if (!finishedWhileSubscribing) return;
      }
    };
    pull();
    return () => {
      stopped = true;
      inner?.unsubscribe();
      iterator.return?.();
    };
  });
}
