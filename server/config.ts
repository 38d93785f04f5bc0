import { isIP } from 'node:net';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent, PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The business's time zone: it decides which day and month a sale belongs to. */
  businessTimeZone: string;
  adminPassword: string | undefined;
  sessionTtlHours: number;
  /** Public base URL used in receipts' QR codes and PDF footers. */
  publicUrl: string;
  /**
   * Proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXY: comma-separated IP
   * addresses, or `loopback`). Empty: the socket's address is the client's.
   */
  trustedProxy: string[];
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number.parseInt(env.PORT ?? '3000', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const businessTimeZone = env.BUSINESS_TZ ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: businessTimeZone });
  } catch {
    throw new Error(`BUSINESS_TZ is not a known time zone: ${businessTimeZone}`);
  }
  const sessionTtlHours = Number.parseInt(env.SESSION_TTL_HOURS ?? '12', 10);
  const host = env.HOST ?? '0.0.0.0';
  const trustedProxy = (env.TRUSTED_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of trustedProxy) {
    if (entry !== 'loopback' && isIP(entry) === 0)
      throw new Error(`TRUSTED_PROXY must list IP addresses or "loopback", got ${entry}`);
  }
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    businessTimeZone,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlHours:
      Number.isInteger(sessionTtlHours) && sessionTtlHours > 0 ? sessionTtlHours : 12,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    trustedProxy,
  };
}
