import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/**
 * The one way the front ends talk to the server: openapi-fetch typed by the generated
 * `schema.d.ts` (npm run gen:api), so a path, a parameter or an answer's shape that the
 * server does not document fails to compile. Every failure becomes one of two errors:
 * `ApiError` (the server answered with an error) or `NetworkError` (it could not be
 * reached: offline, DNS, a dropped connection).
 */

/** The named shapes of the OpenAPI document: `Schemas['Statement']`, `Schemas['Money']`… */
export type Schemas = components['schemas'];
export type ApiPaths = paths;
export type ApiClient = Client<paths>;

/** The server refused or failed: its HTTP status and the stable error code it sent. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    /** A stable code from the API (`not_found`, `csrf_failed`…), or `http_error` when none came. */
    readonly code: string,
    message: string,
    /** Whatever the server added to explain the code (field names, limits), if anything. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** No answer at all: the device is offline or the server is unreachable. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(override readonly cause: unknown) {
    super('The server could not be reached.');
  }
}

/** True when the failure was the network, so a page can say "offline" rather than "error". */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const CSRF_HEADER = 'X-CSRF-Token';

export interface ApiClientOptions {
  /** Where `/api/…` lives; the same origin when absent. */
  baseUrl?: string;
  /** The fetch to use; the browser's when absent (tests pass their own). */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * The session's CSRF token, read at each write. A cookie session's writes need it
   * (server/auth/middleware.ts); the login answer and `GET /api/auth/me` carry it.
   */
  csrfToken?: () => string | undefined;
}

/** A client of its own, e.g. with another fetch in tests; pages use `api`. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    // A rejected fetch means no answer at all; an answer, even a 500, resolves.
    fetch: (request) =>
      send(request).catch((error: unknown) => {
        throw new NetworkError(error);
      }),
  });
  const csrf: Middleware = {
    onRequest({ request }) {
      const token = options.csrfToken?.();
      if (token && WRITES.has(request.method)) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
  client.use(csrf);
  return client;
}

let sessionCsrfToken: string | undefined;

/** Remembers the CSRF token of the logged-in session for `api`'s writes; undefined on logout. */
export function setCsrfToken(token: string | undefined): void {
  sessionCsrfToken = token;
}

/** The shared client of the page, same origin, cookie session. */
export const api: ApiClient = createApiClient({ csrfToken: () => sessionCsrfToken });

function apiErrorFrom(response: Response, body: unknown): ApiError {
  const error =
    typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
    };
    if (typeof code === 'string') {
      return new ApiError(
        response.status,
        code,
        typeof message === 'string' ? message : code,
        details,
      );
    }
  }
  // Not the API's envelope (a proxy's error page): the status says enough.
  return new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
}

/**
 * The answer's data, or a thrown `ApiError` / `NetworkError`. Wrap every call:
 *
 * @example const { statements } = await call(api.GET('/api/public/statements'));
 * @example await call(api.POST('/api/sales', { body: sale }));
 */
export async function call<Result extends { data?: unknown; error?: unknown; response: Response }>(
  pending: Promise<Result>,
): Promise<NonNullable<Result['data']>> {
  const result = await pending;
  if (!result.response.ok || result.error !== undefined) {
    throw apiErrorFrom(result.response, result.error);
  }
  return result.data as NonNullable<Result['data']>;
}
