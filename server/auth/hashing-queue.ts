import { Refusal } from '../../ledger/core/errors.js';

/**
 * A bound on the slow password and PIN work (scrypt, ~100 ms and 32 MiB each). At most
 * `concurrency` hashes run at once, so the CPU and libuv's four worker threads stay free
 * for the tills; at most `capacity` requests may wait or run in all, so a flood of
 * strangers' logins is refused at once (`login_busy`) instead of queueing without end.
 */
export class HashingQueue {
  private running = 0;
  private admitted = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly capacity: number,
  ) {}

  /**
   * Takes a place in the queue or refuses with `login_busy`. The place is held until
   * `release`, across any database work done before the hash, so the bound counts every
   * request that will hash.
   */
  admit(): { run<T>(work: () => Promise<T>): Promise<T>; release(): void } {
    if (this.admitted >= this.capacity) {
      throw new Refusal('login_busy', 'Too many logins at once; please retry in a second.', {
        retryAfterSeconds: 1,
      });
    }
    this.admitted += 1;
    let released = false;
    return {
      run: (work) => this.withSlot(work),
      release: () => {
        if (released) return;
        released = true;
        this.admitted -= 1;
      },
    };
  }

  /** Runs `work` when a hashing slot is free; waits however long that takes. */
  async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, so `running` never over-counts.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** Logins, including unknown usernames (checked against a decoy hash). */
export const loginHashing = new HashingQueue(2, 16);
/** Manager approval PINs typed on a till: authenticated, so kept apart from the logins. */
export const approvalHashing = new HashingQueue(1, 8);
