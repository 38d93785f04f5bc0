// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import type { OutboxItem } from './offline/offline-db.js';
import { batchAnswers, bodyToSend, createFetchTransport, syncItemOf } from './transport.js';

function item(change: Partial<OutboxItem>): OutboxItem {
  return {
    seq: 1,
    id: 'sale-1',
    kind: 'sale',
    shiftId: 'shift-1',
    dependsOn: [],
    actorId: 'cashier-a',
    request: { method: 'POST', path: '/api/sales', body: { id: 'sale-1', total: '3.00' } },
    createdAt: 0,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    ...change,
  };
}

afterEach(() => vi.unstubAllGlobals());

test('a queued sale, shift, refund or cash movement is sent naming the cashier who made it', async () => {
  for (const kind of ['sale', 'shift-open', 'refund', 'cash-movement'] as const) {
    expect(bodyToSend(item({ kind }))).toEqual({
      id: 'sale-1',
      total: '3.00',
      cashierId: 'cashier-a',
    });
  }
  // A close is sent online by whoever closes; an item made before anyone logged in has no maker.
  expect(bodyToSend(item({ kind: 'shift-close' }))).toEqual({ id: 'sale-1', total: '3.00' });
  expect(bodyToSend(item({ actorId: null }))).toEqual({ id: 'sale-1', total: '3.00' });
  // A body that already names its cashier keeps it.
  const named = item({ request: { method: 'POST', path: '/api/sales', body: { cashierId: 'x' } } });
  expect(bodyToSend(named)).toEqual({ cashierId: 'x' });
  // The stored item is not changed (the outbox keeps what was queued).
  const queued = item({});
  bodyToSend(queued);
  expect(queued.request.body).toEqual({ id: 'sale-1', total: '3.00' });
});

test('the fetch transport sends the maker’s cashierId whoever is logged in now', async () => {
  const sent: { url: string; body: unknown; headers: Record<string, string> }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({
      url,
      body: JSON.parse(init.body as string),
      headers: init.headers as Record<string, string>,
    });
    return new Response(JSON.stringify({ sale: { id: 'sale-1' } }), { status: 201 });
  });
  const transport = createFetchTransport(() => 'token-of-b');
  const answer = await transport.send(item({ actorId: 'cashier-a' }));
  expect(answer.status).toBe(201);
  expect(sent[0]!.url).toBe('/api/sales');
  expect(sent[0]!.body).toMatchObject({ id: 'sale-1', cashierId: 'cashier-a' });
  expect(Object.values(sent[0]!.headers)).toContain('token-of-b');
});

test('each outbox item maps onto its POST /api/sync item, with the same body and its cashierId', () => {
  const shiftOpen = item({
    id: 'shift-1',
    kind: 'shift-open',
    request: {
      method: 'POST',
      path: '/api/shifts',
      body: { id: 'shift-1', registerId: 'counter-1', openingFloat: '100.00' },
    },
  });
  expect(syncItemOf(shiftOpen)).toEqual({
    kind: 'shift_open',
    shift: {
      id: 'shift-1',
      registerId: 'counter-1',
      openingFloat: '100.00',
      cashierId: 'cashier-a',
    },
  });
  expect(syncItemOf(item({}))).toEqual({
    kind: 'sale',
    sale: { id: 'sale-1', total: '3.00', cashierId: 'cashier-a' },
  });
  const refund = item({
    id: 'refund-1',
    kind: 'refund',
    request: { method: 'POST', path: '/api/sales/sale-1/refunds', body: { id: 'refund-1' } },
  });
  expect(syncItemOf(refund)).toEqual({
    kind: 'refund',
    saleId: 'sale-1',
    refund: { id: 'refund-1', cashierId: 'cashier-a' },
  });
  const movement = item({
    id: 'move-1',
    kind: 'cash-movement',
    request: { method: 'POST', path: '/api/shifts/shift-1/cash-movements', body: { id: 'move-1' } },
  });
  expect(syncItemOf(movement)).toEqual({
    kind: 'cash_movement',
    shiftId: 'shift-1',
    movement: { id: 'move-1', cashierId: 'cashier-a' },
  });
  const close = item({
    id: 'close-1',
    answerId: 'shift-1',
    kind: 'shift-close',
    request: { method: 'POST', path: '/api/shifts/shift-1/close', body: { countedCash: '1.00' } },
  });
  // A close is not attributed (as when sent on its own).
  expect(syncItemOf(close)).toEqual({
    kind: 'shift_close',
    shiftId: 'shift-1',
    close: { countedCash: '1.00' },
  });
  // Not one of the five requests the batch runs: sent on its own.
  expect(syncItemOf(item({ request: { method: 'POST', path: '/api/x', body: {} } }))).toBe(
    undefined,
  );
  expect(syncItemOf(item({ request: { method: 'PUT', path: '/api/sales', body: {} } }))).toBe(
    undefined,
  );
  expect(syncItemOf({ ...shiftOpen, request: { ...shiftOpen.request, body: {} } })).toBe(undefined);
});

test('batchAnswers: result i is item i’s answer only when it names the item; a refused batch has none', () => {
  const items = [
    item({}),
    item({ seq: 2, id: 'close-1', answerId: 'shift-1', kind: 'shift-close' }),
    item({ seq: 3, id: 'sale-3' }),
  ];
  const json = {
    results: [
      { kind: 'sale', id: 'sale-1', status: 201, body: { sale: { id: 'sale-1' } } },
      {
        kind: 'shift_close',
        id: 'shift-1',
        status: 424,
        body: { error: { code: 'dependency_failed' } },
      },
      { kind: 'sale', id: 'sale-other', status: 201, body: {} },
    ],
  };
  expect(batchAnswers(items, 200, json)).toEqual([
    { status: 201, json: { sale: { id: 'sale-1' } } },
    { status: 424, json: { error: { code: 'dependency_failed' } } },
    null,
  ]);
  expect(batchAnswers(items, 200, { results: json.results.slice(0, 1) })?.slice(1)).toEqual([
    null,
    null,
  ]);
  expect(batchAnswers(items, 400, { error: { code: 'validation_failed' } })).toBe(null);
  expect(batchAnswers(items, 200, null)).toBe(null);
});

test('the fetch transport sends a batch to /api/sync with the session’s CSRF token and each maker’s cashierId', async () => {
  const sent: { url: string; body: { items: unknown[] }; headers: Record<string, string> }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as { items: { sale: { id: string } }[] };
    sent.push({ url, body, headers: init.headers as Record<string, string> });
    const results = body.items.map((entry) => ({
      kind: 'sale',
      id: entry.sale.id,
      status: 201,
      body: { sale: { id: entry.sale.id } },
    }));
    return new Response(JSON.stringify({ results, created: 2, replayed: 0, failed: 0 }), {
      status: 200,
    });
  });
  const transport = createFetchTransport(() => 'token-of-b');
  const items = [
    item({ actorId: 'cashier-a' }),
    item({
      seq: 2,
      id: 'sale-2',
      actorId: 'cashier-b',
      request: { method: 'POST', path: '/api/sales', body: { id: 'sale-2' } },
    }),
  ];
  expect(items.every((entry) => transport.canBatch!(entry))).toBe(true);
  const answer = await transport.sendBatch!(items);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.url).toBe('/api/sync');
  expect(Object.values(sent[0]!.headers)).toContain('token-of-b');
  expect(sent[0]!.body.items).toEqual([
    { kind: 'sale', sale: { id: 'sale-1', total: '3.00', cashierId: 'cashier-a' } },
    { kind: 'sale', sale: { id: 'sale-2', cashierId: 'cashier-b' } },
  ]);
  expect(answer.status).toBe(200);
  expect(answer.answers).toEqual([
    { status: 201, json: { sale: { id: 'sale-1' } } },
    { status: 201, json: { sale: { id: 'sale-2' } } },
  ]);
});
