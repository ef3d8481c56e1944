import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getTenant } from '../../src/centrex/index.js';
import { openDatabase } from '../../src/store/index.js';
import { runBelay, spawnServer } from './support/belay-process.js';
import type { RunningServer } from './support/belay-process.js';
import { createTestDatabase, testDialects } from './support/test-databases.js';
import type { TestDatabase } from './support/test-databases.js';

/**
 * `belay serve` as a process: SIGTERM in the middle of a burst of API writes. It must exit 0
 * promptly, and every write the API acknowledged (2xx) must be in the database afterwards.
 */

const WORKERS = 12;
/** Writes acknowledged before the signal is sent. */
const BEFORE_SIGNAL = 60;
/** Upper bound per worker, so a server that never stops cannot keep the test writing. */
const MAX_PER_WORKER = 1000;

describe.each(testDialects())('belay serve on %s', (dialect) => {
  let testDb: TestDatabase | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await testDb?.dispose();
  });

  it('stops on SIGTERM mid-burst within 5 s, exit 0, keeping every acknowledged write', { timeout: 60_000 }, async () => {
    testDb = await createTestDatabase(dialect);
    server = await spawnServer({ BELAY_DATA_DIR: path.join(testDb.dir, 'data'), BELAY_DB_URL: testDb.url }, testDb.dir);
    const { url } = server;

    const acknowledged: string[] = [];
    const refusedStatuses = new Set<number>();
    let reachedTarget: () => void = () => undefined;
    const target = new Promise<void>((resolve) => (reachedTarget = resolve));

    const worker = async (w: number): Promise<void> => {
      for (let i = 0; i < MAX_PER_WORKER; i++) {
        const slug = `burst-${w}-${i}`;
        let res: Response;
        try {
          res = await fetch(`${url}/api/v1/tenants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-belay-actor': 'burst' },
            body: JSON.stringify({ slug, name: `Burst ${w}/${i}` }),
          });
          await res.arrayBuffer();
        } catch {
          return; // the server has stopped listening
        }
        if (res.ok) {
          acknowledged.push(slug);
          if (acknowledged.length === BEFORE_SIGNAL) reachedTarget();
        } else {
          refusedStatuses.add(res.status);
          return;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    await target;
    const signalledAt = performance.now();
    server.child.kill('SIGTERM');
    const code = await server.exited;
    const stoppedAfterMs = performance.now() - signalledAt;
    await burst;

    expect(code, JSON.stringify(server.logs.filter((l) => Number(l['level']) >= 40))).toBe(0);
    expect(stoppedAfterMs).toBeLessThan(5000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(BEFORE_SIGNAL);
    // Requests that arrive while closing are refused as unavailable, never half-done.
    expect([...refusedStatuses].filter((s) => s !== 503)).toEqual([]);

    const messages = server.logs.map((l) => l['msg']);
    expect(messages.indexOf('stopped http')).toBeGreaterThan(messages.indexOf('shutting down'));
    expect(messages.indexOf('stopped database')).toBeGreaterThan(messages.indexOf('stopped http'));
    expect(messages.lastIndexOf('stopped')).toBeGreaterThan(messages.indexOf('stopped database'));

    const database = await openDatabase({ url: testDb.url });
    try {
      const missing: string[] = [];
      for (const slug of acknowledged) {
        await getTenant(database, slug).catch(() => missing.push(slug));
      }
      expect(missing).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('fails to start on a port in use: exit 1, the reason on stderr', { timeout: 60_000 }, async () => {
    testDb = await createTestDatabase(dialect);
    const env = { BELAY_DATA_DIR: path.join(testDb.dir, 'data'), BELAY_DB_URL: testDb.url, BELAY_SIP_PORT: '0' };
    server = await spawnServer(env, testDb.dir);
    const port = new URL(server.url).port;
    const second = await runBelay(['serve'], { env: { ...env, BELAY_HTTP_PORT: port, BELAY_LOG_LEVEL: 'silent' }, cwd: testDb.dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`belay: could not start: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`);
  });
});
