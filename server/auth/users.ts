import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from '../../ledger/schema/database.js';
import { Refusal } from '../../ledger/core/errors.js';
import { loginHashing } from './hashing-queue.js';
import { hashSecret } from './secrets.js';

/**
 * Roles that may have a PIN (the shared tablet). Admins and accountants log in by password
 * only, so nobody can lock them out by guessing a 4-digit PIN (docs/decisions/0022).
 */
export const PIN_ROLES: readonly Role[] = ['cashier', 'manager'];

/** Hashes a new password or PIN in a slot of the bounded hashing queue. */
export function hashNewSecret(secret: string): Promise<string> {
  return loginHashing.withSlot(() => hashSecret(secret));
}

export interface CreateUserOptions {
  username: string;
  displayName: string;
  role: Role;
  password?: string | undefined;
  pin?: string | undefined;
}

/** Creates a user with hashed secrets; a taken username is `username_taken`. */
export async function createUser(
  db: Kysely<Database> | Transaction<Database>,
  options: CreateUserOptions,
) {
  if (!options.password && !options.pin)
    throw new Refusal('invalid_input', 'A user needs a password or a PIN.');
  if (options.pin && !PIN_ROLES.includes(options.role))
    throw new Refusal('invalid_input', 'Admins and accountants log in by password only.', [
      { path: 'pin', problem: 'not_allowed' },
    ]);
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', options.username)
    .executeTakeFirst();
  if (existing) throw new Refusal('username_taken', `The username ${options.username} is taken.`);
  const user = {
    id: randomUUID(),
    username: options.username,
    display_name: options.displayName,
    role: options.role,
    password_hash: options.password ? await hashNewSecret(options.password) : null,
    pin_hash: options.pin ? await hashNewSecret(options.pin) : null,
  };
  await db.insertInto('users').values(user).execute();
  return { id: user.id, username: user.username, role: user.role, displayName: user.display_name };
}
