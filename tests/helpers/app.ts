import type { Hono } from 'hono';
import type { AppEnv, Logger } from '../../server/app-env.js';
import { createApp } from '../../server/app.js';
import { createUser } from '../../server/auth/users.js';
import { readConfig } from '../../server/config.js';
import type { Role } from '../../ledger/schema/database.js';
import { contractViolation } from './contract.js';
import type { TestDatabase } from './databases.js';

export const silentLogger: Logger & { errors: unknown[] } = {
  errors: [],
  info: () => undefined,
  error(_message, error) {
    this.errors.push(error);
  },
};

/** A movable clock for tests of lockouts, expiry and month ends. */
export class TestClock {
  constructor(private current: Date = new Date()) {}
  now = (): Date => new Date(this.current);
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: Hono<AppEnv>;
  clock: TestClock;
  /** Sends a JSON request; `as` logs in with a bearer token. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | undefined; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Creates a user directly and returns a bearer token for it. */
  login(
    role: Role,
    options?: { username?: string; password?: string; pin?: string },
  ): Promise<{ token: string; userId: string; username: string }>;
}

let counter = 0;

export function createTestApp(
  database: TestDatabase,
  options: { clock?: TestClock } = {},
): TestApp {
  const clock = options.clock ?? new TestClock();
  const app = createApp({
    db: database.current.db,
    dbKind: database.kind,
    // Tests publish with the localhost default, as the local-test setting allows.
    config: { ...readConfig({ PUBLISH_LOCAL_TEST: '1' }), adminPassword: undefined },
    logger: silentLogger,
    now: clock.now,
  });
  // Every answer is checked against the OpenAPI document, so a test that provokes an
  // undocumented code or shape fails here, naming the route (tests/helpers/contract.ts).
  const request: TestApp['request'] = async (method, path, { body, token, headers } = {}) => {
    const response = await app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const violation = await contractViolation(method, path, response);
    if (violation) throw new Error(`Contract: ${violation}`);
    return response;
  };
  return {
    app,
    clock,
    request,
    async login(role, { username, password, pin } = {}) {
      counter += 1;
      const name = username ?? `${role}${process.pid}x${counter}`;
      const secret = password ?? 'correct horse battery';
      const user = await createUser(database.current.db, {
        username: name,
        displayName: name,
        role,
        password: secret,
        pin,
      });
      const response = await request('POST', '/api/auth/login', {
        body: { username: name, password: secret },
      });
      if (response.status !== 200)
        throw new Error(`login failed: ${response.status} ${await response.text()}`);
      const json = (await response.json()) as { token: string };
      return { token: json.token, userId: user.id, username: name };
    },
  };
}
