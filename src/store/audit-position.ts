import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/**
 * The id of the last audit record: every change committed so far has an id at most this, and
 * every later one a greater id. A reader that notes it before loading state can catch up
 * afterwards by reading the records after it.
 */
export async function auditPosition(db: Kysely<DatabaseSchema>): Promise<number> {
  const head = await db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow();
  return head.last_id;
}
