// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import { retryDelayMs } from './backoff.js';
import { openPosDb, type OutboxItem, type PosDb } from './offline-db.js';
import {
  dismissNeedsAttention,
  enqueue,
  listNeedsAttention,
  listOutbox,
  retryNeedsAttention,
  type NewOutboxItem,
} from './outbox.js';
import { nextBatch } from './send-order.js';
import {
  SyncEngine,
  judgeAnswer,
  type Answer,
  type BatchAnswer,
  type Transport,
} from './sync-engine.js';

let dbCounter = 0;
const opened: PosDb[] = [];

async function freshDb(): Promise<PosDb> {
  dbCounter += 1;
  const db = await openPosDb({ name: `test-pos-batch-${dbCounter}` });
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function testClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

type Scripted = number | undefined;

/**
 * A stand-in for POST /api/sync over idempotent endpoints, as server/routes/sync.ts runs
 * it: each item answered on its own (201 first, 200 the same id again, or the scripted
 * refusal), an item whose shift or sale failed earlier in the batch 424 dependency_failed
 * and not recorded; a batch with an item marked `malformed` is a whole 400, nothing
 * written. `whole` scripts the request itself: a status, 'network' (no answer), or 'lost'
 * (recorded, then the answer is lost).
 */
class BatchServer implements Transport {
  readonly recorded = new Map<string, OutboxItem>();
  /** Ids per batch request, and ids sent alone. */
  readonly batches: string[][] = [];
  readonly singles: string[] = [];
  readonly attempts = new Map<string, number>();
  script: (item: OutboxItem, attempt: number) => Scripted = () => undefined;
  whole: (batch: number) => number | 'network' | 'lost' | undefined = () => undefined;
  /** Cut the results short (a server answering fewer results than items). */
  dropResults = 0;

  canBatch(item: OutboxItem): boolean {
    return item.request.path !== '/api/legacy';
  }

  private isMalformed(item: OutboxItem): boolean {
    const body = item.request.body as { malformed?: boolean } | null;
    return body?.malformed === true;
  }

  private answer(item: OutboxItem): Answer {
    const attempt = (this.attempts.get(item.id) ?? 0) + 1;
    this.attempts.set(item.id, attempt);
    if (this.isMalformed(item)) {
      return { status: 400, json: { error: { code: 'validation_failed', message: 'bad' } } };
    }
    const scripted = this.script(item, attempt);
    if (scripted !== undefined) {
      return {
        status: scripted,
        json: { error: { code: `code_${scripted}`, message: `refused with ${scripted}` } },
      };
    }
    const created = !this.recorded.has(item.id);
    this.recorded.set(item.id, item);
    const key = item.kind === 'sale' ? 'sale' : item.kind === 'refund' ? 'refund' : 'shift';
    return { status: created ? 201 : 200, json: { [key]: { id: item.answerId ?? item.id } } };
  }

  send(item: OutboxItem): Promise<Answer> {
    this.singles.push(item.id);
    return Promise.resolve(this.answer(item));
  }

  sendBatch(items: readonly OutboxItem[]): Promise<BatchAnswer> {
    const index = this.batches.length;
    this.batches.push(items.map((item) => item.id));
    const whole = this.whole(index);
    if (whole === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (typeof whole === 'number') {
      return Promise.resolve({
        status: whole,
        json: { error: { code: whole === 403 ? 'csrf_failed' : `code_${whole}`, message: '' } },
        answers: null,
      });
    }
    if (items.some((item) => this.isMalformed(item))) {
      return Promise.resolve({
        status: 400,
        json: { error: { code: 'validation_failed', message: 'items.3.sale: …' } },
        answers: null,
      });
    }
    const failed = new Map<string, number>();
    const answers = items.map((item, position): Answer => {
      const needs = item.kind === 'shift-open' ? [] : [item.shiftId, ...(item.dependsOn ?? [])];
      const creates = item.kind === 'shift-close' ? null : item.id;
      const failedNeed = needs.find((id) => failed.has(id));
      const answer: Answer =
        failedNeed !== undefined
          ? {
              status: 424,
              json: {
                error: {
                  code: 'dependency_failed',
                  message: `needs ${failedNeed}`,
                  details: { dependsOn: failedNeed, index: failed.get(failedNeed) },
                },
              },
            }
          : this.answer(item);
      if (answer.status >= 400 && creates) failed.set(creates, position);
      return answer;
    });
    if (whole === 'lost') return Promise.reject(new TypeError('The network connection was lost'));
    const kept = answers.slice(0, answers.length - this.dropResults);
    return Promise.resolve({
      status: 200,
      json: { results: kept },
      answers: items.map((_item, position) => kept[position] ?? null),
    });
  }

  /** Every id sent, in order, batched or not. */
  get sent(): string[] {
    return [...this.batches.flat(), ...this.singles];
  }
}

function engine(db: PosDb, transport: Transport, clock = testClock(), maxPerBatch?: number) {
  return new SyncEngine({
    db,
    transport,
    now: clock.now,
    random: () => 0.5,
    environment: {},
    ...(maxPerBatch ? { maxPerBatch } : {}),
  });
}

function open(shiftId: string): NewOutboxItem {
  return {
    id: shiftId,
    kind: 'shift-open',
    shiftId,
    request: { method: 'POST', path: '/api/shifts', body: { id: shiftId } },
  };
}

function sale(id: string, shiftId: string, body: Record<string, unknown> = {}): NewOutboxItem {
  return {
    id,
    kind: 'sale',
    shiftId,
    request: { method: 'POST', path: '/api/sales', body: { id, shiftId, ...body } },
  };
}

function close(shiftId: string): NewOutboxItem {
  return {
    id: `${shiftId}-close`,
    answerId: shiftId,
    kind: 'shift-close',
    shiftId,
    request: { method: 'POST', path: `/api/shifts/${shiftId}/close`, body: {} },
  };
}

async function queue(db: PosDb, items: NewOutboxItem[]): Promise<void> {
  for (const item of items) await enqueue(db, item, 0);
}

const ids = async (db: PosDb) => (await listOutbox(db)).map((item) => item.id);

describe('batches through POST /api/sync', () => {
  test('a shift and 50 sales go in one request; each lands once; a smaller batch size splits them in order', async () => {
    const db = await freshDb();
    const sales = Array.from({ length: 50 }, (_, index) => sale(`s-${index}`, 'shift-a'));
    await queue(db, [open('shift-a'), ...sales]);
    const server = new BatchServer();
    const clock = testClock();
    const sync = engine(db, server, clock);
    await sync.syncNow();
    expect(server.batches).toHaveLength(1);
    expect(server.batches[0]).toEqual(['shift-a', ...sales.map((item) => item.id)]);
    expect(server.singles).toEqual([]);
    expect(await listOutbox(db)).toEqual([]);
    expect(server.recorded.size).toBe(51);
    expect(sync.getStatus()).toMatchObject({ unsynced: 0, lastSuccessAt: clock.now() });

    const db2 = await freshDb();
    await queue(db2, [open('shift-b'), ...sales.map((item) => ({ ...item, shiftId: 'shift-b' }))]);
    const small = new BatchServer();
    await engine(db2, small, testClock(), 20).syncNow();
    expect(small.batches.map((batch) => batch.length)).toEqual([20, 20, 11]);
    expect(small.batches.flat()).toEqual(['shift-b', ...sales.map((item) => item.id)]);
    expect(await listOutbox(db2)).toEqual([]);
  });

  test('partial failure: refused items go to needs-attention, the rest land; the close waits in a later request', async () => {
    const db = await freshDb();
    await queue(db, [
      open('shift-a'),
      sale('a-1', 'shift-a'),
      sale('a-2', 'shift-a'),
      sale('a-3', 'shift-a'),
      close('shift-a'),
      open('shift-b'),
      sale('b-1', 'shift-b'),
      close('shift-b'),
    ]);
    const server = new BatchServer();
    server.script = (item) => (item.id === 'a-1' ? 409 : item.id === 'a-2' ? 422 : undefined);
    const sync = engine(db, server);
    await sync.syncNow();
    // A close never travels with earlier items of its shift: it must see them answered.
    expect(server.batches[0]).toEqual(['shift-a', 'a-1', 'a-2', 'a-3', 'shift-b', 'b-1']);
    expect(server.batches.slice(1)).toEqual([['shift-b-close']]);
    expect(
      (await listNeedsAttention(db)).map((item) => [item.id, item.status, item.code, item.message]),
    ).toEqual([
      ['a-1', 409, 'code_409', 'refused with 409'],
      ['a-2', 422, 'code_422', 'refused with 422'],
    ]);
    expect(await ids(db)).toEqual(['shift-a-close']);
    expect(sync.getStatus()).toMatchObject({ unsynced: 1, needsAttention: 2 });

    await retryNeedsAttention(db, 'a-1');
    server.script = () => undefined;
    await sync.syncNow();
    expect(server.batches.at(-1)).toEqual(['a-1']);
    expect(await ids(db)).toEqual(['shift-a-close']);
    await dismissNeedsAttention(db, 'a-2', { by: 'manager-1', reason: '作废' });
    await sync.syncNow();
    expect(server.batches.at(-1)).toEqual(['shift-a-close']);
    expect(await ids(db)).toEqual([]);
    expect(server.singles).toEqual([]);
  });

  test('424 dependency_failed: a refused open’s items stay queued, unchanged and in order, until the open is resolved', async () => {
    const db = await freshDb();
    await queue(db, [
      open('shift-a'),
      sale('a-1', 'shift-a'),
      sale('a-2', 'shift-a'),
      open('shift-b'),
      sale('b-1', 'shift-b'),
    ]);
    const server = new BatchServer();
    server.script = (item, attempt) => (item.id === 'shift-a' && attempt === 1 ? 409 : undefined);
    const sync = engine(db, server);
    await sync.syncNow();
    expect(server.batches).toEqual([['shift-a', 'a-1', 'a-2', 'shift-b', 'b-1']]);
    expect((await listNeedsAttention(db)).map((item) => [item.id, item.status])).toEqual([
      ['shift-a', 409],
    ]);
    // Not parked, not counted as an attempt, nothing of them written: they wait on the open.
    const queued = await listOutbox(db);
    expect(queued.map((item) => [item.id, item.attempts, item.lastError])).toEqual([
      ['a-1', 0, null],
      ['a-2', 0, null],
    ]);
    expect([...server.recorded.keys()]).toEqual(['shift-b', 'b-1']);
    // While the open is refused, nothing of its shift is sent again.
    await sync.syncNow();
    expect(server.batches).toHaveLength(1);
    // A manager sends the open again: it goes back in front of its sales, all land together.
    await retryNeedsAttention(db, 'shift-a');
    await sync.syncNow();
    expect(server.batches.at(-1)).toEqual(['shift-a', 'a-1', 'a-2']);
    expect(await listOutbox(db)).toEqual([]);
    expect([...server.recorded.keys()]).toEqual(['shift-b', 'b-1', 'shift-a', 'a-1', 'a-2']);
  });

  test('424 behind a retried open: the sales wait out the open’s backoff, then go with it', async () => {
    const db = await freshDb();
    await queue(db, [open('shift-a'), sale('a-1', 'shift-a'), sale('a-2', 'shift-a')]);
    const server = new BatchServer();
    server.script = (item, attempt) => (item.id === 'shift-a' && attempt === 1 ? 503 : undefined);
    const clock = testClock();
    const sync = engine(db, server, clock);
    await sync.syncNow();
    const [openItem, ...rest] = await listOutbox(db);
    expect([openItem!.id, openItem!.attempts, openItem!.lastError]).toEqual([
      'shift-a',
      1,
      '503 code_503',
    ]);
    expect(rest.map((item) => [item.id, item.attempts])).toEqual([
      ['a-1', 0],
      ['a-2', 0],
    ]);
    expect(await listNeedsAttention(db)).toEqual([]);
    await sync.syncNow();
    expect(server.batches).toHaveLength(1);
    clock.advance(retryDelayMs(1, () => 0.5));
    await sync.syncNow();
    expect(server.batches).toEqual([
      ['shift-a', 'a-1', 'a-2'],
      ['shift-a', 'a-1', 'a-2'],
    ]);
    expect(await listOutbox(db)).toEqual([]);
  });

  test('a refund waits for its queued sale in another shift, then goes in the next request', async () => {
    const db = await freshDb();
    await queue(db, [
      open('shift-a'),
      sale('a-1', 'shift-a'),
      {
        id: 'r-1',
        kind: 'refund',
        shiftId: 'shift-b',
        dependsOn: ['a-1'],
        request: { method: 'POST', path: '/api/sales/a-1/refunds', body: { id: 'r-1' } },
      },
    ]);
    const server = new BatchServer();
    await engine(db, server).syncNow();
    expect(server.batches).toEqual([['shift-a', 'a-1'], ['r-1']]);
    expect(await listOutbox(db)).toEqual([]);
  });

  test('a 503 for one item in the batch: it is retried with backoff, the others land, its close waits for it', async () => {
    const db = await freshDb();
    await queue(db, [
      open('shift-a'),
      sale('a-1', 'shift-a'),
      sale('a-2', 'shift-a'),
      sale('a-3', 'shift-a'),
      close('shift-a'),
    ]);
    const server = new BatchServer();
    server.script = (item, attempt) => (item.id === 'a-2' && attempt === 1 ? 503 : undefined);
    const clock = testClock();
    const sync = engine(db, server, clock);
    await sync.syncNow();
    expect(await ids(db)).toEqual(['a-2', 'shift-a-close']);
    expect((await listOutbox(db))[0]!.nextAttemptAt).toBe(clock.now() + 1000);
    await sync.syncNow();
    expect(server.batches).toHaveLength(1);
    clock.advance(1000);
    await sync.syncNow();
    expect(server.batches.slice(1)).toEqual([['a-2'], ['shift-a-close']]);
    expect(await listOutbox(db)).toEqual([]);
    // The open, three sales and the close, each once.
    expect(server.recorded.size).toBe(5);
  });
});

describe('a batch refused or lost as a whole', () => {
  test('no answer after the server recorded the batch: every item retried with backoff, the resend is replayed (200), nothing doubled', async () => {
    const db = await freshDb();
    await queue(db, [open('shift-a'), sale('a-1', 'shift-a'), sale('a-2', 'shift-a')]);
    const server = new BatchServer();
    server.whole = (batch) => (batch === 0 ? 'lost' : undefined);
    const clock = testClock();
    const statuses: number[] = [];
    const sync = engine(
      db,
      {
        send: (item) => server.send(item),
        sendBatch: async (items) => {
          const answer = await server.sendBatch(items);
          statuses.push(...answer.answers!.map((own) => own!.status));
          return answer;
        },
      },
      clock,
    );
    await sync.syncNow();
    expect(server.recorded.size).toBe(3);
    expect((await listOutbox(db)).map((item) => [item.id, item.attempts])).toEqual([
      ['shift-a', 1],
      ['a-1', 1],
      ['a-2', 1],
    ]);
    expect((await listOutbox(db))[0]!.lastError).toBe('The network connection was lost');
    await sync.syncNow();
    expect(server.batches).toHaveLength(1);
    clock.advance(1000);
    await sync.syncNow();
    expect(statuses).toEqual([200, 200, 200]);
    expect(await listOutbox(db)).toEqual([]);
    expect(server.recorded.size).toBe(3);
  });

  test('503 for the batch: all retried, none parked; 401: paused, nothing changed; 403 csrf_failed: retried, never parked', async () => {
    for (const status of [503, 401, 403]) {
      const db = await freshDb();
      await queue(db, [sale('a-1', 'shift-a'), sale('a-2', 'shift-a')]);
      const server = new BatchServer();
      server.whole = (batch) => (batch === 0 ? status : undefined);
      const clock = testClock();
      const sync = engine(db, server, clock);
      await sync.syncNow();
      expect(await listNeedsAttention(db)).toEqual([]);
      const attempts = (await listOutbox(db)).map((item) => item.attempts);
      expect(attempts).toEqual(status === 401 ? [0, 0] : [1, 1]);
      expect(sync.getStatus().loginRequired).toBe(status === 401);
      if (status === 401) sync.loggedIn();
      clock.advance(120_000);
      await sync.syncNow();
      expect(await listOutbox(db)).toEqual([]);
      expect(server.batches).toHaveLength(2);
      expect(server.singles).toEqual([]);
    }
  });

  test('400 for the batch (one malformed item): those items go one by one, the malformed one is parked, the next drain batches again', async () => {
    const db = await freshDb();
    await queue(db, [
      open('shift-a'),
      sale('a-1', 'shift-a'),
      sale('a-2', 'shift-a', { malformed: true }),
      sale('a-3', 'shift-a'),
    ]);
    const server = new BatchServer();
    const sync = engine(db, server);
    await sync.syncNow();
    expect(server.batches).toEqual([['shift-a', 'a-1', 'a-2', 'a-3']]);
    expect(server.singles).toEqual(['shift-a', 'a-1', 'a-2', 'a-3']);
    expect((await listNeedsAttention(db)).map((item) => [item.id, item.status, item.code])).toEqual(
      [['a-2', 400, 'validation_failed']],
    );
    expect(await listOutbox(db)).toEqual([]);
    expect([...server.recorded.keys()]).toEqual(['shift-a', 'a-1', 'a-3']);
    await sync.enqueue(sale('a-4', 'shift-a'));
    await sync.syncNow();
    expect(server.batches.at(-1)).toEqual(['a-4']);
    expect(server.singles).toHaveLength(4);
  });

  test('an answer that does not account for an item: that item is retried, never taken as sent', async () => {
    const db = await freshDb();
    await queue(db, [sale('a-1', 'shift-a'), sale('a-2', 'shift-b')]);
    const server = new BatchServer();
    server.dropResults = 1;
    const clock = testClock();
    const sync = engine(db, server, clock);
    await sync.syncNow();
    expect((await listOutbox(db)).map((item) => [item.id, item.attempts, item.lastError])).toEqual([
      ['a-2', 1, '200 no answer for this item'],
    ]);
    server.dropResults = 0;
    clock.advance(1000);
    await sync.syncNow();
    expect(await listOutbox(db)).toEqual([]);
    expect(server.recorded.size).toBe(2);
  });

  test('an item the batch cannot carry is sent on its own, in its place', async () => {
    const db = await freshDb();
    await queue(db, [
      { ...sale('old-1', 'shift-a'), request: { method: 'POST', path: '/api/legacy', body: {} } },
      sale('a-2', 'shift-a'),
      sale('b-1', 'shift-b'),
    ]);
    const server = new BatchServer();
    await engine(db, server).syncNow();
    expect(server.singles).toEqual(['old-1']);
    expect(server.batches).toEqual([['a-2', 'b-1']]);
    expect(await listOutbox(db)).toEqual([]);
  });

  test('two tabs with Web Locks: one drains, in batches, each item sent once', async () => {
    const db = await freshDb();
    await queue(
      db,
      Array.from({ length: 30 }, (_, index) => sale(`s-${index}`, 'shift-a')),
    );
    const held = new Set<string>();
    const locks = {
      async request<T>(
        lockName: string,
        _options: { ifAvailable: boolean },
        callback: (lock: unknown) => Promise<T>,
      ) {
        if (held.has(lockName)) return callback(null);
        held.add(lockName);
        try {
          return await callback({ name: lockName });
        } finally {
          held.delete(lockName);
        }
      },
    };
    const server = new BatchServer();
    const slow: Transport = {
      send: (item) => server.send(item),
      sendBatch: (items) =>
        new Promise((resolve) => setTimeout(() => resolve(server.sendBatch(items)), 1)),
    };
    const tab = () =>
      new SyncEngine({
        db,
        transport: slow,
        random: () => 0.5,
        maxPerBatch: 10,
        environment: { navigator: { locks } },
      });
    const [tabA, tabB] = [tab(), tab()];
    await Promise.all([tabA.syncNow(), tabB.syncNow(), tabA.syncNow()]);
    expect(server.batches.map((batch) => batch.length)).toEqual([10, 10, 10]);
    expect(new Set(server.sent).size).toBe(30);
    expect(server.sent).toHaveLength(30);
  });
});

describe('answer mapping and batch selection', () => {
  const item = (change: Partial<OutboxItem> = {}): OutboxItem => ({
    seq: 1,
    id: 'sale-1',
    kind: 'sale',
    shiftId: 'shift-1',
    dependsOn: [],
    actorId: null,
    request: { method: 'POST', path: '/api/sales', body: {} },
    createdAt: 0,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    ...change,
  });
  const error = (code: string) => ({ error: { code, message: `m ${code}` } });

  test('judgeAnswer: each status as the single endpoint’s answer is treated', () => {
    const verdict = (status: number, json: unknown, change?: Partial<OutboxItem>) =>
      judgeAnswer(item(change), { status, json }, 42);
    expect(verdict(201, { sale: { id: 'sale-1' } })).toEqual({
      outcome: { type: 'confirmed' },
      stop: false,
      loginRequired: false,
    });
    expect(verdict(200, { shift: { id: 'shift-1' } }, { answerId: 'shift-1' }).outcome.type).toBe(
      'confirmed',
    );
    expect(verdict(200, { sale: { id: 'other' } }).outcome).toMatchObject({
      type: 'refused',
      code: 'answer_without_id',
    });
    expect(verdict(424, error('dependency_failed'))).toEqual({
      outcome: { type: 'unchanged' },
      stop: false,
      loginRequired: false,
    });
    expect(verdict(401, error('unauthenticated'))).toEqual({
      outcome: { type: 'unchanged' },
      stop: true,
      loginRequired: true,
    });
    expect(verdict(403, error('csrf_failed'))).toEqual({
      outcome: { type: 'retry', error: '403 csrf_failed', nextAttemptAt: 42 },
      stop: true,
      loginRequired: false,
    });
    for (const status of [500, 503, 408, 429]) {
      expect(verdict(status, error('busy')).outcome).toEqual({
        type: 'retry',
        error: `${status} busy`,
        nextAttemptAt: 42,
      });
    }
    for (const status of [400, 403, 404, 409, 422]) {
      expect(verdict(status, error('refused')).outcome).toEqual({
        type: 'refused',
        status,
        code: 'refused',
        message: 'm refused',
      });
    }
  });

  test('nextBatch: order per shift, backoff ends a shift’s run, a close alone, an unbatchable item first goes alone', () => {
    const all = () => true;
    const outbox = [
      item({ seq: 1, id: 'open-a', kind: 'shift-open', shiftId: 'a' }),
      item({ seq: 2, id: 'a-1', shiftId: 'a' }),
      item({ seq: 3, id: 'a-2', shiftId: 'a', nextAttemptAt: 500 }),
      item({ seq: 4, id: 'a-3', shiftId: 'a' }),
      item({ seq: 5, id: 'close-b', kind: 'shift-close', shiftId: 'b' }),
      item({ seq: 6, id: 'c-1', shiftId: 'c' }),
      item({ seq: 7, id: 'close-c', kind: 'shift-close', shiftId: 'c' }),
      item({ seq: 8, id: 'r-1', kind: 'refund', shiftId: 'd', dependsOn: ['a-3'] }),
    ];
    const pick = (now: number, options: Partial<Parameters<typeof nextBatch>[3]> = {}) =>
      nextBatch(outbox, [], now, { max: 100, batchable: all, ...options });
    expect(pick(0).items.map((entry) => entry.id)).toEqual(['open-a', 'a-1', 'close-b', 'c-1']);
    expect(pick(500).items.map((entry) => entry.id)).toEqual([
      'open-a',
      'a-1',
      'a-2',
      'a-3',
      'close-b',
      'c-1',
    ]);
    expect(pick(0, { max: 2 }).items.map((entry) => entry.id)).toEqual(['open-a', 'a-1']);
    expect(pick(0, { held: new Set(['a-1']) }).items.map((entry) => entry.id)).toEqual([
      'open-a',
      'close-b',
      'c-1',
    ]);
    const alone = pick(0, { batchable: (entry) => entry.id !== 'open-a' });
    expect([alone.batched, alone.items.map((entry) => entry.id)]).toEqual([false, ['open-a']]);
    const behind = pick(0, { batchable: (entry) => entry.id !== 'a-1' });
    expect(behind.items.map((entry) => entry.id)).toEqual(['open-a', 'close-b', 'c-1']);
  });
});
