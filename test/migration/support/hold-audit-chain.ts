import type { Database } from '../../../src/store/index.js';

/**
 * Holds the audit chain's lock in a transaction of its own (PostgreSQL only: SQLite's one
 * connection would wait for it), so an audited transaction started meanwhile waits until
 * `release`: how a test keeps an import running while a second one is tried.
 */
export async function holdAuditChain(database: Database): Promise<{ release(): Promise<void> }> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = (): void => undefined;
  const held = new Promise<void>((resolve) => (locked = resolve));
  const done = database.db.transaction().execute(async (trx) => {
    await trx.selectFrom('audit_head').select('last_id').forUpdate().execute();
    locked();
    await released;
  });
  await held;
  return {
    async release() {
      release();
      await done;
    },
  };
}

/** Resolves once `check` does, asking every 10 ms for at most `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
