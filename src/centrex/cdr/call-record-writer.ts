/**
 * Writes call records to the database as calls end. The call ends on the SIP path, which does
 * not wait for the database: records are collected and written together, one transaction every
 * `flushIntervalMs` while there are any (a statement per call cost more than the rest of the
 * call's signalling at a few hundred calls a second). A batch the database refuses is written
 * again a record at a time, so that one bad record loses only itself; each one that fails is
 * reported and dropped (the call itself is over either way). `flush` writes what is waiting and
 * resolves once everything handed over so far is written (or has failed).
 */
import { insertCallRecords } from '../../store/index.js';
import type { Database } from '../../store/index.js';
import type { Clock, TimerHandle } from '../../sip/index.js';
import type { CallRecord, CallRecordSink } from './call-record.js';
import { callRecordRow } from './call-record-rows.js';

/** How long a record may wait for the ones after it: the call record list lags by at most this much. */
export const DEFAULT_CALL_RECORD_FLUSH_MS = 200;

export class CallRecordWriter implements CallRecordSink {
  private waiting: CallRecord[] = [];
  private timer: TimerHandle | undefined;
  /** The batches on their way, one after the other. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly onError: (error: unknown, record: CallRecord) => void,
    private readonly clock: Clock,
    private readonly flushIntervalMs = DEFAULT_CALL_RECORD_FLUSH_MS,
  ) {}

  record(record: CallRecord): void {
    this.waiting.push(record);
    this.timer ??= this.clock.setTimer(this.flushIntervalMs, () => {
      this.timer = undefined;
      void this.write();
    });
  }

  /** Writes the records waiting now; resolves once every record handed over so far is written (or has failed). */
  async flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.write();
  }

  private write(): Promise<void> {
    const batch = this.waiting;
    if (batch.length > 0) {
      this.waiting = [];
      this.writing = this.writing.then(() => this.store(batch));
    }
    return this.writing;
  }

  private async store(batch: readonly CallRecord[]): Promise<void> {
    try {
      const rows = batch.map(callRecordRow);
      await insertCallRecords(this.database, rows);
      return;
    } catch (error) {
      if (batch.length === 1 && batch[0]) {
        this.onError(error, batch[0]);
        return;
      }
    }
    for (const record of batch) await this.store([record]);
  }
}
