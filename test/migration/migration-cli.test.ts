import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainBreak } from '../../src/store/index.js';
import type { AuditRecord } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/index.js';
import { runBelay } from '../app/support/belay-process.js';
import { seedProjectTenant } from './support/project-fixture.js';

/** `belay migration` and `belay audit` as an administrator runs them: the real command on a temporary data folder. */

describe('the belay migration and audit commands', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-migration-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
    const migrated = await runBelay(['db', 'migrate'], { env, cwd: dir });
    expect(migrated.code).toBe(0);
    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      await seedProjectTenant(database);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });

  it('walks the project forward, refusing a gate with what is missing per employee', { timeout: 120_000 }, async () => {
    expect((await belay('migration', 'start', 'acme', '--quiet-days', '3')).stdout).toMatch(/^migration of acme: inventory since \S+ \(quiet days: 3\)\n$/);
    expect((await belay('migration', 'advance', 'acme')).stdout).toMatch(/^migration of acme: now planning\n {2}passed employees_recorded: /);
    expect((await belay('migration', 'advance', 'acme')).stdout).toMatch(/now implementation/);

    const refused = await belay('migration', 'advance', 'acme');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      [
        'belay: the migration of "ACME GmbH" cannot advance from implementation to parallel:',
        'belay: devices_registered (every new device is registered) — 201 Erika Muster: the new device is not registered (old_recorded); 202 Max Mann: the new device is not registered (old_recorded); 203 Neu Hier: the new device is not registered (old_recorded)',
        'belay: training_complete (every employee attended training or was excused with a reason) — 201 Erika Muster: training is pending; 202 Max Mann: training is pending; 203 Neu Hier: training is pending',
        '',
      ].join('\n'),
    );

    const status = await belay('migration', 'status', 'acme');
    expect(status.stdout).toContain('next: implementation → parallel, not ready\n  FAILED devices_registered: every new device is registered (evidence: 0 manual, 0 automatic)\n      201 Erika Muster: the new device is not registered (old_recorded)\n');
    expect(status.stdout).toContain('  training: pending 3\n');

    const waived = await belay('migration', 'transition', 'acme', '201', 'training', 'waived');
    expect(waived).toMatchObject({ code: 1, stderr: 'belay: invalid transition: note must give the reason training is waived\n' });
    expect((await belay('migration', 'transition', 'acme', '201', 'training', 'waived', '--note', 'trainer herself')).stdout).toMatch(/^EXTENSION.*\n201\s+Erika Muster\s+planned\s+old_recorded\s+waived\s+trainer herself\n$/);
    const illegal = await belay('migration', 'transition', 'acme', '202', 'device', 'registered');
    expect(illegal.stderr).toBe('belay: employee 202 Max Mann: the device exchange cannot go from old_recorded to registered; from old_recorded it can go to new_assigned\n');

    const recorded = await belay('migration', 'evidence', 'record', 'acme', 'employee', '202', 'device_test_call', 'fail', '--note', 'no audio', '--json');
    expect(JSON.parse(recorded.stdout)).toMatchObject({ source: 'manual', checkedBy: os.userInfo().username, details: { note: 'no audio' } });
    expect((await belay('migration', 'evidence', 'list', 'acme')).stdout).toMatch(/\semployee \S+\s+device_test_call\s+fail\s+manual\s/);

    expect((await belay('migration', 'rollback', 'acme')).stderr).toBe('belay: the migration of "ACME GmbH" is in the implementation phase: rollback is possible only from parallel operation\n');
    const decommission = await belay('migration', 'decommission', 'acme', '--confirm-name', 'ACME GmbH');
    expect(decommission.stderr).toBe('belay: the migration of "ACME GmbH" is in the implementation phase: decommissioning follows porting\n');
  });

  it('verifies and exports the audit log, and names the row someone changed', { timeout: 120_000 }, async () => {
    const intact = await belay('audit', 'verify');
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).toMatch(/^the audit log is intact: \d+ rows, head [0-9a-f]{64}\n$/);

    const exported = await belay('audit', 'export', '--tenant', 'acme');
    const records = exported.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditRecord);
    expect(records.map((r) => r.action)).toContain('migration_project.advance');
    expect(new Set(records.map((r) => r.tenantId)).size).toBe(1);
    const all = (await belay('audit', 'export')).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditRecord);
    expect(all.every((r, i) => auditChainBreak(all[i - 1], r) === undefined)).toBe(true);

    const victim = records.find((r) => r.action === 'migration_employee.training');
    if (!victim) throw new Error('the waiver was audited');
    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      await sql`drop trigger audit_log_no_update`.execute(database.db);
      await sql`update audit_log set after = replace(after, 'trainer herself', 'never asked') where id = ${victim.id}`.execute(database.db);
    } finally {
      await database.close();
    }
    const tampered = await belay('audit', 'verify');
    expect(tampered).toMatchObject({ code: 1, stdout: '' });
    expect(tampered.stderr).toBe(`belay: the audit log is broken at row ${victim.id} (hash): audit row ${victim.id}: contents do not match its hash; ${victim.id - 1} rows before it verified\n`);
  });
});
