import type { z } from 'zod';
import { ERROR_STATUS } from '../../server/error-status.js';
import type { ErrorCode } from '../../server/http-errors.js';
import {
  apiErrorSchema,
  documentedErrorCodes,
  documentedOperations,
  type OperationDoc,
} from '../../server/openapi.js';

/** The documented operation for a concrete path, or undefined for one the document lacks. */
export function findOperation(method: string, concretePath: string): OperationDoc | undefined {
  const path = concretePath.split('?')[0]!;
  const segments = path.split('/');
  const candidates = documentedOperations().filter((operation) => {
    if (operation.method !== method.toLowerCase()) return false;
    const template = operation.path.split('/');
    return (
      template.length === segments.length &&
      template.every((part, index) => /^\{\w+\}$/.test(part) || part === segments[index])
    );
  });
  const params = (operation: OperationDoc) => (operation.path.match(/\{/g) ?? []).length;
  candidates.sort((a, b) => params(a) - params(b));
  return candidates[0];
}

/** The documented operation whose OpenAPI path matches a concrete one, literal segments first. */
export function operationFor(method: string, concretePath: string): OperationDoc {
  const found = findOperation(method, concretePath);
  if (!found)
    throw new Error(`${method} ${concretePath.split('?')[0]} is not in the OpenAPI document.`);
  return found;
}

function issuesText(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('\n');
}

/**
 * Checks a real answer against the document, as every test's requests do (tests/helpers/app.ts):
 * a success with a documented schema must parse with it; an error must be the envelope,
 * with a code the route documents (its own `errors` or the common ones) and the status
 * that code has. Returns a description of what is wrong, or undefined. Paths the document
 * does not describe (/health, an unknown endpoint) are not checked.
 */
export async function contractViolation(
  method: string,
  concretePath: string,
  response: Response,
): Promise<string | undefined> {
  const operation = findOperation(method, concretePath);
  if (!operation) return undefined;
  const where = `${method.toUpperCase()} ${concretePath} (documented as ${operation.path}) answered ${response.status}`;
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  if (response.status >= 400) {
    if (!isJson) return `${where} with a body that is not the JSON error envelope.`;
    const parsed = apiErrorSchema.safeParse(await response.clone().json());
    if (!parsed.success)
      return `${where} with a body that is not the error envelope:\n${issuesText(parsed.error.issues)}`;
    const code: ErrorCode = parsed.data.error.code;
    if (!documentedErrorCodes(operation).includes(code)) {
      return `${where} with the code ${code}, which its documentation (errors: […]) does not list.`;
    }
    if (ERROR_STATUS[code] !== response.status) {
      return `${where} with the code ${code}, whose status is ${ERROR_STATUS[code]}.`;
    }
    return undefined;
  }
  const schema = operation.response?.[response.status];
  if (!schema || !isJson) return undefined;
  const parsed = schema.safeParse(await response.clone().json());
  if (!parsed.success)
    return `${where} with a body its documented schema refuses:\n${issuesText(parsed.error.issues)}`;
  return undefined;
}

/** The zod schema documented for an answer: the route's own for a success, the error envelope otherwise. */
export function documentedSchema(method: string, path: string, status: number): z.ZodType {
  const operation = operationFor(method, path);
  if (status >= 400) {
    if (!documentedErrorCodes(operation).some((code) => ERROR_STATUS[code] === status)) {
      throw new Error(
        `${operation.method} ${operation.path} documents no error with status ${status}.`,
      );
    }
    return apiErrorSchema;
  }
  if (!(status in operation.responses)) {
    throw new Error(`${operation.method} ${operation.path} does not document status ${status}.`);
  }
  const schema = operation.response?.[status];
  if (!schema) {
    throw new Error(`${operation.method} ${operation.path} has no response schema for ${status}.`);
  }
  return schema;
}

/**
 * Parses a real answer with the schema the document gives for it, so the document (and
 * the clients typed from it) cannot promise what the handler does not send. Throws
 * zod's own report, naming every field that differs.
 */
export async function parseDocumentedAnswer(
  method: string,
  path: string,
  response: Response,
): Promise<unknown> {
  const json: unknown = await response.json();
  const result = documentedSchema(method, path, response.status).safeParse(json);
  if (!result.success) {
    throw new Error(
      `${method} ${path} answered ${response.status} with a body its documented schema refuses:\n` +
        issuesText(result.error.issues),
    );
  }
  return result.data;
}
