import { readConfig } from './config.js';
import { migrateToLatest } from './migrate.js';
import { openConfiguredDatabase } from './open-configured-database.js';

const config = readConfig();
const database = await openConfiguredDatabase(config);
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
} finally {
  await database.close();
}
