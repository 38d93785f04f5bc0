import { Hono } from 'hono';
import { z } from 'zod';
import { Refusal } from '../../ledger/core/errors.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import type { Role } from '../../ledger/schema/database.js';
import { clearAttempts } from '../auth/attempts.js';
import { clientIp } from '../auth/client-ip.js';
import { createUser, hashNewSecret, PIN_ROLES } from '../auth/users.js';
import { documentRoute } from '../openapi.js';
import { fields, readJson, readParam } from '../validate.js';
import {
  createdUserResponseSchema,
  userListResponseSchema,
  userResponseSchema,
} from '../schemas/books-admin.js';

const roleSchema = z.enum(['cashier', 'manager', 'accountant', 'admin']);

const createUserBody = z
  .strictObject({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, '2–32 letters, digits, dot, dash or underscore'),
    displayName: z.string().trim().min(1).max(64),
    role: roleSchema,
    password: z.string().min(10, 'at least 10 characters').max(256).optional(),
    pin: z
      .string()
      .regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits')
      .optional(),
  })
  .refine((body) => body.password !== undefined || body.pin !== undefined, {
    error: 'a password or a PIN is required',
  });

const patchUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(64).optional(),
    role: roleSchema.optional(),
    active: z.boolean().optional(),
    password: z.string().min(10, 'at least 10 characters').max(256).optional(),
    pin: z
      .string()
      .regex(/^\d{4,6}$/, 'a PIN of 4 to 6 digits')
      .nullable()
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'nothing to change' });

export const userRoutes = new Hono<AppEnv>()
  .use(requireRole('admin'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, createUserBody);
    if (!PIN_ROLES.includes(body.role) && !body.password) {
      throw new Refusal('invalid_input', 'Accountants and admins log in with a password.', [
        { path: 'password', problem: 'required' },
      ]);
    }
    const user = await c.var.deps.db.transaction().execute(async (trx) => {
      const created = await createUser(trx, body);
      await audit(trx, {
        actorId: auth.user.id,
        action: 'user_created',
        subject: created.username,
        details: {
          role: created.role,
          pin: body.pin !== undefined,
          password: body.password !== undefined,
        },
      });
      return created;
    });
    return c.json(
      {
        user: {
          id: user.id,
          username: user.username,
          role: user.role,
          displayName: user.displayName,
        },
      },
      201,
    );
  })
  .get('/', async (c) => {
    const rows = await c.var.deps.db
      .selectFrom('users')
      .select([
        'id',
        'username',
        'display_name',
        'role',
        'active',
        'created_at',
        'password_hash',
        'pin_hash',
      ])
      .orderBy('username')
      .execute();
    return c.json({ users: rows.map(userJson) });
  })
  .patch('/:id', async (c) => {
    const auth = currentAuth(c);
    const { db, now } = c.var.deps;
    const id = readParam(c, 'id', fields.id);
    const body = await readJson(c, patchUserBody);
    // Hash outside the transaction: scrypt is slow and must not hold row locks.
    const passwordHash =
      body.password === undefined ? undefined : await hashNewSecret(body.password);
    const pinHash =
      body.pin === undefined || body.pin === null ? body.pin : await hashNewSecret(body.pin);
    const updated = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new Refusal('not_found', `There is no user ${id}.`);
      const role = body.role ?? row.role;
      const resultingPin = pinHash === undefined ? row.pin_hash : pinHash;
      const resultingPassword = passwordHash ?? row.password_hash;
      if (id === auth.user.id && (body.active === false || (body.role && body.role !== 'admin'))) {
        // Otherwise the last admin could lock everyone out of user management.
        throw new Refusal('invalid_input', 'You cannot deactivate or demote yourself.', [
          { path: body.active === false ? 'active' : 'role', problem: 'self' },
        ]);
      }
      if (!PIN_ROLES.includes(role) && resultingPin !== null) {
        throw new Refusal('invalid_input', 'Admins and accountants log in by password only.', [
          { path: 'pin', problem: body.pin ? 'not_allowed' : 'must_be_removed' },
        ]);
      }
      if (!PIN_ROLES.includes(role) && resultingPassword === null) {
        throw new Refusal('invalid_input', 'Accountants and admins log in with a password.', [
          { path: 'password', problem: 'required' },
        ]);
      }
      if (resultingPin === null && resultingPassword === null) {
        throw new Refusal('invalid_input', 'A user needs a password or a PIN.', [
          { path: 'pin', problem: 'last_secret' },
        ]);
      }
      const next = await trx
        .updateTable('users')
        .set({
          ...(body.displayName === undefined ? {} : { display_name: body.displayName }),
          ...(body.role === undefined ? {} : { role: body.role }),
          ...(body.active === undefined ? {} : { active: body.active }),
          ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
          ...(pinHash === undefined ? {} : { pin_hash: pinHash }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const secretReset = passwordHash !== undefined || pinHash !== undefined;
      if (body.active === false || secretReset) {
        // A deactivated user, or one whose secret may have leaked, keeps no session.
        await trx
          .updateTable('sessions')
          .set({ revoked_at: now() })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
      }
      if (secretReset || body.active === true) await clearAttempts(trx, id);
      await audit(trx, {
        actorId: auth.user.id,
        action: 'user_updated',
        subject: row.username,
        details: {
          ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
          ...(body.role === undefined ? {} : { role: body.role, previousRole: row.role }),
          ...(body.active === undefined ? {} : { active: body.active }),
          ...(passwordHash === undefined ? {} : { password: 'reset' }),
          ...(pinHash === undefined ? {} : { pin: pinHash === null ? 'removed' : 'reset' }),
        },
        ip: clientIp(c),
      });
      return next;
    });
    // Its sessions may be revoked, its role or name changed: each is read afresh.
    c.var.deps.sessions.forgetUser(id);
    return c.json({ user: userJson(updated) });
  });

function userJson(row: {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
  created_at: Date;
  password_hash: string | null;
  pin_hash: string | null;
}) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    hasPassword: row.password_hash !== null,
    hasPin: row.pin_hash !== null,
    createdAt: row.created_at.toISOString(),
  };
}

documentRoute({
  method: 'post',
  path: '/api/users',
  summary: 'Create a user (cashiers and managers may have a PIN for the shared tablet)',
  tag: 'users',
  roles: ['admin'],
  response: { 201: createdUserResponseSchema },
  body: createUserBody,
  responses: {
    201: '{"user":{"id","username","role"}}',
  },
  errors: ['username_taken'],
});
documentRoute({
  method: 'get',
  path: '/api/users',
  summary: 'List users (no secrets; whether each has a password and a PIN)',
  tag: 'users',
  roles: ['admin'],
  response: { 200: userListResponseSchema },
  responses: {
    200: '{"users":[{"id","username","displayName","role","active","hasPassword","hasPin","createdAt"}]}',
  },
  errors: [],
});
documentRoute({
  method: 'patch',
  path: '/api/users/{id}',
  summary:
    'Change a user: displayName, role, active (false ends their sessions and refuses their logins), reset password or PIN (pin null removes it; ends their sessions). Admins and accountants have no PIN; you cannot deactivate or demote yourself',
  tag: 'users',
  roles: ['admin'],
  response: { 200: userResponseSchema },
  body: patchUserBody,
  responses: {
    200: '{"user":{…}}',
  },
  errors: ['not_found'],
});
