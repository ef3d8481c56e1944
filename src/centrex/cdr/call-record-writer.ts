/**
 * Writes call records to the database as calls end. The call ends on the SIP path, which does
 * not wait for the database: each record is inserted in the background, a failure is reported
 * and the record dropped (the call itself is over either way). `flush` waits for what is on its way.
 */
import { insertCallRecord } from '../../store/index.js';
import type { Database } from '../../store/index.js';
import type { CallRecord, CallRecordSink } from './call-record.js';
import { callRecordRow } from './call-record-rows.js';

export class CallRecordWriter implements CallRecordSink {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown, record: CallRecord) => void,
  ) {}

  record(record: CallRecord): void {
    const writing = insertCallRecord(this.database.db, callRecordRow(record)).catch((error: unknown) => this.onError(error, record));
    this.pending.add(writing);
    void writing.finally(() => this.pending.delete(writing));
  }

  /** Resolves once every record handed over so far is written (or has failed). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
