import type { Kysely } from 'kysely';
import type { Database } from '../ledger/schema/database.js';
import { audit } from './audit.js';
import { newPassword } from './auth/secrets.js';
import { createUser } from './auth/users.js';

/**
 * On an empty database, creates the user `admin` with ADMIN_PASSWORD or, without it, a
 * random password that is returned once (to be printed) and never stored in clear.
 */
export async function ensureAdmin(
  db: Kysely<Database>,
  adminPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  return db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return { created: false };
    const password = adminPassword ?? newPassword();
    const admin = await createUser(trx, {
      username: 'admin',
      displayName: '管理员',
      role: 'admin',
      password,
    });
    await audit(trx, {
      actorId: admin.id,
      action: 'user_created',
      subject: 'admin',
      details: { role: 'admin', bootstrap: true },
    });
    return adminPassword ? { created: true } : { created: true, generatedPassword: password };
  });
}
