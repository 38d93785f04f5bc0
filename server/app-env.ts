import type { Kysely } from 'kysely';
import type { Database, Role } from '../ledger/schema/database.js';
import type { Config } from './config.js';
import type { DatabaseKind } from './db.js';
import type { SessionCache } from './auth/session-cache.js';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** What every route may use; built once by `createApp` and shared by all requests. */
export interface Deps {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  logger: Logger;
  /** The clock, injectable so tests can move time (lockouts, session expiry, month ends). */
  now: () => Date;
  /** Sessions resolved in the last few seconds (server/auth/session-cache.ts). */
  sessions: SessionCache;
}

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface Auth {
  user: AuthUser;
  sessionId: string;
  csrfToken: string;
  via: 'cookie' | 'bearer';
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    auth: Auth | undefined;
  };
}
