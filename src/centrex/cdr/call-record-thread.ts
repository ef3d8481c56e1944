/**
 * The thread of a {@link ThreadedCallRecordStore}: its own connection to belay's SQLite file, each
 * batch in one `BEGIN IMMEDIATE` transaction through the store's `insertCallRecordRowsOn`. Batches
 * are done and answered in the order they arrive. A connection that cannot be opened ends the
 * thread, after telling the main thread why.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { configureSqliteConnection, insertCallRecordRowsOn } from '../../store/index.js';
import type { CallRecordRow } from '../../store/index.js';
import type { CallRecordThreadSetup, FromCallRecordThread, ToCallRecordThread } from './call-record-thread-messages.js';

if (parentPort === null) throw new Error('call-record-thread runs as a worker thread of a ThreadedCallRecordStore');
const port = parentPort;
const post = (message: FromCallRecordThread): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const { file } = workerData as CallRecordThreadSetup;

function open(): BetterSqlite3.Database | undefined {
  try {
    const native = new BetterSqlite3(file, { fileMustExist: true });
    configureSqliteConnection(native);
    return native;
  } catch (error) {
    post({ kind: 'failed', message: `cannot open the SQLite database ${file}: ${messageOf(error)}` });
    port.close();
    return undefined;
  }
}

const native = open();
if (native !== undefined) {
  const insertAll = native.transaction((rows: readonly CallRecordRow[]) => insertCallRecordRowsOn(native, rows));
  port.on('message', (message: ToCallRecordThread) => {
    if (message.kind === 'close') {
      native.close();
      port.close();
      return;
    }
    try {
      insertAll.immediate(message.rows);
      post({ kind: 'inserted' });
    } catch (error) {
      post({ kind: 'inserted', error: messageOf(error) });
    }
  });
}
