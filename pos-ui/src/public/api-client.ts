import type { FundHistoryResponse, StatementListResponse, StatementResponse } from './api-types.js';

/** A failed request: the HTTP status and the API's stable error code, when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`HTTP ${status} ${code}`);
    this.name = 'ApiError';
  }
}

/** Published statements never change, so a page visited twice need not be fetched twice. */
const cache = new Map<string, Promise<unknown>>();

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    let code = 'http_error';
    try {
      const body = (await response.json()) as { error?: { code?: unknown } };
      if (typeof body.error?.code === 'string') code = body.error.code;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(response.status, code);
  }
  return response.json();
}

function getJson<T>(url: string): Promise<T> {
  let pending = cache.get(url);
  if (!pending) {
    pending = fetchJson(url);
    // A failure is not remembered, so "try again" really tries again.
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending as Promise<T>;
}

/** Forgets every answer; for tests. */
export function clearApiCache(): void {
  cache.clear();
}

export function fetchStatementList(): Promise<StatementListResponse> {
  return getJson('/api/public/statements');
}

/** The current version of a month, or a given version. */
export function fetchStatement(period: string, version?: number): Promise<StatementResponse> {
  const base = `/api/public/statements/${encodeURIComponent(period)}`;
  return getJson(version === undefined ? base : `${base}/versions/${version}`);
}

export function fetchFundHistory(): Promise<FundHistoryResponse> {
  return getJson('/api/public/funds');
}
