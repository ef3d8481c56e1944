/**
 * Where the {@link CallRecordWriter} puts its batches. On an SQLite file the inserts run on a
 * thread of their own (`call-record-thread`, with its own connection): better-sqlite3 is
 * synchronous, and a few hundred inserts and their commit would otherwise hold up the SIP stack's
 * thread. On PostgreSQL (asynchronous already) and on `:memory:` (one connection only) they run
 * where the writer runs.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../sip/index.js';
import { insertCallRecords, sqliteFile } from '../../store/index.js';
import type { CallRecordRow, Database } from '../../store/index.js';
import type { CallRecordThreadSetup, FromCallRecordThread, ToCallRecordThread } from './call-record-thread-messages.js';

export interface CallRecordStore {
  /** Inserts `rows` in one transaction: resolves once all are stored, rejects if none is. */
  insert(rows: readonly CallRecordRow[]): Promise<void>;
  /** Resolves once the inserts handed over are done and what the store holds is let go. */
  close(): Promise<void>;
}

/** Inserts on the caller's thread, through the store's `insertCallRecords`. */
export function directCallRecordStore(database: Database): CallRecordStore {
  return { insert: (rows) => insertCallRecords(database, rows), close: () => Promise.resolve() };
}

interface Waiting {
  readonly rows: readonly CallRecordRow[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Inserts on a thread of its own. If the thread fails (the file cannot be opened, the thread
 * dies), `onFault` hears of it once, and the inserts it had not answered, and every insert from
 * then on, run on the caller's thread.
 */
export class ThreadedCallRecordStore implements CallRecordStore {
  /** The inserts sent and not answered yet, oldest first: the thread answers in order. */
  private waiting: Waiting[] = [];
  /** Set once the thread is gone: inserts go to `direct`. */
  private gone = false;
  private readonly ended: Promise<void>;
  private readonly direct: CallRecordStore;

  /** A thread for `database`'s file; undefined when the database is not an SQLite file. */
  static start(database: Database, onFault: (error: Error) => void): ThreadedCallRecordStore | undefined {
    const file = sqliteFile(database);
    if (file === undefined) return undefined;
    const setup: CallRecordThreadSetup = { file };
    return new ThreadedCallRecordStore(startModuleThread(import.meta.url, './call-record-thread', setup), database, onFault);
  }

  private constructor(
    private readonly worker: Worker,
    database: Database,
    onFault: (error: Error) => void,
  ) {
    this.direct = directCallRecordStore(database);
    let fault: Error | undefined;
    worker.on('message', (answer: FromCallRecordThread) => {
      if (answer.kind === 'failed') {
        fault = new Error(answer.message);
        return;
      }
      const waiting = this.waiting.shift();
      if (answer.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(answer.error));
    });
    worker.on('error', (error: unknown) => {
      fault = error instanceof Error ? error : new Error(`the call record thread failed: ${JSON.stringify(error)}`);
    });
    this.ended = new Promise((resolve) => {
      worker.once('exit', (code) => {
        this.gone = true;
        if (fault !== undefined || this.waiting.length > 0) onFault(fault ?? new Error(`the call record thread ended (exit code ${code})`));
        for (const { rows, resolve, reject } of this.waiting) this.direct.insert(rows).then(resolve, reject);
        this.waiting = [];
        resolve();
      });
    });
  }

  insert(rows: readonly CallRecordRow[]): Promise<void> {
    if (this.gone) return this.direct.insert(rows);
    const request: ToCallRecordThread = { kind: 'insert', rows };
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (!this.gone) {
      const request: ToCallRecordThread = { kind: 'close' };
      this.worker.postMessage(request);
    }
    await this.ended;
  }
}
