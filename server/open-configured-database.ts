import { join } from 'node:path';
import type { Config } from './config.js';
import { lockDataDir } from './data-dir-lock.js';
import { openPglite, openPostgres, type OpenDatabase } from './db.js';

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set,
 * otherwise PGlite under DATA_DIR, guarded by a lock so a second process refuses to start.
 */
export async function openConfiguredDatabase(config: Config): Promise<OpenDatabase> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const release = lockDataDir(config.dataDir);
  try {
    const opened = await openPglite(join(config.dataDir, 'pglite'));
    return {
      ...opened,
      location: opened.location,
      close: async () => {
        try {
          await opened.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
