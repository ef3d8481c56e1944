/**
 * The kernel's view of a server's UDP socket (`ss -uam`): the receive buffer it really got
 * (the kernel doubles what the process asked for, up to twice net.core.rmem_max) and how many
 * datagrams it dropped because that buffer was full.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface UdpSocketState {
  readonly receiveBufferBytes: number;
  readonly drops: number;
}

export async function udpSocketState(host: string, port: number): Promise<UdpSocketState | undefined> {
  const { stdout } = await run('ss', ['-uamnH', `src ${host}:${port}`]);
  const memory = /skmem:\(([^)]*)\)/.exec(stdout)?.[1];
  if (memory === undefined) return undefined;
  const field = (prefix: string): number => Number(memory.split(',').find((f) => f.startsWith(prefix))?.slice(prefix.length) ?? Number.NaN);
  return { receiveBufferBytes: field('rb'), drops: field('d') };
}
