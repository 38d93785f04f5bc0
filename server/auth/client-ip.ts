import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { isIP } from 'node:net';
import type { AppEnv } from '../app-env.js';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is `10.0.0.1`. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

export function isTrustedProxy(address: string, trusted: readonly string[]): boolean {
  const normal = normalise(address);
  return trusted.some((entry) =>
    entry === 'loopback' ? LOOPBACK.has(normal) || normal.startsWith('127.') : entry === normal,
  );
}

/**
 * The caller's address, for the audit log and the per-address login limit: the socket's
 * peer, and `X-Forwarded-For` only when that peer is a configured proxy (TRUSTED_PROXY).
 * Then the header is read from the right, skipping our own proxies, because only the
 * entries our proxies appended can be believed; anything left of them the client wrote.
 * Null when there is no socket (in-process requests in tests).
 */
export function clientIp(c: Context<AppEnv>): string | null {
  // An in-process request (app.request in tests and benchmarks) has no socket to ask.
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return null;
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  if (!peer) return null;
  const socketAddress = normalise(peer);
  const trusted = c.var.deps.config.trustedProxy;
  if (!isTrustedProxy(socketAddress, trusted)) return socketAddress;
  const header = c.req.header('x-forwarded-for');
  if (!header) return socketAddress;
  const hops = header.split(',').map(normalise).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    // A malformed entry cannot be a real client: stop at the last address we can vouch for.
    if (!isIP(hop)) return index === hops.length - 1 ? socketAddress : hops[index + 1]!;
    if (!isTrustedProxy(hop, trusted)) return hop;
  }
  return hops[0] ?? socketAddress;
}
