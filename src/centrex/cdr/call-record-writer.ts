/**
 * Writes call records to the database as calls end. The call ends on the SIP path, which does
 * not wait for the database: records are collected and written together, one transaction every
 * `flushIntervalMs` while there are any (a statement per call cost more than the rest of the
 * call's signalling at a few hundred calls a second). A batch the database refuses is written
 * again a record at a time, so that one bad record loses only itself; each one that fails is
 * reported and dropped (the call itself is over either way). `flush` writes what is waiting and
 * resolves once everything handed over so far is written (or has failed); `close` does that and
 * then ends the writer's thread, if it has one.
 *
 * A batch holds at most {@link CALL_RECORD_BATCH} records, so that on SQLite no transaction of
 * the writer holds the file's write lock for long, whoever else is waiting for it.
 */
import type { Database } from '../../store/index.js';
import type { Clock, TimerHandle } from '../../sip/index.js';
import type { CallRecord, CallRecordSink } from './call-record.js';
import { callRecordRow } from './call-record-rows.js';
import { ThreadedCallRecordStore, directCallRecordStore } from './threaded-call-record-store.js';
import type { CallRecordStore } from './threaded-call-record-store.js';

/** How long a record may wait for the ones after it: the call record list lags by at most this much. */
export const DEFAULT_CALL_RECORD_FLUSH_MS = 200;

/** The most records written in one transaction. */
export const CALL_RECORD_BATCH = 250;

export interface CallRecordWriterOptions {
  /** Default {@link DEFAULT_CALL_RECORD_FLUSH_MS}. */
  readonly flushIntervalMs?: number;
  /**
   * On an SQLite file, insert on a thread of its own (see `ThreadedCallRecordStore`); `onFault`
   * hears if that thread fails, after which the writer inserts on its own thread. Ignored on
   * PostgreSQL and `:memory:`.
   */
  readonly thread?: { readonly onFault: (error: Error) => void };
}

export class CallRecordWriter implements CallRecordSink {
  private waiting: CallRecord[] = [];
  private timer: TimerHandle | undefined;
  /** The batches on their way, one after the other. */
  private writing: Promise<void> = Promise.resolve();
  private readonly store: CallRecordStore;
  private readonly flushIntervalMs: number;

  constructor(
    database: Database,
    private readonly onError: (error: unknown, record: CallRecord) => void,
    private readonly clock: Clock,
    options: CallRecordWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_CALL_RECORD_FLUSH_MS;
    const thread = options.thread && ThreadedCallRecordStore.start(database, options.thread.onFault);
    this.store = thread ?? directCallRecordStore(database);
  }

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

  /** {@link flush}, then lets go of the writer's thread. Records handed over later are not written. */
  async close(): Promise<void> {
    await this.flush();
    await this.store.close();
  }

  private write(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    for (let at = 0; at < waiting.length; at += CALL_RECORD_BATCH) {
      const batch = waiting.slice(at, at + CALL_RECORD_BATCH);
      this.writing = this.writing.then(() => this.insert(batch));
    }
    return this.writing;
  }

  private async insert(batch: readonly CallRecord[]): Promise<void> {
    try {
      await this.store.insert(batch.map(callRecordRow));
      return;
    } catch (error) {
      if (batch.length === 1 && batch[0]) {
        this.onError(error, batch[0]);
        return;
      }
    }
    for (const record of batch) await this.insert([record]);
  }
}
