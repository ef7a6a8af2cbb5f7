import { describeCompileContract } from './test-support/compile-contract.js';
import { openTestDatabase } from './test-support/test-database.js';

describeCompileContract('SQLite', async () => {
  const db = await openTestDatabase();
  return { db, close: () => db.destroy() };
});
