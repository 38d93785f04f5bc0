import { z } from 'zod';
import type { Role } from '../ledger/database.js';

export interface OperationDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/api/sales/{id}/refunds`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; `public` needs no login. */
  roles: readonly (Role | 'public')[];
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, string>;
}

const operations = new Map<string, OperationDoc>();

/** Routes describe themselves here, beside their handlers, so the document cannot drift. */
export function documentRoute(operation: OperationDoc): void {
  operations.set(`${operation.method} ${operation.path}`, operation);
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...operations.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const parameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (op.query) {
      const schema = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: schema.required?.includes(name) ?? false,
          schema: property as { type: string },
        });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(op.responses)) {
      responses[status] =
        Number(status) >= 400
          ? {
              description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            }
          : { description };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: [op.tag],
      description: `Roles: ${op.roles.join(', ')}`,
      security: op.roles.includes('public') ? [] : [{ session: [] }, { bearer: [] }],
      parameters,
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '辛馍坊 POS & reinvestment ledger API',
      version: '1',
      description:
        'Money is a decimal string with two places, quantities decimal strings, dates YYYY-MM-DD, periods YYYY-MM. ' +
        'Errors are {"error":{"code","message","details"?}} with a stable code. Cookie-authenticated writes need the ' +
        'X-CSRF-Token header from the login answer; scripts may send Authorization: Bearer <token> instead.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'xmf_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
