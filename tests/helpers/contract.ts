import type { z } from 'zod';
import { apiErrorSchema, documentedOperations, type OperationDoc } from '../../server/openapi.js';

/** The documented operation whose OpenAPI path matches a concrete one, literal segments first. */
export function operationFor(method: string, concretePath: string): OperationDoc {
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
  const found = candidates[0];
  if (!found) throw new Error(`${method} ${path} is not in the OpenAPI document.`);
  return found;
}

/** The zod schema documented for an answer: the route's own for a success, the error envelope otherwise. */
export function documentedSchema(method: string, path: string, status: number): z.ZodType {
  const operation = operationFor(method, path);
  if (!(status in operation.responses)) {
    throw new Error(`${operation.method} ${operation.path} does not document status ${status}.`);
  }
  if (status >= 400) return apiErrorSchema;
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
        result.error.issues
          .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('\n'),
    );
  }
  return result.data;
}
