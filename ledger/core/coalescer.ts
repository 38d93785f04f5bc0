/**
 * Runs what is submitted together, group-commit style: when fewer than `maxInFlight`
 * groups are running, a submitted item starts a group at once, with everything waiting;
 * otherwise it waits, and the items that arrived meanwhile go together in the next group
 * (at most `maxGroup` of them). A quiet caller never waits for company; a busy one pays
 * for one round trip and one COMMIT per group instead of per item.
 *
 * `run` answers each item in order, one answer per item. When `run` itself fails — the
 * connection dropped, the group's transaction could not commit — every item of the group
 * is rejected with that error: none of them was acknowledged, and each caller answers its
 * own request as it would have for a failed statement of its own.
 *
 * (DataLoader batches the calls made within one tick and dispatches them regardless of
 * what is in flight; what a COMMIT needs is the opposite: wait for the group ahead, and
 * never more than `maxInFlight` groups holding rows at once. Decision 0036.)
 *
 * @example
 * const writes = new Coalescer(async (sales) => writeTogether(db, sales), {
 *   maxInFlight: 1,
 *   maxGroup: 32,
 * });
 * const outcome = await writes.submit(sale); // with whichever sales arrived meanwhile
 */
interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

export class Coalescer<In, Out> {
  readonly #run: (items: readonly In[]) => Promise<readonly Out[]>;
  readonly #maxInFlight: number;
  readonly #maxGroup: number;
  #waiting: Waiting<In, Out>[] = [];
  #inFlight = 0;

  constructor(
    run: (items: readonly In[]) => Promise<readonly Out[]>,
    limits: { maxInFlight: number; maxGroup: number },
  ) {
    if (!(limits.maxInFlight >= 1 && limits.maxGroup >= 1))
      throw new RangeError('A coalescer runs at least one group of at least one item.');
    this.#run = run;
    this.#maxInFlight = limits.maxInFlight;
    this.#maxGroup = limits.maxGroup;
  }

  /** The item's own answer, once its whole group has run. */
  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#start();
    });
  }

  #start(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0) {
      const group = this.#waiting.splice(0, this.#maxGroup);
      this.#inFlight += 1;
      void this.#runGroup(group);
    }
  }

  async #runGroup(group: Waiting<In, Out>[]): Promise<void> {
    try {
      const answers = await this.#run(group.map((waiting) => waiting.item));
      if (answers.length !== group.length) {
        throw new Error(`A group of ${group.length} was answered ${answers.length} times.`);
      }
      group.forEach((waiting, index) => waiting.resolve(answers[index]!));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    } finally {
      this.#inFlight -= 1;
      this.#start();
    }
  }
}
