import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import type { Role } from '../../ledger/schema/database.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { operationsOf, ROLES, type OpenApi, type Operation } from '../support/hostile-requests.js';

/**
 * Every operation of the live OpenAPI document × every role (none, cashier, manager,
 * accountant, admin): no session → 401 unless public; a role the operation does not
 * document, counting the implications of docs/decisions/0003-roles-imply.md, → 403; a
 * documented role gets past the guard (anything but 401/403). The implications are
 * written here from the decision record, not imported from the middleware, so that a
 * change there that the record does not make fails this test.
 */

/** docs/decisions/0003-roles-imply.md: a manager may do what a cashier may; an admin anything. */
const IMPLIES: Record<Role, readonly Role[]> = {
  cashier: ['cashier'],
  manager: ['manager', 'cashier'],
  accountant: ['accountant'],
  admin: ['admin', 'manager', 'cashier', 'accountant'],
};
/** Ending the session would end the matrix's own session; auth.test.ts covers them. */
const SESSION_ENDING = new Set(['POST /api/auth/logout']);

const PATH_VALUES: Record<string, () => string> = {
  id: () => randomUUID(),
  period: () => '2026-05',
  date: () => '2026-05-04',
  version: () => '1',
  n: () => '1',
  registerId: () => 'counter-1',
  method: () => 'cash',
  width: () => '80',
};

async function operations(t: TestApp): Promise<Operation[]> {
  return operationsOf((await (await t.request('GET', '/api/openapi.json')).json()) as OpenApi);
}

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (PATH_VALUES[name] ?? (() => 'x'))());
}

describeEachDatabase('reliability: authorization matrix', (database) => {
  test('every operation × every role answers as the documented roles say', async () => {
    const t = createTestApp(database);
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES) tokens[role] = (await t.login(role)).token;
    const ops = await operations(t);
    expect(ops.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    let cells = 0;
    for (const operation of ops) {
      const name = `${operation.method} ${operation.path}`;
      const send = (token?: string) =>
        t.request(operation.method, concrete(operation.path), {
          token,
          ...(operation.method === 'GET' || operation.method === 'DELETE' ? {} : { body: {} }),
        });
      if (!operation.isPublic) {
        expect(operation.roles.length, `${name} documents no roles`).toBeGreaterThan(0);
        const anonymous = await send();
        cells += 1;
        if (anonymous.status !== 401) wrong.push(`${name} without a session: ${anonymous.status}`);
      }
      if (SESSION_ENDING.has(name)) continue;
      for (const role of ROLES) {
        const allowed =
          operation.isPublic ||
          operation.roles.some((documented) => IMPLIES[role].includes(documented));
        const response = await send(tokens[role]);
        cells += 1;
        const guarded = response.status === 401 || response.status === 403;
        if (response.status >= 500) wrong.push(`${name} as ${role}: ${response.status}`);
        else if (allowed && guarded)
          wrong.push(`${name} as ${role}: ${response.status}, documented as allowed`);
        else if (!allowed && response.status !== 403)
          wrong.push(`${name} as ${role}: ${response.status}, documented as forbidden`);
      }
    }
    console.info(
      `[authorization ${database.kind}] ${ops.length} operations × 5 roles: ${cells} cells, ${wrong.length} wrong`,
    );
    expect(wrong).toEqual([]);
  }, 600_000);
});
