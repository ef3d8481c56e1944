import { describe, expect, it } from 'vitest';
import { ShutdownHooks } from './shutdown-hooks.js';
import type { ShutdownLog } from './shutdown-hooks.js';

function recordingLog(): ShutdownLog & { lines: { level: string; fields: object; msg: string }[] } {
  const lines: { level: string; fields: object; msg: string }[] = [];
  return {
    lines,
    info: (fields: object, msg: string) => void lines.push({ level: 'info', fields, msg }),
    error: (fields: object, msg: string) => void lines.push({ level: 'error', fields, msg }),
  };
}

describe('ShutdownHooks', () => {
  it('stops the parts in reverse start order, each awaited before the next', async () => {
    const log = recordingLog();
    const hooks = new ShutdownHooks(log);
    const order: string[] = [];
    hooks.add('database', () => void order.push('database'));
    hooks.add('http', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('http');
    });
    hooks.add('sip', () => void order.push('sip'));
    expect(await hooks.run(1000)).toEqual({ ok: true });
    expect(order).toEqual(['sip', 'http', 'database']);
  });

  it('runs once, however often it is asked', async () => {
    const hooks = new ShutdownHooks(recordingLog());
    let runs = 0;
    hooks.add('database', () => void runs++);
    await Promise.all([hooks.run(1000), hooks.run(1000)]);
    await hooks.run(1000);
    expect(runs).toBe(1);
    expect(() => hooks.add('late', () => undefined)).toThrow(/after shutdown began/);
  });

  it('keeps going past a hook that fails, and reports it', async () => {
    const log = recordingLog();
    const hooks = new ShutdownHooks(log);
    let databaseClosed = false;
    hooks.add('database', () => void (databaseClosed = true));
    hooks.add('http', () => Promise.reject(new Error('socket trouble')));
    expect(await hooks.run(1000)).toEqual({ ok: false, failed: ['http'] });
    expect(databaseClosed).toBe(true);
    expect(log.lines.some((l) => l.level === 'error' && l.msg.includes('"http" failed'))).toBe(true);
  });

  it('gives up at the deadline and names the hook that hung', async () => {
    const log = recordingLog();
    const hooks = new ShutdownHooks(log);
    hooks.add('database', () => undefined);
    hooks.add('sip', () => new Promise<void>(() => undefined));
    expect(await hooks.run(50)).toEqual({ ok: false, failed: ['sip'], hung: 'sip' });
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', fields: { hook: 'sip' }, msg: 'shutdown hook "sip" did not finish within 50 ms' });
  });
});
