import { z } from 'zod';
import type { Role } from '../ledger/schema/database.js';
import { ERROR_STATUS } from './error-status.js';
import { ERROR_CODES, type ErrorCode } from './http-errors.js';

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
  /**
   * A description for each success status. An error status may have one too, for what the
   * codes alone do not say (a limit, a header); its codes come from `errors`.
   */
  responses: Record<number, string>;
  /**
   * The codes this route answers beyond the common ones (COMMON_ERROR_CODES, which every
   * route may give). The document lists them per status (ERROR_STATUS), and the tests'
   * request helper fails any answer whose code is in neither list.
   */
  errors: readonly ErrorCode[];
  /**
   * The JSON body of each success status, as a zod schema of what the handler sends.
   * Clients are typed from it (npm run gen:api) and tests/foundation/contract.test.ts
   * parses real answers with it, so it cannot drift from the handler.
   */
  response?: Partial<Record<number, z.ZodType>>;
}

const operations = new Map<string, OperationDoc>();

/** Routes describe themselves here, beside their handlers, so the document cannot drift. */
export function documentRoute(operation: OperationDoc): void {
  operations.set(`${operation.method} ${operation.path}`, operation);
}

/** The documented operation for a method and OpenAPI path, e.g. ('get', '/api/public/funds'). */
export function documentedOperation(
  method: OperationDoc['method'],
  path: string,
): OperationDoc | undefined {
  return operations.get(`${method} ${path}`);
}

/**
 * A response schema in JSON Schema, its named parts (zod `meta({ id })`) moved into
 * `components`, so the generated client has `Statement` and not forty anonymous shapes.
 */
function responseJsonSchema(
  schema: z.ZodType,
  components: Record<string, unknown>,
): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const rewritten = JSON.parse(
    JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as Record<string, unknown> & { $defs?: Record<string, unknown>; $schema?: string };
  const { $defs = {}, $schema: _dialect, ...body } = rewritten;
  for (const [name, definition] of Object.entries($defs)) {
    const known = components[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(definition)) {
      throw new Error(`Two different response schemas are both named ${name}.`);
    }
    components[name] = definition;
  }
  // A schema that is itself named is referenced, not repeated.
  const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  if (id !== undefined && !(id in $defs)) {
    components[id] = body;
    return { $ref: `#/components/schemas/${id}` };
  }
  return body;
}

/**
 * Codes any route may answer without listing them: a body it cannot read, a session that
 * is missing or stale, a write without its CSRF token, and the failures no rule decided.
 * `forbidden` is common to the routes that need a login, `not_found` to those with a path
 * parameter.
 */
export const COMMON_ERROR_CODES = [
  'malformed_json',
  'invalid_input',
  'body_too_large',
  'unauthenticated',
  'session_expired',
  'csrf_failed',
  'busy',
  'database_unavailable',
  'internal_error',
] as const satisfies readonly ErrorCode[];

/** Every code an operation may answer: its own and the common ones. */
export function documentedErrorCodes(operation: OperationDoc): ErrorCode[] {
  const common: ErrorCode[] = operation.roles.includes('public')
    ? [...COMMON_ERROR_CODES]
    : [...COMMON_ERROR_CODES, 'forbidden'];
  // A path parameter that escapes its segment (`..`, an encoded slash) names no route at
  // all, and the router answers `not_found` before any handler runs.
  if (operation.path.includes('{')) common.push('not_found');
  return [...new Set([...common, ...operation.errors])];
}

/** Every error answer: a stable code, a message for people, and sometimes details. */
export const apiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** Every documented operation, sorted by path; for tests that check answers against it. */
export function documentedOperations(): OperationDoc[] {
  return [...operations.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The error answers of an operation, one per status, each naming its codes: an `enum` on
 * the envelope's code (so generated clients know them) and a description listing them.
 */
function errorResponses(
  op: OperationDoc,
  errorReference: Record<string, unknown>,
): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of documentedErrorCodes(op)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const status of Object.keys(op.responses).map(Number)) {
    if (status >= 400 && !byStatus.has(status)) {
      throw new Error(`${op.method} ${op.path}: status ${status} is described but no code has it.`);
    }
  }
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const note = op.responses[status];
    responses[String(status)] = {
      description: codes.join(' | ') + (note ? ` — ${note}` : ''),
      content: {
        'application/json': {
          schema: {
            allOf: [
              errorReference,
              {
                type: 'object',
                properties: {
                  error: { type: 'object', properties: { code: { enum: codes } } },
                },
              },
            ],
          },
        },
      },
    };
  }
  return responses;
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const errorReference = responseJsonSchema(apiErrorSchema, schemas);
  for (const op of documentedOperations()) {
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
      if (Number(status) >= 400) continue;
      const body = op.response?.[Number(status)];
      responses[status] = body
        ? {
            description,
            content: { 'application/json': { schema: responseJsonSchema(body, schemas) } },
          }
        : { description };
    }
    Object.assign(responses, errorResponses(op, errorReference));
    for (const status of Object.keys(op.response ?? {})) {
      if (!(status in op.responses)) {
        throw new Error(
          `${op.method} ${op.path}: response ${status} has a schema but no description.`,
        );
      }
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
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
    paths,
  };
}
