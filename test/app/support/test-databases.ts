import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { postgresUrl } from '../../support/peers.js';
import { freshPostgres } from './fresh-postgres.js';

/** A database URL for one test file, and how to throw it away. */
export interface TestDatabase {
  readonly url: string;
  /** A folder for the test's other files (the data dir). */
  readonly dir: string;
  dispose(): Promise<void>;
}

export interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL';
  create(): Promise<TestDatabase>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async create() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-app-'));
    return { url: `sqlite:${path.join(dir, 'belay.db')}`, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
  },
};

function postgres(adminUrl: string): Backend {
  return {
    name: 'PostgreSQL',
    async create() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-app-'));
      const database = await freshPostgres(adminUrl);
      return {
        url: database.url,
        dir,
        dispose: async () => {
          await database.drop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** SQLite always; PostgreSQL too when BELAY_TEST_PG_URL is set (CI requires it). */
export function backends(): readonly Backend[] {
  const adminUrl = postgresUrl();
  return adminUrl ? [sqlite, postgres(adminUrl)] : [sqlite];
}
