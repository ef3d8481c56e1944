/** `belay cdr list` as a user runs it: a real process reading a temporary data folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRecordWriter, INTERNAL_CALL_FACTS, createTenant } from '../../src/centrex/index.js';
import { SystemClock } from '../../src/sip/index.js';
import type { CallRecord } from '../../src/centrex/index.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import { runBelay } from '../app/support/belay-process.js';

describe('belay cdr list', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-cdr-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      await migrateToLatest(database);
      const acme = await createTenant(database, { slug: 'acme', name: 'ACME' }, { kind: 'system', id: 'test' });
      const call = (n: number, overrides: Partial<CallRecord>): CallRecord => ({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        tenantId: acme.id,
        startedAt: `2026-01-01T09:00:0${n}.000Z`,
        answeredAt: null,
        endedAt: `2026-01-01T09:01:0${n}.000Z`,
        caller: { userId: null, extension: '201', uri: 'sip:201@acme.belay.localhost', name: 'Alice' },
        dialled: '202',
        answeredBy: null,
        forwarding: [],
        disposition: 'busy',
        sipStatus: 486,
        durationMs: 0,
        ...INTERNAL_CALL_FACTS,
        ...overrides,
      });
      const writer = new CallRecordWriter(
        database,
        (error) => {
          throw error;
        },
        new SystemClock(),
      );
      writer.record(call(1, {}));
      writer.record(call(3, {
        caller: { userId: null, extension: null, uri: 'sip:+4930123456@acme.belay.localhost', name: null },
        dialled: '+492219876523',
        answeredAt: '2026-01-01T09:00:04.000Z',
        answeredBy: { userId: 'u203', extension: '203', contact: 'sip:203@192.0.2.3', userAgent: null },
        disposition: 'answered',
        sipStatus: 200,
        durationMs: 1_000,
        direction: 'inbound',
        trunkId: 'carrier-a',
        presentedNumber: '+4930123456',
        originalCalled: '+49221471123',
        diversionReason: 'unconditional',
      }));
      writer.record(call(2, {
        answeredAt: '2026-01-01T09:00:05.000Z',
        answeredBy: { userId: 'u203', extension: '203', contact: 'sip:203@192.0.2.3', userAgent: null },
        forwarding: [{ from: '202', to: '203', reason: 'no-answer' }],
        disposition: 'answered',
        sipStatus: 200,
        durationMs: 62_500,
      }));
      await writer.flush();
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });

  it('prints the calls newest first as a table or JSON, filtered, and refuses an unknown disposition', { timeout: 90_000 }, async () => {
    const table = await belay('cdr', 'list', 'acme');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STARTED\s+DIRECTION\s+CALLER\s+DIALLED\s+ANSWERED\s+FORWARDING\s+DISPOSITION\s+STATUS\s+SECONDS\s+TRUNK\s+NUMBERS$/);
    expect(lines[1]).toMatch(/^2026-01-01T09:00:03\.000Z\s+inbound\s+\+4930123456\s+\+492219876523\s+203\s+-\s+answered\s+200\s+1\.0\s+carrier-a\s+for \+49221471123 \(unconditional\)$/);
    expect(lines[2]).toMatch(/^2026-01-01T09:00:02\.000Z\s+internal\s+201\s+202\s+203\s+202→203 \(no-answer\)\s+answered\s+200\s+62\.5\s+-\s+-$/);
    expect(lines[3]).toMatch(/busy\s+486\s+0\.0\s+-\s+-$/);

    const json = await belay('cdr', 'list', 'acme', '--disposition', 'busy', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ items: [{ disposition: 'busy', dialled: '202' }], next: null });

    const paged = await belay('cdr', 'list', 'acme', '--limit', '1');
    expect(paged.stdout).toMatch(/\nmore: belay cdr list acme --after \S+\n$/);

    const wrong = await belay('cdr', 'list', 'acme', '--disposition', 'lost');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('lost');
  });

  it('lists the calls of one direction, and refuses an unknown direction naming the option', { timeout: 90_000 }, async () => {
    const inbound = await belay('cdr', 'list', 'acme', '--direction', 'inbound', '--json');
    expect(inbound.code).toBe(0);
    expect(JSON.parse(inbound.stdout)).toMatchObject({ items: [{ direction: 'inbound', dialled: '+492219876523' }], next: null });

    const internal = await belay('cdr', 'list', 'acme', '--direction', 'internal');
    expect(internal.code).toBe(0);
    const rows = internal.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => /^\S+\s+internal\s/.test(row))).toBe(true);

    const outbound = await belay('cdr', 'list', 'acme', '--direction', 'outbound', '--json');
    expect(JSON.parse(outbound.stdout)).toEqual({ items: [], next: null });

    const wrong = await belay('cdr', 'list', 'acme', '--direction', 'sideways');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--direction.*sideways|sideways.*--direction/);
  });
});
