/**
 * Response times in microseconds from SIPp's message trace (`-trace_msg`): SIPp's own
 * statistics tick in 4 ms steps on this kernel, but every traced message carries a timestamp
 * in µs. A request's response time runs from its first transmission to the first response
 * of a given status, per transaction (Call-ID and CSeq).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Response times in ms, by CSeq and status (`2 REGISTER 200`, `2 INVITE 180` …), sorted ascending. */
export type ResponseTimes = ReadonlyMap<string, readonly number[]>;

const SEPARATOR = /^-{20,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d{6})$/;

interface Entry {
  sentAt?: number;
  /** First arrival of each status. */
  readonly answeredAt: Map<string, number>;
}

/** Reads a SIPp message trace: requests SIPp sent, responses it received. */
export async function responseTimes(file: string): Promise<ResponseTimes> {
  const transactions = new Map<string, Entry>();
  let at = 0;
  let direction: 'sent' | 'received' | undefined;
  let startLine: string | undefined;
  let callId: string | undefined;

  const finish = (cseq: string): void => {
    if (direction === undefined || startLine === undefined || callId === undefined) return;
    const key = `${callId}\n${cseq}`;
    const entry: Entry = transactions.get(key) ?? { answeredAt: new Map() };
    transactions.set(key, entry);
    const status = /^SIP\/2\.0 (\d{3})/.exec(startLine)?.[1];
    if (direction === 'sent' && status === undefined) entry.sentAt ??= at;
    if (direction === 'received' && status !== undefined && !entry.answeredAt.has(status)) entry.answeredAt.set(status, at);
  };

  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const separator = SEPARATOR.exec(line);
    if (separator) {
      at = Date.parse(`${separator[1]}T${separator[2]}Z`) + Number(separator[3]) / 1000;
      direction = undefined;
      startLine = undefined;
      callId = undefined;
    } else if (/^\w+ message sent/.test(line)) {
      direction = 'sent';
    } else if (/^\w+ message received/.test(line)) {
      direction = 'received';
    } else if (direction !== undefined && startLine === undefined && line.trim() !== '') {
      startLine = line;
    } else if (/^(Call-ID|i):/i.test(line)) {
      callId = line.slice(line.indexOf(':') + 1).trim();
    } else if (/^CSeq:/i.test(line)) {
      finish(line.slice(line.indexOf(':') + 1).trim().replace(/\s+/, ' '));
    }
  }

  const byStatus = new Map<string, number[]>();
  for (const [key, { sentAt, answeredAt }] of transactions) {
    if (sentAt === undefined) continue;
    const cseq = key.slice(key.indexOf('\n') + 1);
    for (const [status, time] of answeredAt) {
      const times = byStatus.get(`${cseq} ${status}`) ?? [];
      times.push(time - sentAt);
      byStatus.set(`${cseq} ${status}`, times);
    }
  }
  for (const times of byStatus.values()) times.sort((a, b) => a - b);
  return byStatus;
}

/** The nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
