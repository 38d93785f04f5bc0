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
  /** PUBLIC_URL was given (not the localhost default). */
  publicUrlConfigured: boolean;
  /**
   * PUBLISH_LOCAL_TEST=1: publishing is allowed while PUBLIC_URL is unset or loopback. A
   * published PDF is immutable and prints PUBLIC_URL, so only tests and demos may do this.
   */
  publishLocalTest: boolean;
  /**
   * Proxies whose `X-Forwarded-For` is believed (TRUSTED_PROXY: comma-separated IP
   * addresses, or `loopback`). Empty: the socket's address is the client's.
   */
  trustedProxy: string[];
  /**
   * A shift closed over or short by more than this (¥, SHIFT_VARIANCE_LIMIT, default
   * "5.00") needs a reason and a manager's approval.
   */
  shiftVarianceLimit: string;
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
  const shiftVarianceLimit = env.SHIFT_VARIANCE_LIMIT ?? '5.00';
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(shiftVarianceLimit))
    throw new Error(
      `SHIFT_VARIANCE_LIMIT must be an amount in yuan such as 5.00, got ${shiftVarianceLimit}`,
    );
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    businessTimeZone,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlHours:
      Number.isInteger(sessionTtlHours) && sessionTtlHours > 0 ? sessionTtlHours : 12,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    publicUrlConfigured: Boolean(env.PUBLIC_URL),
    publishLocalTest: env.PUBLISH_LOCAL_TEST === '1' || env.PUBLISH_LOCAL_TEST === 'true',
    trustedProxy,
    shiftVarianceLimit,
  };
}

/**
 * Why statements cannot be published with this configuration, or null when they can: the
 * PDFs print PUBLIC_URL for residents to check them, and a loopback address is useless to
 * them (and cannot be changed once published).
 */
export function publishUrlProblem(config: Config): string | null {
  if (config.publishLocalTest) return null;
  if (!config.publicUrlConfigured)
    return 'PUBLIC_URL is not set. Set it to the address residents use (e.g. https://xinmofang.example.org), then publish; PUBLISH_LOCAL_TEST=1 allows a local test.';
  let host: string;
  try {
    host = new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return `PUBLIC_URL is not a URL: ${config.publicUrl}`;
  }
  if (isLoopbackHost(host))
    return `PUBLIC_URL (${config.publicUrl}) is a loopback address that residents cannot reach. Set it to the public address; PUBLISH_LOCAL_TEST=1 allows a local test.`;
  return null;
}

function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.') || lower === '0.0.0.0';
  if (isIP(lower) === 6)
    return lower === '::1' || lower === '::' || lower.startsWith('::ffff:127.');
  return false;
}
