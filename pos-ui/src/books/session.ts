import { api, ApiError, call, setCsrfToken } from '../shared/api/client.js';

/**
 * Who is logged in. The auth endpoints have no response schema yet, so this is typed
 * narrowly here: only the fields the console reads.
 */
export interface SessionUser {
  id: string;
  username: string;
  role: 'cashier' | 'manager' | 'accountant' | 'admin';
  displayName: string;
}

interface SessionAnswer {
  user: SessionUser;
  csrfToken?: string;
}

export async function fetchMe(): Promise<SessionUser | null> {
  try {
    const answer = (await call(api.GET('/api/auth/me'))) as unknown as SessionAnswer;
    setCsrfToken(answer.csrfToken);
    return answer.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logIn(username: string, password: string): Promise<SessionUser> {
  const answer = (await call(
    api.POST('/api/auth/login', { body: { username, password } }),
  )) as unknown as SessionAnswer;
  setCsrfToken(answer.csrfToken);
  return answer.user;
}

export async function logOut(): Promise<void> {
  await call(api.POST('/api/auth/logout')).catch(() => undefined);
  setCsrfToken(undefined);
}

let expiryHandler: (() => Promise<void>) | undefined;

/** The app shows its log-in dialog here and resolves once the user is back. */
export function onSessionExpired(handler: () => Promise<void>): void {
  expiryHandler = handler;
}

/**
 * Runs a request; when the session has expired (401) it asks the user to log in again —
 * the form underneath keeps what was typed — and then runs the same request again, so a
 * post resumes with its own id and cannot double.
 */
export async function withSession<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && expiryHandler) {
      await expiryHandler();
      return request();
    }
    throw error;
  }
}

/** An error in plain words: the server's message, which names the field or the month. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
