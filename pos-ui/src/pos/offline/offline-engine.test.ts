// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, test } from 'vitest';
import { retryDelayMs } from './backoff.js';
import { cacheCatalog, listCachedCatalog } from './catalog-cache.js';
import { openPosDb, POS_DB_VERSION, type OutboxItem, type PosDb } from './offline-db.js';
import {
  dismissNeedsAttention,
  enqueue,
  enqueueSale,
  listNeedsAttention,
  listOutbox,
  pendingForShift,
  retryNeedsAttention,
} from './outbox.js';
import { configureReceiptCounter } from './receipt-numbers.js';
import { clearSession, readSession, saveSession } from './session-store.js';
import { cacheStaff, checkOfflinePin, rememberPin } from './staff-cache.js';
import { SyncEngine, type SyncEnvironment, type Transport } from './sync-engine.js';

let dbCounter = 0;
const opened: PosDb[] = [];

async function freshDb(): Promise<{ db: PosDb; name: string }> {
  dbCounter += 1;
  const name = `test-pos-${dbCounter}`;
  const db = await openPosDb({ name });
  opened.push(db);
  return { db, name };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A movable clock and a pinned random, so backoff is exact. */
function testClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/**
 * A stand-in for the server's idempotent write endpoints: it records each id once and
 * answers 201 the first time, 200 with the same id after; `script` can override the
 * answer per id and attempt (a status, or 'lost' = record it, then the answer is lost).
 */
class FakeServer implements Transport {
  readonly recorded = new Map<string, OutboxItem>();
  readonly sent: string[] = [];
  readonly attempts = new Map<string, number>();
  script: (item: OutboxItem, attempt: number) => number | 'lost' | 'network' | undefined = () =>
    undefined;

  send(item: OutboxItem): Promise<{ status: number; json: unknown }> {
    const attempt = (this.attempts.get(item.id) ?? 0) + 1;
    this.attempts.set(item.id, attempt);
    this.sent.push(item.id);
    const scripted = this.script(item, attempt);
    if (scripted === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (typeof scripted === 'number' && scripted !== 200 && scripted !== 201) {
      return Promise.resolve({
        status: scripted,
        json: { error: { code: `code_${scripted}`, message: `refused with ${scripted}` } },
      });
    }
    const created = !this.recorded.has(item.id);
    this.recorded.set(item.id, item);
    if (scripted === 'lost')
      return Promise.reject(new TypeError('The network connection was lost'));
    const key = item.kind === 'sale' ? 'sale' : item.kind === 'refund' ? 'refund' : 'shift';
    return Promise.resolve({
      status: created ? 201 : 200,
      json: { [key]: { id: item.answerId ?? item.id } },
    });
  }
}

function engine(
  db: PosDb,
  transport: Transport,
  clock = testClock(),
  environment: SyncEnvironment = {},
) {
  return new SyncEngine({ db, transport, now: clock.now, random: () => 0.5, environment });
}

async function queueShift(db: PosDb, shiftId: string, sales: string[], now = 0) {
  await enqueue(
    db,
    {
      id: shiftId,
      kind: 'shift-open',
      shiftId,
      request: { method: 'POST', path: '/api/shifts', body: { id: shiftId } },
    },
    now,
  );
  for (const id of sales) {
    await enqueue(
      db,
      {
        id,
        kind: 'sale',
        shiftId,
        request: { method: 'POST', path: '/api/sales', body: { id, shiftId } },
      },
      now,
    );
  }
  await enqueue(
    db,
    {
      id: `${shiftId}-close`,
      answerId: shiftId,
      kind: 'shift-close',
      shiftId,
      request: { method: 'POST', path: `/api/shifts/${shiftId}/close`, body: {} },
    },
    now,
  );
}

describe('outbox order', () => {
  test('a shift opens first and closes last; the close waits while its sale is retried', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await enqueue(db, {
      id: 'shift-a',
      kind: 'shift-open',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/shifts', body: {} },
    });
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'sale-2',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    // A close is answered with its shift: the item says which id to expect.
    await enqueue(db, {
      id: 'close-a',
      answerId: 'shift-a',
      kind: 'shift-close',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/shifts/shift-a/close', body: {} },
    });
    const clock = testClock();
    server.script = (item, attempt) => (item.id === 'sale-2' && attempt === 1 ? 503 : undefined);
    const sync = engine(db, server, clock);
    await sync.syncNow();
    // sale-2 got a 503 and waits out its backoff; the close must not overtake it.
    expect(server.sent).toEqual(['shift-a', 'sale-1', 'sale-2']);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual(['sale-2', 'close-a']);
    await sync.syncNow();
    expect(server.sent).toEqual(['shift-a', 'sale-1', 'sale-2']);
    clock.advance(retryDelayMs(1, () => 0.5));
    await sync.syncNow();
    expect(server.sent).toEqual(['shift-a', 'sale-1', 'sale-2', 'sale-2', 'close-a']);
    expect(await listOutbox(db)).toEqual([]);
  });

  test('another shift’s items are not held up by this shift’s retry', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await queueShift(db, 'shift-a', ['a-1']);
    await queueShift(db, 'shift-b', ['b-1']);
    server.script = (item) => (item.shiftId === 'shift-a' ? 500 : undefined);
    await engine(db, server).syncNow();
    expect(server.sent).toEqual(['shift-a', 'shift-b', 'b-1', 'shift-b-close']);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual([
      'shift-a',
      'a-1',
      'shift-a-close',
    ]);
  });
});

describe('retry', () => {
  test('backoff: exponential with full jitter from 1 s to 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    expect(retryDelayMs(5, () => 0.5)).toBe(8000);
    expect(retryDelayMs(5, () => 0)).toBe(1000);
    expect(retryDelayMs(1000, () => 1)).toBe(60000);
  });

  test('network errors, 5xx and 429 are retried at the backoff’s time, not before', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    const clock = testClock();
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    const failures = ['network', 503, 429, 500] as const;
    server.script = (_item, attempt) => failures[attempt - 1];
    const sync = engine(db, server, clock);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= failures.length; attempt += 1) {
      await sync.syncNow();
      const [item] = await listOutbox(db);
      expect(item!.attempts).toBe(attempt);
      waits.push(item!.nextAttemptAt - clock.now());
      // Not due yet: nothing is sent.
      clock.advance(item!.nextAttemptAt - clock.now() - 1);
      await sync.syncNow();
      expect(server.sent).toHaveLength(attempt);
      clock.advance(1);
    }
    expect(waits).toEqual([1000, 1000, 2000, 4000]);
    expect((await listOutbox(db))[0]!.lastError).toBe('500 code_500');
    await sync.syncNow();
    expect(await listOutbox(db)).toEqual([]);
    expect(server.recorded.size).toBe(1);
  });

  test('a lost answer: the server recorded the sale, the resend gets 200 with the same id, it is removed once', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    const clock = testClock();
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'sale-2',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    server.script = (item, attempt) => (item.id === 'sale-1' && attempt === 1 ? 'lost' : undefined);
    const statuses: number[] = [];
    const sync = engine(
      db,
      {
        send: async (item) => {
          const answer = await server.send(item);
          statuses.push(answer.status);
          return answer;
        },
      },
      clock,
    );
    await sync.syncNow();
    expect(server.recorded.has('sale-1')).toBe(true);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual(['sale-1', 'sale-2']);
    clock.advance(60_000);
    await sync.syncNow();
    expect(statuses).toEqual([200, 201]);
    expect(await listOutbox(db)).toEqual([]);
    expect([...server.recorded.keys()]).toEqual(['sale-1', 'sale-2']);
    expect(sync.getStatus()).toMatchObject({ unsynced: 0, lastSuccessAt: clock.now() });
  });

  test('a 200 that does not name the item is not taken as sent', async () => {
    const { db } = await freshDb();
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await engine(db, {
      send: () => Promise.resolve({ status: 200, json: { sale: { id: 'other' } } }),
    }).syncNow();
    expect(await listOutbox(db)).toEqual([]);
    expect((await listNeedsAttention(db)).map((item) => [item.id, item.code])).toEqual([
      ['sale-1', 'answer_without_id'],
    ]);
  });

  test('401 pauses the outbox (nothing moved to needs-attention) until someone logs in', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    let loggedIn = false;
    const sync = engine(db, {
      send: (item) =>
        loggedIn
          ? server.send(item)
          : Promise.resolve({
              status: 401,
              json: { error: { code: 'unauthenticated', message: '' } },
            }),
    });
    await sync.syncNow();
    expect(sync.getStatus()).toMatchObject({ loginRequired: true, unsynced: 1, needsAttention: 0 });
    loggedIn = true;
    sync.loggedIn();
    await sync.syncNow();
    expect(sync.getStatus()).toMatchObject({ loginRequired: false, unsynced: 0 });
  });
  test('403 csrf_failed (a token of a session that ended) is retried, never parked as needing attention', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    let freshToken = false;
    const clock = testClock();
    const sync = engine(
      db,
      {
        send: (item) =>
          freshToken
            ? server.send(item)
            : Promise.resolve({
                status: 403,
                json: { error: { code: 'csrf_failed', message: '' } },
              }),
      },
      clock,
    );
    await sync.syncNow();
    expect(sync.getStatus()).toMatchObject({ unsynced: 1, needsAttention: 0 });
    freshToken = true;
    clock.advance(120_000);
    await sync.syncNow();
    expect(sync.getStatus()).toMatchObject({ unsynced: 0, needsAttention: 0 });
  });
});

describe('refusals', () => {
  test('409 and 422 go to needs-attention with the server’s code; other shifts go on; the close waits until a manager resolves it', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await enqueue(db, {
      id: 'shift-a',
      kind: 'shift-open',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/shifts', body: {} },
    });
    await enqueue(db, {
      id: 'a-1',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'a-2',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'a-3',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'close-a',
      answerId: 'shift-a',
      kind: 'shift-close',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/shifts/shift-a/close', body: {} },
    });
    await enqueue(db, {
      id: 'shift-b',
      kind: 'shift-open',
      shiftId: 'shift-b',
      request: { method: 'POST', path: '/api/shifts', body: {} },
    });
    await enqueue(db, {
      id: 'b-1',
      kind: 'sale',
      shiftId: 'shift-b',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    server.script = (item) => (item.id === 'a-1' ? 409 : item.id === 'a-2' ? 422 : undefined);
    const sync = engine(db, server);
    await sync.syncNow();
    expect(
      (await listNeedsAttention(db)).map((item) => [item.id, item.status, item.code, item.message]),
    ).toEqual([
      ['a-1', 409, 'code_409', 'refused with 409'],
      ['a-2', 422, 'code_422', 'refused with 422'],
    ]);
    expect(server.sent).toEqual(['shift-a', 'a-1', 'a-2', 'a-3', 'shift-b', 'b-1']);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual(['close-a']);
    expect(sync.getStatus()).toMatchObject({ unsynced: 1, needsAttention: 2 });
    expect(await pendingForShift(db, 'shift-a')).toEqual({ queued: 1, needsAttention: 2 });
    expect(await pendingForShift(db, 'shift-b')).toEqual({ queued: 0, needsAttention: 0 });

    // A manager puts a-1 onto another shift and sends it again; dismisses a-2 with a reason.
    await retryNeedsAttention(db, 'a-1', {
      request: { method: 'POST', path: '/api/sales', body: { moved: true } },
    });
    server.script = () => undefined;
    await sync.syncNow();
    expect(server.sent.slice(-1)).toEqual(['a-1']);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual(['close-a']);
    await dismissNeedsAttention(db, 'a-2', { by: 'manager-1', reason: '顾客未付款，作废' });
    await sync.syncNow();
    expect(server.sent.slice(-1)).toEqual(['close-a']);
    expect(await listOutbox(db)).toEqual([]);
    // Still listed, resolved: never silently gone.
    expect(
      (await listNeedsAttention(db)).map((item) => [item.id, item.resolution?.reason]),
    ).toEqual([['a-2', '顾客未付款，作废']]);
    expect(sync.getStatus().needsAttention).toBe(0);
    expect(await pendingForShift(db, 'shift-a')).toEqual({ queued: 0, needsAttention: 0 });
  });

  test('a refund waits for its sale; a refused shift open holds its shift’s items back', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    await enqueue(db, {
      id: 'shift-a',
      kind: 'shift-open',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/shifts', body: {} },
    });
    await enqueue(db, {
      id: 'a-1',
      kind: 'sale',
      shiftId: 'shift-a',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await enqueue(db, {
      id: 'r-1',
      kind: 'refund',
      shiftId: 'shift-b',
      dependsOn: ['a-1'],
      request: { method: 'POST', path: '/api/sales/a-1/refunds', body: {} },
    });
    server.script = (item) => (item.id === 'shift-a' ? 409 : undefined);
    await engine(db, server).syncNow();
    expect(server.sent).toEqual(['shift-a']);
    expect((await listOutbox(db)).map((item) => item.id)).toEqual(['a-1', 'r-1']);
  });
});

describe('receipt numbers and remaining counts', () => {
  test('gapless across a crash: numbers continue after reopening; a failed enqueue uses none', async () => {
    const { db, name } = await freshDb();
    await configureReceiptCounter(db, { registerId: 'counter-1', prefix: 'C1', atLeast: 41 });
    const numbers: string[] = [];
    const sale = (id: string, fail = false) => ({
      id,
      registerId: 'counter-1',
      shiftId: 'shift-a',
      lines: [],
      buildBody: (receiptNumber: string) => {
        if (fail) throw new Error('the cart changed under us');
        return { id, receiptNumber };
      },
    });
    for (const id of ['s1', 's2']) numbers.push((await enqueueSale(db, sale(id))).receiptNumber);
    await expect(enqueueSale(db, sale('bad', true))).rejects.toThrow(/cart changed/);
    // The tablet dies: the database is closed without anything else, then opened again.
    db.close();
    const reopened = await openPosDb({ name });
    opened.push(reopened);
    for (const id of ['s3', 's4'])
      numbers.push((await enqueueSale(reopened, sale(id))).receiptNumber);
    expect(numbers).toEqual(['C1-000041', 'C1-000042', 'C1-000043', 'C1-000044']);
    const queued = await listOutbox(reopened);
    expect(
      queued.map((item) => [
        item.id,
        (item.request.body as { receiptNumber: string }).receiptNumber,
      ]),
    ).toEqual([
      ['s1', 'C1-000041'],
      ['s2', 'C1-000042'],
      ['s3', 'C1-000043'],
      ['s4', 'C1-000044'],
    ]);
    // The counter never moves back.
    await configureReceiptCounter(reopened, { registerId: 'counter-1', prefix: 'C1', atLeast: 2 });
    expect((await enqueueSale(reopened, sale('s5'))).receiptNumber).toBe('C1-000045');
  });

  test('queued sales take from the cached remaining counts, also after a catalog refresh', async () => {
    const { db } = await freshDb();
    await configureReceiptCounter(db, { registerId: 'r', prefix: 'R' });
    await cacheCatalog(db, [
      { productId: 'bun', product: { name: '馒头' }, remaining: '20', businessDate: '2026-03-10' },
      {
        productId: 'cake',
        product: { name: '发糕' },
        remaining: '3.5',
        businessDate: '2026-03-10',
      },
      { productId: 'tea', product: { name: '茶' }, remaining: null, businessDate: '2026-03-10' },
    ]);
    await enqueueSale(db, {
      id: 'sale-1',
      registerId: 'r',
      shiftId: 's',
      lines: [
        { productId: 'bun', quantity: '4' },
        { productId: 'cake', quantity: '1.5' },
        { productId: 'bun', quantity: '2' },
        { productId: 'tea', quantity: '1' },
      ],
      buildBody: (receiptNumber) => ({ receiptNumber }),
    });
    await enqueueSale(db, {
      id: 'sale-2',
      registerId: 'r',
      shiftId: 's',
      lines: [{ productId: 'cake', quantity: '2.25' }],
      buildBody: (receiptNumber) => ({ receiptNumber }),
    });
    const remaining = async () =>
      Object.fromEntries((await listCachedCatalog(db)).map((p) => [p.productId, p.remaining]));
    // Sold offline beyond the count: it shows below zero rather than pretending.
    expect(await remaining()).toEqual({ bun: '14.000', cake: '-0.250', tea: null });
    // The server's counts do not know the queued sales yet: the refresh takes them off again.
    await cacheCatalog(db, [
      { productId: 'bun', product: {}, remaining: '30', businessDate: '2026-03-10' },
      { productId: 'cake', product: {}, remaining: '10', businessDate: '2026-03-10' },
    ]);
    expect(await remaining()).toEqual({ bun: '24.000', cake: '6.250' });
  });
});

describe('schema, staff and session', () => {
  test('upgrading from version 1 keeps every queued item', async () => {
    dbCounter += 1;
    const name = `test-pos-upgrade-${dbCounter}`;
    const v1 = await openPosDb({ name, version: 1 });
    expect([...v1.objectStoreNames].sort()).toEqual(['catalog', 'outbox', 'settings']);
    const tx = v1.transaction('outbox', 'readwrite');
    for (const id of ['shift-a', 'sale-1', 'sale-2']) {
      await tx.store.add({
        id,
        kind: id === 'shift-a' ? 'shift-open' : 'sale',
        shiftId: 'shift-a',
        dependsOn: [],
        actorId: null,
        request: { method: 'POST', path: '/api/x', body: { id } },
        createdAt: 1,
        attempts: 2,
        nextAttemptAt: 0,
        lastError: 'Failed to fetch',
      } as unknown as OutboxItem);
    }
    await tx.done;
    v1.close();

    const v2 = await openPosDb({ name });
    opened.push(v2);
    expect(v2.version).toBe(POS_DB_VERSION);
    expect([...v2.objectStoreNames].sort()).toEqual([
      'catalog',
      'needsAttention',
      'outbox',
      'receiptCounters',
      'session',
      'settings',
      'staff',
    ]);
    const items = await listOutbox(v2);
    expect(items.map((item) => [item.seq, item.id, item.attempts, item.lastError])).toEqual([
      [1, 'shift-a', 2, 'Failed to fetch'],
      [2, 'sale-1', 2, 'Failed to fetch'],
      [3, 'sale-2', 2, 'Failed to fetch'],
    ]);
    expect(await v2.getAllFromIndex('outbox', 'by-shift', 'shift-a')).toHaveLength(3);
    const server = new FakeServer();
    await engine(v2, server).syncNow();
    expect(server.sent).toEqual(['shift-a', 'sale-1', 'sale-2']);
    // Raw idb sees the same thing: nothing left.
    const raw = await openDB(name);
    expect(await raw.count('outbox')).toBe(0);
    raw.close();
  });

  test('offline PIN: a verifier from an online login, never the PIN; five wrong PINs lock the tile', async () => {
    const { db } = await freshDb();
    await cacheStaff(db, [
      { id: 'u1', username: 'wang', displayName: '王小明', role: 'cashier', hasPin: true },
      { id: 'u2', username: 'li', displayName: '李经理', role: 'manager', hasPin: true },
    ]);
    expect(await checkOfflinePin(db, 'u1', '1357')).toBe('no_verifier');
    await rememberPin(db, 'u1', '1357', { iterations: 100_000 });
    const stored = await db.get('staff', 'u1');
    expect(stored!.verifier).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 100_000 });
    expect(JSON.stringify(stored)).not.toContain('1357');
    await expect(rememberPin(db, 'u1', '1357', { iterations: 1000 })).rejects.toThrow(/100000/);
    const now = 1_000_000;
    expect(await checkOfflinePin(db, 'u1', '1357', now)).toBe('ok');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await checkOfflinePin(db, 'u1', '0000', now)).toBe('wrong');
    }
    expect(await checkOfflinePin(db, 'u1', '1357', now + 1000)).toBe('locked');
    expect(await checkOfflinePin(db, 'u1', '1357', now + 5 * 60 * 1000 + 1)).toBe('ok');
    // A refresh keeps the verifier; someone no longer listed is dropped with theirs.
    await cacheStaff(db, [
      { id: 'u1', username: 'wang', displayName: '王小明', role: 'cashier', hasPin: true },
    ]);
    expect(await checkOfflinePin(db, 'u1', '1357', now + 10 * 60 * 1000)).toBe('ok');
    expect(await db.get('staff', 'u2')).toBeUndefined();
  });

  test('the session survives a reopen; logging out with unsynced items is refused', async () => {
    const { db, name } = await freshDb();
    await saveSession(db, { staffId: 'u1', data: { displayName: '王小明' } });
    await enqueue(db, {
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    db.close();
    const reopened = await openPosDb({ name });
    opened.push(reopened);
    expect((await readSession(reopened))?.staffId).toBe('u1');
    expect(await clearSession(reopened)).toEqual({ unsynced: 1 });
    expect(await readSession(reopened)).toBeDefined();
    await engine(reopened, new FakeServer()).syncNow();
    expect(await clearSession(reopened)).toEqual({ unsynced: 0 });
    expect(await readSession(reopened)).toBeUndefined();
  });
});

describe('triggers, tabs and status', () => {
  test('two tabs with Web Locks: one drains, each item is sent once', async () => {
    const { db } = await freshDb();
    for (let index = 0; index < 10; index += 1) {
      await enqueue(db, {
        id: `sale-${index}`,
        kind: 'sale',
        shiftId: 's',
        request: { method: 'POST', path: '/api/sales', body: {} },
      });
    }
    const held = new Set<string>();
    const locks = {
      async request<T>(
        lockName: string,
        options: { ifAvailable: boolean },
        callback: (lock: unknown) => Promise<T>,
      ) {
        if (held.has(lockName)) {
          expect(options.ifAvailable).toBe(true);
          return callback(null);
        }
        held.add(lockName);
        try {
          return await callback({ name: lockName });
        } finally {
          held.delete(lockName);
        }
      },
    };
    const server = new FakeServer();
    const slow: Transport = {
      send: (item) => new Promise((resolve) => setTimeout(() => resolve(server.send(item)), 1)),
    };
    const tabA = engine(db, slow, testClock(), { navigator: { locks } });
    const tabB = engine(db, slow, testClock(), { navigator: { locks } });
    await Promise.all([tabA.syncNow(), tabB.syncNow(), tabA.syncNow()]);
    expect(server.sent).toHaveLength(10);
    expect(new Set(server.sent).size).toBe(10);
  });

  test('a queue that survived a reload is not reported as synced before it is counted', async () => {
    const { db } = await freshDb();
    await queueShift(db, 'kept', ['kept-1', 'kept-2']);
    // A new engine over the same database, as after a reload while offline.
    const sync = engine(db, new FakeServer(), testClock(), { navigator: { onLine: false } });
    const seen: { counted: boolean; unsynced: number }[] = [];
    sync.subscribe(({ counted, unsynced }) => seen.push({ counted, unsynced }));
    expect(seen[0]).toEqual({ counted: false, unsynced: 0 });
    sync.start();
    await sync.syncNow();
    expect(seen.filter((status) => status.counted).map((status) => status.unsynced)).not.toContain(
      0,
    );
    expect(sync.getStatus()).toMatchObject({ counted: true, unsynced: 4 });
    sync.stop();
  });

  test('online, visible and enqueue start a sync; the status counts and ages', async () => {
    const { db } = await freshDb();
    const server = new FakeServer();
    const clock = testClock();
    const listeners = new Map<string, () => void>();
    const documentListeners = new Map<string, () => void>();
    const fakeDocument = {
      visibilityState: 'hidden',
      addEventListener: (type: string, listener: () => void) =>
        documentListeners.set(type, listener),
      removeEventListener: (type: string) => documentListeners.delete(type),
    };
    const navigator = { onLine: false, storage: { persist: () => Promise.resolve(true) } };
    let persisted = 0;
    navigator.storage.persist = () => {
      persisted += 1;
      return Promise.resolve(true);
    };
    const sync = engine(db, server, clock, {
      addEventListener: (type, listener) => listeners.set(type, listener),
      removeEventListener: (type) => listeners.delete(type),
      document: fakeDocument,
      navigator,
    });
    const seen: number[] = [];
    sync.subscribe((status) => seen.push(status.unsynced));
    sync.start();
    await sync.enqueue({
      id: 'sale-1',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await sync.syncNow();
    // Offline: nothing sent, and the chip can say how old the oldest item is.
    expect(server.sent).toEqual([]);
    expect(persisted).toBe(1);
    clock.advance(12 * 60 * 1000);
    expect(await sync.refreshCounts()).toMatchObject({
      online: false,
      unsynced: 1,
      oldestAgeMs: 12 * 60 * 1000,
    });
    navigator.onLine = true;
    listeners.get('online')!();
    await sync.syncNow();
    expect(server.sent).toEqual(['sale-1']);
    await sync.enqueue({
      id: 'sale-2',
      kind: 'sale',
      shiftId: 's',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await sync.syncNow();
    expect(server.sent).toEqual(['sale-1', 'sale-2']);
    server.script = () => 'network';
    await sync.enqueue({
      id: 'sale-3',
      kind: 'sale',
      shiftId: 't',
      request: { method: 'POST', path: '/api/sales', body: {} },
    });
    await sync.syncNow();
    clock.advance(60_000);
    server.script = () => undefined;
    fakeDocument.visibilityState = 'visible';
    documentListeners.get('visibilitychange')!();
    await sync.syncNow();
    expect(server.sent).toEqual(['sale-1', 'sale-2', 'sale-3', 'sale-3']);
    expect(sync.getStatus()).toMatchObject({
      online: true,
      unsynced: 0,
      needsAttention: 0,
      oldestAgeMs: null,
    });
    expect(seen).toContain(1);
    expect(seen.at(-1)).toBe(0);
    sync.stop();
    expect(listeners.size).toBe(0);
  });
});
