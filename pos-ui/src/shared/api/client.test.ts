import { describe, expect, it } from 'vitest';
import { ApiError, call, createApiClient, isNetworkError, NetworkError } from './client.js';

/** A server stand-in at the HTTP boundary: records each request, answers as told. */
function fakeServer(answer: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  return {
    seen,
    fetch: async (request: Request) => {
      seen.push(request.clone());
      return answer(request);
    },
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the API client', () => {
  it('answers the data of a success, same-origin with cookies, asking for JSON', async () => {
    const server = fakeServer(() => json({ history: [] }));
    const client = createApiClient({ baseUrl: 'http://shop.test', fetch: server.fetch });
    await expect(call(client.GET('/api/public/funds'))).resolves.toEqual({ history: [] });
    expect(server.seen[0]!.url).toBe('http://shop.test/api/public/funds');
    expect(server.seen[0]!.credentials).toBe('same-origin');
    expect(server.seen[0]!.headers.get('accept')).toBe('application/json');
  });

  it('fills path parameters', async () => {
    const server = fakeServer(() => json({}));
    const client = createApiClient({ baseUrl: 'http://shop.test', fetch: server.fetch });
    await call(
      client.GET('/api/public/statements/{period}/versions/{file}', {
        params: { path: { period: '2025-03', file: '2' } },
      }),
    );
    expect(server.seen[0]!.url).toBe('http://shop.test/api/public/statements/2025-03/versions/2');
  });

  it('turns the error envelope into an ApiError with status, code, message and details', async () => {
    const server = fakeServer(() =>
      json(
        { error: { code: 'invalid_input', message: 'period: bad', details: { field: 'period' } } },
        422,
      ),
    );
    const client = createApiClient({ baseUrl: 'http://shop.test', fetch: server.fetch });
    const failure = await call(client.GET('/api/public/funds')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 422,
      code: 'invalid_input',
      message: 'period: bad',
      details: { field: 'period' },
    });
    expect(isNetworkError(failure)).toBe(false);
  });

  it('turns an answer that is not the envelope (a proxy’s page) into http_error', async () => {
    const server = fakeServer(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    const client = createApiClient({ baseUrl: 'http://shop.test', fetch: server.fetch });
    await expect(call(client.GET('/api/public/funds'))).rejects.toMatchObject({
      name: 'ApiError',
      status: 502,
      code: 'http_error',
    });
  });

  it('turns no answer at all into a NetworkError', async () => {
    const client = createApiClient({
      baseUrl: 'http://shop.test',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const failure = await call(client.GET('/api/public/funds')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect(isNetworkError(failure)).toBe(true);
    expect((failure as NetworkError).cause).toBeInstanceOf(TypeError);
  });

  it('sends the session’s CSRF token on writes only', async () => {
    const server = fakeServer(() => json({}, 201));
    let token: string | undefined = 'csrf-123';
    const client = createApiClient({
      baseUrl: 'http://shop.test',
      fetch: server.fetch,
      csrfToken: () => token,
    });
    await call(client.GET('/api/public/funds'));
    await call(
      client.POST('/api/statements/{period}/publish', {
        params: { path: { period: '2025-03' } },
        body: { note: '更正' },
      }),
    );
    token = undefined;
    await call(
      client.POST('/api/statements/{period}/publish', {
        params: { path: { period: '2025-03' } },
        body: {},
      }),
    );
    expect(server.seen.map((request) => request.headers.get('x-csrf-token'))).toEqual([
      null,
      'csrf-123',
      null,
    ]);
    expect(await server.seen[1]!.json()).toEqual({ note: '更正' });
  });
});
