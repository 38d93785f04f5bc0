import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../ledger/schema/database.js';

export interface AuditEvent {
  actorId: string | null;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Appends to the audit log. Pass the transaction of the action being audited, so the
 * record exists exactly when the action does.
 */
export async function audit(
  db: Kysely<Database> | Transaction<Database>,
  event: AuditEvent,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: event.actorId,
      action: event.action,
      subject: event.subject ?? null,
      details: JSON.stringify(event.details ?? {}),
      ip: event.ip ?? null,
    })
    .execute();
}
