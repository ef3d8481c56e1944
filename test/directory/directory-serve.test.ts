/**
 * `belay serve` and the `belay` command side by side on one database: a user the command
 * creates, or gives a new password, while the server runs can register with the server
 * shortly after, because the server's directory follows the audit log.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runBelay, spawnServer } from '../app/support/belay-process.js';
import type { RunningServer } from '../app/support/belay-process.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';

const registerScenario = fileURLToPath(new URL('../registrar/scenarios/register.xml', import.meta.url));
const DOMAIN = 'acme.directory.test';

describe.skipIf(!hasPeer('sipp')).each(testDialects())('the directory of a running server on %s', (dialect) => {
  let testDb: TestDatabase | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await testDb?.dispose();
  });

  it('takes in users and passwords the belay command changes while it runs', { timeout: 120_000 }, async () => {
    testDb = await createTestDatabase(dialect);
    const sipPort = await freeSippPort();
    const env = {
      BELAY_DATA_DIR: path.join(testDb.dir, 'data'),
      BELAY_DB_URL: testDb.url,
      BELAY_SIP_PORT: String(sipPort),
      // the attempts made before the change arrives must not get loopback blocked
      BELAY_SIP_BLOCK_ALLOW: '127.0.0.1',
    };
    server = await spawnServer(env, testDb.dir);
    const belay = async (...args: string[]) => {
      const run = await runBelay(args, { env, cwd: testDb?.dir ?? '.' });
      expect(run.stderr).toBe('');
      return run;
    };
    const passwordFile = path.join(testDb.dir, 'password');

    /** Whether alice registers with `password` within a few seconds. */
    const registers = async (password: string): Promise<boolean> => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const run = await runSipp({
          scenario: { file: registerScenario },
          remote: `127.0.0.1:${sipPort}`,
          transport: 'udp',
          calls: 1,
          timeoutMs: 5_000,
          injection: ['SEQUENTIAL', `alice;${password}`],
          keys: { domain: DOMAIN, expires: '600', contact_host: '127.0.0.1:5999' },
        });
        if (run.stats.successfulCalls === 1) return true;
        await sleep(500);
      }
      return false;
    };

    await belay('tenant', 'create', '--slug', 'acme', '--name', 'ACME', '--sip-domain', DOMAIN);
    await writeFile(passwordFile, 'First-Secret-1\n');
    await belay('user', 'create', 'acme', '--extension', '100', '--name', 'Alice', '--sip-username', 'alice', '--password-file', passwordFile);
    expect(await registers('First-Secret-1')).toBe(true);

    await writeFile(passwordFile, 'Second-Secret-2\n');
    await belay('user', 'set-password', 'acme', '100', '--password-file', passwordFile);
    expect(await registers('Second-Secret-2')).toBe(true);
  });
});
