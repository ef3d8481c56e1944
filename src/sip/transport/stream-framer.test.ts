import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamFramer, scanContentLength, type FramerEvent } from './stream-framer.js';

const invite = Buffer.concat([
  Buffer.from(
    'INVITE sip:bob@example.com SIP/2.0\r\n' +
      'Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1\r\n' +
      'Call-ID: a@192.0.2.1\r\n' +
      'Content-Type: application/octet-stream\r\n' +
      'Content-Length: 12\r\n\r\n',
  ),
  // A body with an empty line and bytes that are not text must come through unchanged.
  Buffer.from([0x61, 0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0xff, 0x80, 0x0d, 0x0a, 0x7a, 0x0a]),
]);
const ok = Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK2\r\nl :  5\r\n\r\nhello');
const folded = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nCONTENT-LENGTH:\r\n  3\r\nSubject: x\r\n\r\nxyz');
const stream = Buffer.concat([invite, ok, folded]);

const messages = (events: readonly FramerEvent[]): Buffer[] =>
  events.flatMap((event) => (event.kind === 'message' ? [event.data] : []));

function feed(framer: StreamFramer, chunks: readonly Buffer[]): FramerEvent[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

describe('StreamFramer (RFC 3261 §7.5, §18.3)', () => {
  it('delivers several messages from one read, body bytes exact', () => {
    const events = new StreamFramer().push(stream);
    expect(messages(events)).toEqual([invite, ok, folded]);
    expect(events.every((event) => event.kind === 'message' && !event.contentLengthMissing)).toBe(true);
  });

  it('frames the same messages when the stream is split at every byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const events = feed(new StreamFramer(), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(messages(events), `cut at ${cut}`).toEqual([invite, ok, folded]);
    }
  });

  it('frames them when every byte arrives in its own read', () => {
    const framer = new StreamFramer();
    const events = feed(framer, [...stream].map((byte) => Buffer.from([byte])));
    expect(messages(events)).toEqual([invite, ok, folded]);
    expect(framer.hasPartialMessage).toBe(false);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('frames them for any chunking of the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), stream.length];
        const chunks = points.slice(1).map((end, i) => stream.subarray(points[i], end));
        expect(messages(feed(new StreamFramer(), chunks))).toEqual([invite, ok, folded]);
      }),
    );
  });

  it('reports a partial message until its last body byte arrives', () => {
    const framer = new StreamFramer();
    expect(framer.push(invite.subarray(0, invite.length - 1))).toEqual([]);
    expect(framer.hasPartialMessage).toBe(true);
    expect(messages(framer.push(invite.subarray(invite.length - 1)))).toEqual([invite]);
    expect(framer.hasPartialMessage).toBe(false);
  });
});

describe('keep-alives (RFC 5626 §3.5.1) and stray CRLFs (RFC 3261 §7.5)', () => {
  it('reports a double CRLF as a ping', () => {
    expect(new StreamFramer().push(Buffer.from('\r\n\r\n'))).toEqual([{ kind: 'ping' }]);
  });

  it('reports a ping split across reads', () => {
    const framer = new StreamFramer();
    expect(feed(framer, [Buffer.from('\r'), Buffer.from('\n\r'), Buffer.from('\n')])).toEqual([{ kind: 'ping' }]);
  });

  it('skips a single CRLF before a message without a ping and without making it partial', () => {
    const framer = new StreamFramer();
    expect(framer.push(Buffer.from('\r\n'))).toEqual([]);
    expect(framer.hasPartialMessage).toBe(false);
    expect(framer.push(ok)).toEqual([{ kind: 'message', data: ok, contentLengthMissing: false }]);
  });

  it('answers pings between messages and keeps framing', () => {
    const events = new StreamFramer().push(Buffer.concat([ok, Buffer.from('\r\n\r\n\r\n'), invite]));
    expect(events.map((event) => event.kind)).toEqual(['message', 'ping', 'message']);
    expect(messages(events)).toEqual([ok, invite]);
  });
});

describe('limits and broken framing', () => {
  const limits = { maxMessageSize: 200, maxHeaderSize: 120 };

  it('fails when the header section outgrows its limit, without waiting for its end', () => {
    const framer = new StreamFramer(limits);
    const events = framer.push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'a'.repeat(150)}`));
    expect(events).toEqual([{ kind: 'failed', reason: 'header_too_large' }]);
    expect(framer.bufferedBytes).toBe(0);
    expect(framer.push(ok)).toEqual([]);
  });

  it('fails on a Content-Length beyond the message limit before any body arrives', () => {
    const events = new StreamFramer(limits).push(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 100000\r\n\r\n'));
    expect(events).toEqual([{ kind: 'failed', reason: 'message_too_large' }]);
  });

  it.each([
    ['a non-numeric value', 'Content-Length: ten'],
    ['a negative value', 'Content-Length: -1'],
    ['two different values', 'Content-Length: 1\r\nl: 2'],
    ['an absurdly long value', `Content-Length: ${'9'.repeat(40)}`],
  ])('fails on %s', (_name, header) => {
    const events = new StreamFramer().push(Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\n${header}\r\n\r\n`));
    expect(events).toEqual([{ kind: 'failed', reason: 'invalid_content_length' }]);
  });

  it('accepts the same length repeated', () => {
    const message = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2\r\nl: 2\r\n\r\nhi');
    expect(messages(new StreamFramer().push(message))).toEqual([message]);
  });

  it('delivers a message without Content-Length with an empty body, flagged, and frames the next one', () => {
    const bare = Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n');
    const events = new StreamFramer().push(Buffer.concat([bare, ok]));
    expect(events).toEqual([
      { kind: 'message', data: bare, contentLengthMissing: true },
      { kind: 'message', data: ok, contentLengthMissing: false },
    ]);
  });

  it('does not read Content-Length from the start-line', () => {
    expect(scanContentLength('INVITE sip:l:5@example.com SIP/2.0')).toEqual({ kind: 'missing' });
  });
});
