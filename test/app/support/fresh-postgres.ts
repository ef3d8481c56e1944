import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database of its own for one test file, created through the admin URL (BELAY_TEST_PG_URL)
 * and dropped afterwards, so test files run in parallel without seeing each other's rows.
 */
export interface FreshPostgres {
  readonly url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function freshPostgres(adminUrl: string): Promise<FreshPostgres> {
  const name = `belay_app_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
