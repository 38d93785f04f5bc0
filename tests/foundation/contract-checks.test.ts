import { expect, test } from 'vitest';
import { ERROR_STATUS } from '../../server/error-status.js';
import { ERROR_CODES } from '../../server/http-errors.js';
import { documentedOperations, openApiDocument } from '../../server/openapi.js';
// The routes document themselves when their modules load.
import '../../server/routes/index.js';
import { contractViolation } from '../helpers/contract.js';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
const refusal = (code: string) => ({ error: { code, message: 'no' } });

/**
 * Every request a test sends through createTestApp is checked with contractViolation
 * (tests/helpers/app.ts); these cases show the check refuses what it should.
 */
test('an error code the route does not document fails the check; a documented or common one passes', async () => {
  const path = '/api/sales/3f1b2c4d-0000-4000-8000-000000000000';
  expect(
    await contractViolation('GET', path, json(404, refusal('sale_not_found'))),
  ).toBeUndefined();
  expect(
    await contractViolation('GET', path, json(401, refusal('session_expired'))),
  ).toBeUndefined();
  expect(await contractViolation('GET', path, json(409, refusal('period_closed')))).toMatch(
    /the code period_closed, which its documentation .* does not list/,
  );
  // The status must be the code's own.
  expect(await contractViolation('GET', path, json(400, refusal('sale_not_found')))).toMatch(
    /whose status is 404/,
  );
  // Not the envelope, or a code that is in no list at all.
  expect(await contractViolation('GET', path, json(404, { message: 'gone' }))).toMatch(
    /not the error envelope/,
  );
  expect(await contractViolation('GET', path, json(404, refusal('gone_fishing')))).toMatch(
    /not the error envelope/,
  );
  expect(await contractViolation('GET', path, new Response('oops', { status: 500 }))).toMatch(
    /not the JSON error envelope/,
  );
});

test('a success that its documented schema refuses fails the check, naming the field', async () => {
  const violation = await contractViolation(
    'GET',
    '/api/public/statements',
    json(200, { statements: [{ period: 'not a period' }] }),
  );
  expect(violation).toMatch(/statements\.0/);
  expect(
    await contractViolation('GET', '/api/public/statements', json(200, { statements: [] })),
  ).toBeUndefined();
  // Paths the document does not describe are not checked.
  expect(await contractViolation('GET', '/health', json(200, { anything: true }))).toBeUndefined();
});

test('the document lists each route’s codes under their statuses, the common ones included', () => {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const codesAt = (path: string, method: string, status: number): string[] => {
    const answer = document.paths[path]![method]!.responses[String(status)] as {
      content: {
        'application/json': {
          schema: {
            allOf: [
              unknown,
              { properties: { error: { properties: { code: { enum: string[] } } } } },
            ];
          };
        };
      };
    };
    return answer.content['application/json'].schema.allOf[1].properties.error.properties.code.enum;
  };
  expect(codesAt('/api/sales/{id}/refunds', 'post', 422)).toContain('total_not_positive');
  expect(codesAt('/api/sales', 'post', 422)).toContain('amount_invalid');
  expect(codesAt('/api/sales', 'post', 400)).toEqual(
    expect.arrayContaining(['malformed_json', 'invalid_input']),
  );
  expect(codesAt('/api/sales', 'post', 503)).toEqual(
    expect.arrayContaining(['busy', 'database_unavailable']),
  );
  // Every listed code is one the server knows, under the status it answers with.
  for (const operation of documentedOperations()) {
    for (const code of operation.errors) {
      expect(ERROR_CODES).toContain(code);
      expect(Object.keys(document.paths[operation.path]![operation.method]!.responses)).toContain(
        String(ERROR_STATUS[code]),
      );
    }
  }
});
