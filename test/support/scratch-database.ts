import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A new, empty database that is not opened yet, and how to remove it. */
export interface ScratchDatabase {
  readonly url: string;
  remove(): Promise<void>;
}

async function withAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for a test or a benchmark: an SQLite file in a new temporary folder when
 * `adminUrl` is undefined, else a new PostgreSQL database created through `adminUrl` (a user
 * who may create databases) and dropped by `remove`.
 */
export async function scratchDatabaseAt(adminUrl: string | undefined, prefix: string): Promise<ScratchDatabase> {
  if (adminUrl === undefined) {
    const folder = await mkdtemp(join(tmpdir(), `${prefix}-`));
    return { url: `sqlite:${join(folder, 'data', 'belay.db')}`, remove: () => rm(folder, { recursive: true, force: true }) };
  }
  const name = `${prefix.replace(/\W/g, '_')}_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), remove: () => withAdmin(adminUrl, `drop database if exists ${name} with (force)`) };
}
