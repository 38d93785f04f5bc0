import { Hono } from 'hono';
import { z } from 'zod';
import { Refusal } from '../../ledger/errors.js';
import type { AppEnv } from '../app-env.js';
import { audit } from '../audit.js';
import { currentAuth, requireRole } from '../auth/middleware.js';
import { createUser } from '../auth/users.js';
import { documentRoute } from '../openapi.js';
import { readJson } from '../validate.js';

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
    message: 'a password or a PIN is required',
  });

export const userRoutes = new Hono<AppEnv>()
  .use(requireRole('admin'))
  .post('/', async (c) => {
    const auth = currentAuth(c);
    const body = await readJson(c, createUserBody);
    if (body.role !== 'cashier' && body.role !== 'manager' && !body.password) {
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
      .select(['id', 'username', 'display_name', 'role', 'active', 'created_at'])
      .orderBy('username')
      .execute();
    return c.json({
      users: rows.map((row) => ({
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        active: row.active,
        createdAt: row.created_at.toISOString(),
      })),
    });
  });

documentRoute({
  method: 'post',
  path: '/api/users',
  summary: 'Create a user (cashiers and managers may have a PIN for the shared tablet)',
  tag: 'users',
  roles: ['admin'],
  body: createUserBody,
  responses: {
    201: '{"user":{"id","username","role"}}',
    400: 'invalid_input',
    403: 'forbidden',
    409: 'username_taken',
  },
});
documentRoute({
  method: 'get',
  path: '/api/users',
  summary: 'List users',
  tag: 'users',
  roles: ['admin'],
  responses: { 200: '{"users":[…]}' },
});
