import { sql } from 'kysely';
import type { Executor } from '../ledger/core/executor.js';

/** The most audit records one page returns. */
export const MAX_AUDIT_PAGE_SIZE = 200;

export interface AuditLogFilter {
  /** From this instant (inclusive). */
  from?: Date | undefined;
  /** Before this instant (exclusive). */
  to?: Date | undefined;
  action?: string | undefined;
  /** The actor's username. */
  username?: string | undefined;
  /** The subject: the id or key of what the action was about (a period, an entry, a user…). */
  subject?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AuditLogRecord {
  id: string;
  at: Date;
  actor: { id: string; username: string; displayName: string } | null;
  action: string;
  subject: string | null;
  details: unknown;
  ip: string | null;
}

/**
 * Reads the audit log, newest first, filtered and paged. Read-only: the log is written
 * only by `audit()` in the transaction of what it records.
 *
 * @example await listAuditLog(db, { action: 'period_closed', page: 1, pageSize: 50 })
 */
export async function listAuditLog(
  db: Executor,
  filter: AuditLogFilter,
): Promise<{ records: AuditLogRecord[]; total: number }> {
  let query = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  if (filter.from) query = query.where('a.at', '>=', filter.from);
  if (filter.to) query = query.where('a.at', '<', filter.to);
  if (filter.action) query = query.where('a.action', '=', filter.action);
  if (filter.username) query = query.where('u.username', '=', filter.username);
  if (filter.subject) query = query.where('a.subject', '=', filter.subject);
  const pageSize = Math.min(Math.max(filter.pageSize, 1), MAX_AUDIT_PAGE_SIZE);
  const rows = await query
    .select([
      sql<string>`a.id::text`.as('id'),
      'a.at',
      'a.actor_id',
      'u.username',
      'u.display_name',
      'a.action',
      'a.subject',
      'a.details',
      'a.ip',
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(pageSize)
    .offset((filter.page - 1) * pageSize)
    .execute();
  const count = await query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return {
    total: Number(count.n),
    records: rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor:
        row.actor_id && row.username
          ? { id: row.actor_id, username: row.username, displayName: row.display_name ?? '' }
          : null,
      action: row.action,
      subject: row.subject,
      details: row.details,
      ip: row.ip,
    })),
  };
}
