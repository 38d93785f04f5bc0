import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from '../../ledger/database.js';
import { Refusal } from '../../ledger/errors.js';
import { hashSecret } from './secrets.js';

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
    password_hash: options.password ? await hashSecret(options.password) : null,
    pin_hash: options.pin ? await hashSecret(options.pin) : null,
  };
  await db.insertInto('users').values(user).execute();
  return { id: user.id, username: user.username, role: user.role, displayName: user.display_name };
}
