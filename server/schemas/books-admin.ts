import { z } from 'zod';

/**
 * What the admin endpoints answer (users, the audit log), for the OpenAPI document, the
 * console's generated types and tests/foundation/contract-books.test.ts.
 */

const role = z.enum(['cashier', 'manager', 'accountant', 'admin']);

export const userSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role,
    active: z.boolean(),
    hasPassword: z.boolean(),
    hasPin: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const userListResponseSchema = z.strictObject({ users: z.array(userSchema) });
export const userResponseSchema = z.strictObject({ user: userSchema });
export const createdUserResponseSchema = z.strictObject({
  user: z.strictObject({ id: z.string(), username: z.string(), role, displayName: z.string() }),
});

export const auditLogResponseSchema = z
  .strictObject({
    entries: z.array(
      z.strictObject({
        id: z.string(),
        at: z.string(),
        actor: z
          .strictObject({ id: z.string(), username: z.string(), displayName: z.string() })
          .nullable(),
        action: z.string(),
        subject: z.string().nullable(),
        details: z.unknown(),
        ip: z.string().nullable(),
      }),
    ),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    hasMore: z.boolean(),
  })
  .meta({ id: 'AuditLog' });
