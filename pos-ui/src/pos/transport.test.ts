// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import type { OutboxItem } from './offline/offline-db.js';
import { bodyToSend, createFetchTransport } from './transport.js';

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
