/**
 * `belay security` and `belay registrations` against a running `belay serve`: a source blocked
 * after failed authentications is listed and unblocked, a registration listed and removed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runBelay, spawnServer } from '../app/support/belay-process.js';
import type { RunningServer } from '../app/support/belay-process.js';
import { createTestDatabase } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));
const DOMAIN = 'acme.cli.test';
const PASSWORD = 'Command-line-7';

describe.skipIf(!hasPeer('sipp'))('belay security and belay registrations', () => {
  let testDb: TestDatabase | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await testDb?.dispose();
  });

  it('lists and lifts a block, lists and removes a registration, through the running server', { timeout: 90_000 }, async () => {
    testDb = await createTestDatabase('sqlite');
    const sipPort = await freeSippPort();
    const env = {
      BELAY_DATA_DIR: path.join(testDb.dir, 'data'),
      BELAY_DB_URL: testDb.url,
      BELAY_SIP_PORT: String(sipPort),
      BELAY_SIP_AUTH_FAILURE_THRESHOLD: '3',
    };
    server = await spawnServer(env, testDb.dir);
    const post = (url: string, body: unknown) =>
      fetch(`${server?.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/v1/tenants', { slug: 'acme', name: 'ACME', sipDomain: DOMAIN })).status).toBe(201);
    expect((await post('/api/v1/tenants/acme/users', { extension: '100', name: 'Alice', sipUsername: 'alice', password: PASSWORD })).status).toBe(201);
    const belay = (...args: string[]) => runBelay(args, { env: { ...env, BELAY_HTTP_PORT: new URL(server?.url ?? '').port }, cwd: testDb?.dir });
    const sipp = (file: string, password: string) =>
      runSipp({
        scenario: { file: scenario(file) },
        remote: `127.0.0.1:${sipPort}`,
        transport: 'udp',
        calls: 1,
        timeoutMs: 10_000,
        injection: ['SEQUENTIAL', `alice;${password}`],
        keys: { domain: DOMAIN, expires: '600', contact_host: '127.0.0.2:5999' },
      });

    expect((await belay('security', 'blocks')).stdout).toBe('ADDRESS  SINCE  UNTIL  FAILURES\n');
    await sipp('register-wrong-password.xml', 'Not-the-password-1');
    const blocks = await belay('security', 'blocks', '--json');
    expect(blocks.code).toBe(0);
    expect(JSON.parse(blocks.stdout)).toEqual([expect.objectContaining({ address: '127.0.0.1', failures: 3 })]);
    expect(server.logs).toContainEqual(expect.objectContaining({ level: 40, address: '127.0.0.1', failures: 3, msg: 'blocked a SIP source after repeated authentication failures' }));

    expect(await belay('security', 'unblock', '127.0.0.1')).toMatchObject({ code: 0, stdout: 'unblocked 127.0.0.1\n' });
    expect(await belay('security', 'unblock', '127.0.0.1')).toMatchObject({ code: 1, stderr: 'belay: 127.0.0.1 is not blocked\n' });

    expect((await sipp('register.xml', PASSWORD)).stats.successfulCalls).toBe(1);
    const table = await belay('registrations', 'list', 'acme');
    const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^AOR\s+CONTACT\s+SOURCE\s+EXPIRES\s+REACHABLE\s+ID$/);
    expect(row).toMatch(new RegExp(`^sip:alice@${DOMAIN.replace(/\./g, '\\.')}\\s+sip:alice@127\\.0\\.0\\.2:5999;transport=UDP\\s+udp:127\\.0\\.0\\.1:\\d+\\s`));
    expect(rest).toEqual([]);
    const id = row?.split(/\s+/).at(-1) ?? '';
    expect(JSON.parse((await belay('registrations', 'list', 'acme', '--user', '100', '--json')).stdout)).toEqual([expect.objectContaining({ id })]);
    expect(await belay('registrations', 'remove', 'acme', id)).toMatchObject({ code: 0, stdout: `removed registration ${id}\n` });
    expect((await belay('registrations', 'list', 'acme', '--json')).stdout).toBe('[]\n');

    expect(await belay('registrations', 'list', 'acme', '--server', 'http://127.0.0.1:1')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^belay: cannot reach the server at http:\/\/127\.0\.0\.1:1 \(.*\): is belay serve running\?\n$/),
    });
  });
});
