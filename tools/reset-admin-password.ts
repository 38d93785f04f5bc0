/**
 * `npm run reset-admin-password`: for the operator who lost the first admin's password.
 * Sets a new password for the user `admin` on the database DATA_DIR / DATABASE_URL names
 * — ADMIN_PASSWORD when set (at least 10 characters), otherwise a random one printed
 * once — ends the admin's sessions, clears its failed attempts and records it in the
 * audit log. It refuses while a server holds the PGlite directory (stop the server first).
 *
 * Exit codes: 0 done, 1 refused (directory in use, no admin, password too short).
 */
import { audit } from '../server/audit.js';
import { clearAttempts } from '../server/auth/attempts.js';
import { newPassword } from '../server/auth/secrets.js';
import { hashNewSecret } from '../server/auth/users.js';
import { readConfig } from '../server/config.js';
import { DataDirInUseError } from '../server/data-dir-lock.js';
import { migrateToLatest } from '../server/migrate.js';
import { openConfiguredDatabase } from '../server/open-configured-database.js';
import type { OpenDatabase } from '../server/db.js';

const MIN_PASSWORD_LENGTH = 10;

const config = readConfig();
const given = config.adminPassword;
if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
  console.error(`ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  process.exit(1);
}

let database: OpenDatabase;
try {
  database = await openConfiguredDatabase(config);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(`Refusing to reset the password: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

let exitCode = 0;
try {
  await migrateToLatest(database.db);
  const password = given ?? newPassword();
  const hash = await hashNewSecret(password);
  const reset = await database.db.transaction().execute(async (trx) => {
    const admin = await trx
      .updateTable('users')
      .set({ password_hash: hash, active: true, locked_until: null, failed_attempts: 0 })
      .where('username', '=', 'admin')
      .returning(['id'])
      .executeTakeFirst();
    if (!admin) return false;
    // Whoever knew the old password may still hold a session.
    await trx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', admin.id)
      .where('revoked_at', 'is', null)
      .execute();
    await clearAttempts(trx, admin.id);
    await audit(trx, {
      actorId: null,
      action: 'user_updated',
      subject: 'admin',
      details: { passwordReset: true, by: 'reset-admin-password' },
    });
    return true;
  });
  if (!reset) {
    console.error(
      'There is no user "admin" on this database; `npm start` creates it on first run.',
    );
    exitCode = 1;
  } else if (given === undefined) {
    console.log('────────────────────────────────────────────────────────');
    console.log(' The user "admin" now has the password');
    console.log(`     ${password}`);
    console.log(' It is shown only this once. Its sessions were ended.');
    console.log('────────────────────────────────────────────────────────');
  } else {
    console.log(
      'The user "admin" now has the password from ADMIN_PASSWORD; its sessions were ended.',
    );
  }
} finally {
  await database.close();
}
process.exit(exitCode);
