import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '../../../src/store/index.js';
import { scratchDatabase } from '../../store/support/test-database.js';

export { testDialects } from '../../store/support/test-database.js';

/** An empty database for one test file, a folder for the server's other files, and how to throw both away. */
export interface TestDatabase {
  readonly dialect: DialectName;
  readonly url: string;
  /** A temporary folder (e.g. for BELAY_DATA_DIR). */
  readonly dir: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const scratch = await scratchDatabase(dialect);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-app-'));
  return {
    dialect,
    url: scratch.url,
    dir,
    dispose: async () => {
      await scratch.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
