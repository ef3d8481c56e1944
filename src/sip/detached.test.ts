import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse.js';
import { detached } from './detached.js';

describe('detached', () => {
  it('copies a value cut from a message, whatever its characters', () => {
    const parsed = parseMessage(Buffer.from('OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 1 OPTIONS\r\nUser-Agent: Tischtelefon für Büro ☎\r\n\r\n'));
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(detached(parsed.message.callId)).toBe('a84b4c76e66710@pc33.example.com');
    expect(detached(parsed.message.headers.at(-1)?.value ?? '')).toBe('Tischtelefon für Büro ☎');
    expect(detached('')).toBe('');
  });
});
