import { describe, expect, test } from 'vitest';
import { Coalescer } from './coalescer.js';

/** A group runner the test releases by hand, recording each group it was given. */
function heldRunner() {
  const groups: number[][] = [];
  const releases: ((answer: 'ok' | Error) => void)[] = [];
  const run = (items: readonly number[]) => {
    groups.push([...items]);
    return new Promise<string[]>((resolve, reject) => {
      releases.push((answer) =>
        answer === 'ok' ? resolve(items.map((item) => `answer ${item}`)) : reject(answer),
      );
    });
  };
  return { groups, releases, run };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  test('an item submitted when nothing is running goes at once, alone', async () => {
    const runner = heldRunner();
    const coalescer = new Coalescer(runner.run, { maxInFlight: 1, maxGroup: 10 });
    const answer = coalescer.submit(1);
    expect(runner.groups).toEqual([[1]]);
    runner.releases[0]!('ok');
    await expect(answer).resolves.toBe('answer 1');
  });

  test('items arriving while a group runs wait, then go together, in order, each answered on its own', async () => {
    const runner = heldRunner();
    const coalescer = new Coalescer(runner.run, { maxInFlight: 1, maxGroup: 10 });
    const first = coalescer.submit(1);
    const later = [2, 3, 4].map((item) => coalescer.submit(item));
    await settle();
    expect(runner.groups).toEqual([[1]]);
    runner.releases[0]!('ok');
    await first;
    await settle();
    expect(runner.groups).toEqual([[1], [2, 3, 4]]);
    runner.releases[1]!('ok');
    await expect(Promise.all(later)).resolves.toEqual(['answer 2', 'answer 3', 'answer 4']);
  });

  test('no group is larger than maxGroup; the rest wait for the next', async () => {
    const runner = heldRunner();
    const coalescer = new Coalescer(runner.run, { maxInFlight: 1, maxGroup: 2 });
    const answers = [1, 2, 3, 4, 5].map((item) => coalescer.submit(item));
    for (let released = 0; released < 3; released += 1) {
      await settle();
      runner.releases[released]!('ok');
    }
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
    expect(runner.groups).toEqual([[1], [2, 3], [4, 5]]);
  });

  test('up to maxInFlight groups run at once', async () => {
    const runner = heldRunner();
    const coalescer = new Coalescer(runner.run, { maxInFlight: 2, maxGroup: 10 });
    const answers = [1, 2, 3].map((item) => coalescer.submit(item));
    await settle();
    expect(runner.groups).toEqual([[1], [2]]);
    runner.releases[1]!('ok');
    await settle();
    expect(runner.groups).toEqual([[1], [2], [3]]);
    runner.releases[0]!('ok');
    runner.releases[2]!('ok');
    await expect(Promise.all(answers)).resolves.toEqual(['answer 1', 'answer 2', 'answer 3']);
  });

  test('a group that fails rejects each of its items with its error; the next group still runs', async () => {
    const runner = heldRunner();
    const coalescer = new Coalescer(runner.run, { maxInFlight: 1, maxGroup: 10 });
    const first = coalescer.submit(1);
    const second = [2, 3].map((item) => coalescer.submit(item));
    const dropped = new Error('connection lost');
    runner.releases[0]!('ok');
    await first;
    await settle();
    runner.releases[1]!(dropped);
    for (const answer of second) await expect(answer).rejects.toBe(dropped);
    const after = coalescer.submit(4);
    runner.releases[2]!('ok');
    await expect(after).resolves.toBe('answer 4');
  });

  test('a group answered with the wrong number of answers fails every item instead of misanswering one', async () => {
    const coalescer = new Coalescer(async () => Promise.resolve(['only one']), {
      maxInFlight: 1,
      maxGroup: 10,
    });
    const first = coalescer.submit(1);
    const rest = [coalescer.submit(2), coalescer.submit(3)];
    await expect(first).resolves.toBe('only one');
    for (const answer of rest) await expect(answer).rejects.toThrow(/group of 2 was answered 1/);
  });

  test('limits below one are refused', () => {
    expect(
      () => new Coalescer(async () => Promise.resolve([]), { maxInFlight: 0, maxGroup: 1 }),
    ).toThrow(RangeError);
  });
});
