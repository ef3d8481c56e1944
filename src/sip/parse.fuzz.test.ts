/**
 * Property tests of the codec, bounded to a few seconds: arbitrary and mutated input never
 * throws and never costs superlinear time; generated messages survive serialize → parse.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hotHeader } from './header-names.js';
import type { NameAddr, Via } from './header-values.js';
import type { SipMessage } from './message.js';
import { parseMessage } from './parse.js';
import { createRequest } from './request.js';
import { serializeMessage } from './serialize.js';
import type { SipUri } from './uri.js';

const tortureDir = join(import.meta.dirname, '../../test/sip-torture');
const samples = readdirSync(tortureDir).filter((f) => f.endsWith('.dat')).map((f) => readFileSync(join(tortureDir, f)));

function typed(msg: SipMessage): Omit<SipMessage, 'headers'> {
  const { headers: _headers, ...rest } = msg;
  return rest;
}

describe('parser robustness', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const result = parseMessage(Buffer.from(bytes));
        expect(result.ok || typeof result.error.reason === 'string').toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on mutated valid messages', () => {
    const mutation = fc.record({
      sample: fc.nat({ max: samples.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'), byte: fc.constantFrom(0, 10, 13, 32, 34, 44, 58, 59, 60, 62, 92, 0xff, 0xc3) }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        let bytes = Buffer.from(samples[sample] as Buffer);
        for (const edit of edits) {
          const at = edit.at % (bytes.length + 1);
          if (edit.kind === 'flip' && at < bytes.length) bytes[at] = edit.byte;
          else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.byte]), bytes.subarray(at)]);
          else if (edit.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
          else if (edit.kind === 'truncate') bytes = bytes.subarray(0, at);
        }
        const result = parseMessage(bytes);
        if (result.ok) expect(() => serializeMessage(result.message)).not.toThrow();
      }),
      { numRuns: 1500 },
    );
  });

  it('parses adversarial input of the maximum size without superlinear blow-up', () => {
    // A parser with quadratic or backtracking behaviour needs seconds for 60 KB of these
    // shapes; a linear one needs a few milliseconds. The bound leaves a wide margin for a
    // busy machine while still telling the two apart.
    const limits = { maxLineLength: 65_535, maxVia: 1 << 20, maxRoute: 1 << 20 };
    const head = 'INVITE sip:a@b SIP/2.0\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n';
    const n = 60_000;
    const shapes = [
      `${head}Via: SIP/2.0/UDP h;branch=z9hG4bK1${', SIP/2.0/UDP h;x=1'.repeat(n / 18)}`,
      `${head}Via: SIP/2.0/UDP h\r\nContact: ${'<'.repeat(n)}`,
      `${head}Via: SIP/2.0/UDP h\r\nContact: "${'\\"'.repeat(n / 2)}`,
      `${head}Via: SIP/2.0/UDP h${';a=b'.repeat(n / 4)}`,
      `${head}Via: SIP/2.0/UDP h\r\nRoute: ${'<sip:p;lr>,'.repeat(n / 11)}<sip:q>`,
      `${head}Via: SIP/2.0/UDP h\r\nX-Fold: a${'\r\n a'.repeat(n / 4)}`,
      `${head}Via: SIP/2.0/UDP h\r\nFrom: ${'"a" '.repeat(n / 4)}<sip:x>`,
      `${head}${'X: y\r\n'.repeat(200)}Via: SIP/2.0/UDP ${'['.repeat(n)}`,
    ].map((text) => Buffer.from(`${text}\r\n\r\n`));
    for (const buf of shapes) {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        parseMessage(buf, { limits });
        best = Math.min(best, performance.now() - start);
      }
      expect(best).toBeLessThan(250);
    }
  });
});

const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,10}$/);
const lowerToken = token.map((t) => t.toLowerCase());
const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((a) => `[${a}]`));
const params = fc.uniqueArray(fc.tuple(lowerToken, fc.option(token, { nil: null })), { selector: ([name]) => name, maxLength: 3 }).map((entries) => new Map(entries));
const sipUri = fc.record({
  scheme: fc.constantFrom<'sip' | 'sips'>('sip', 'sips'),
  user: fc.option(fc.stringMatching(/^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]{1,12}$/), { nil: undefined }),
  host,
  port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
  params: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9\-_.!~*'()]{1,8}$/), fc.option(fc.stringMatching(/^[A-Za-z0-9\-_.!~*()[\]/:&+$]{1,8}$/), { nil: null })), { selector: ([name]) => name, maxLength: 3 }).map((e) => new Map(e)),
}).map((u): SipUri => {
  const out: { -readonly [K in keyof SipUri]: SipUri[K] } = { kind: 'sip', scheme: u.scheme, host: u.host, params: u.params, headers: [] };
  if (u.user !== undefined) out.user = u.user;
  if (u.port !== undefined) out.port = u.port;
  return out;
});
const displayName = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
const nameAddr = fc.record({ displayName: fc.option(displayName, { nil: undefined }), uri: sipUri, params }).map((v): NameAddr => (v.displayName === undefined ? { uri: v.uri, params: v.params } : v));
const via = fc.record({
  transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'),
  host,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  branch: token.map((t) => `z9hG4bK${t}`),
  rport: fc.option(fc.oneof(fc.constant<true>(true), fc.integer({ min: 1, max: 65535 })), { nil: undefined }),
}).map((v): Via => {
  const out: { -readonly [K in keyof Via]: Via[K] } = { protocol: 'SIP/2.0', transport: v.transport, host: v.host, branch: v.branch, params: new Map() };
  if (v.port !== undefined) out.port = v.port;
  if (v.rport !== undefined) out.rport = v.rport;
  return out;
});
const extraHeader = fc.record({
  name: token.filter((n) => hotHeader(n) === undefined),
  value: fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '').trim()),
});

describe('serialize → parse round trip', () => {
  it('preserves the values of generated requests', () => {
    const request = fc.record({
      method: token,
      uri: sipUri,
      via: fc.array(via, { minLength: 1, maxLength: 3 }),
      from: nameAddr,
      to: nameAddr,
      callId: fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~()<>:"/[\]?{}]{1,20}(@[A-Za-z0-9.]{1,10})?$/),
      cseq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      maxForwards: fc.integer({ min: 0, max: 255 }),
      contacts: fc.array(nameAddr, { maxLength: 2 }),
      route: fc.array(nameAddr, { maxLength: 2 }),
      headers: fc.array(extraHeader, { maxLength: 4 }),
      body: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    });
    fc.assert(
      fc.property(request, (parts) => {
        const built = createRequest(parts);
        const parsed = parseMessage(serializeMessage(built));
        if (!parsed.ok) throw new Error(parsed.error.reason);
        expect(typed(parsed.message)).toEqual(typed(built));
        expect(parsed.message.headers.map((h) => [h.name, h.value])).toEqual(built.headers.map((h) => [h.name, h.value]));
      }),
      { numRuns: 400 },
    );
  });

  it('is stable for every valid torture message', () => {
    for (const sample of samples) {
      const first = parseMessage(sample);
      if (!first.ok) continue;
      const bytes = serializeMessage(first.message);
      const second = parseMessage(bytes);
      expect(second.ok && typed(second.message)).toEqual(typed(first.message));
      expect(second.ok && serializeMessage(second.message).equals(bytes)).toBe(true);
    }
  });
});
