/** What passes between a {@link ThreadedCallRecordStore} and its thread (`call-record-thread`). */
import type { CallRecordRow } from '../../store/index.js';

/** The thread's `workerData`: the SQLite file to write to. */
export interface CallRecordThreadSetup {
  readonly file: string;
}

export type ToCallRecordThread =
  /** Insert `rows` in one transaction: all of them or none. Answered in the order sent. */
  | { readonly kind: 'insert'; readonly rows: readonly CallRecordRow[] }
  /** Close the database and end the thread, once the inserts before this are done. */
  | { readonly kind: 'close' };

export type FromCallRecordThread =
  /** The outcome of the oldest insert not yet answered: done, or refused with the database's message (nothing of it stored). */
  | { readonly kind: 'inserted'; readonly error?: string }
  /** The thread could not open the database and ends. */
  | { readonly kind: 'failed'; readonly message: string };
