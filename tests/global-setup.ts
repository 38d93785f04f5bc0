import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An admin URL of a reachable PostgreSQL server, or null when there is none. */
    postgresAdminUrl: string | null;
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Every database-touching suite runs on PGlite and on real PostgreSQL. Without a reachable
 * PostgreSQL the PostgreSQL half is skipped and we say so loudly; with CI=true (or
 * TEST_REQUIRE_POSTGRES=true, as `npm run test:pg` sets) its absence fails the run, so CI
 * can never pass on half the suite.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    project.provide('postgresAdminUrl', url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true' || process.env.TEST_REQUIRE_POSTGRES === 'true') {
      throw new Error(`PostgreSQL is required but not reachable at ${url}: ${reason}`, {
        cause: error,
      });
    }
    console.warn(
      `\n!!! PostgreSQL is not reachable at ${url} (${reason}).\n` +
        '!!! The PostgreSQL half of the database suites is SKIPPED; only PGlite was tested.\n' +
        '!!! Set TEST_DATABASE_URL or start PostgreSQL to run it.\n',
    );
    project.provide('postgresAdminUrl', null);
  } finally {
    await client.end().catch(() => undefined);
  }
}
