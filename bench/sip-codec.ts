/**
 * SIP codec throughput on one core: parse, serialize, and parse + read a lazy header +
 * serialize (what a proxy does per message), for an INVITE with SDP and a REGISTER with
 * digest credentials. Run with `npm run bench:sip`.
 */
import { cpus, loadavg } from 'node:os';
import { Header, header, headerValues, parseMessage, serializeMessage } from '../src/sip/index.js';
import type { SipMessage } from '../src/sip/index.js';

const crlf = (lines: string[]): string => lines.join('\r\n');

const sdp = crlf([
  'v=0',
  'o=- 3912384817 3912384817 IN IP4 192.0.2.101',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 40012 RTP/AVP 8 0 9 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
]);

const invite = Buffer.from(crlf([
  'INVITE sip:+4922198765023@pbx.example.net;user=phone SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK-524287-1---0f3eb40b11f97a9c;rport',
  'Max-Forwards: 70',
  'Contact: <sip:4711@192.0.2.101:5060;transport=udp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-0004f2a1b2c3>"',
  'To: <sip:+4922198765023@pbx.example.net;user=phone>',
  'From: "Erika Mustermann" <sip:4711@pbx.example.net>;tag=5e00e125',
  'Call-ID: wSSsR1c-lUjKuRhxr0iEKA..',
  'CSeq: 2 INVITE',
  'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE, UPDATE, PRACK',
  'Supported: replaces, timer, 100rel, norefersub',
  'Session-Expires: 1800;refresher=uac',
  'Min-SE: 90',
  'User-Agent: Yealink SIP-T54W 96.86.0.70',
  'P-Preferred-Identity: <sip:+492214711023@pbx.example.net>',
  'Allow-Events: talk, hold, conference, refer, check-sync',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(sdp)}`,
  '',
  sdp,
]));

const register = Buffer.from(crlf([
  'REGISTER sip:pbx.example.net SIP/2.0',
  'Via: SIP/2.0/TLS 192.0.2.101:50432;branch=z9hG4bK-d87543-8e6b1c1d0bde4e1b;rport',
  'Max-Forwards: 70',
  'Contact: <sip:4711@192.0.2.101:50432;transport=tls>;reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-0004f2a1b2c3>";expires=3600',
  'To: "Erika Mustermann" <sip:4711@pbx.example.net>',
  'From: "Erika Mustermann" <sip:4711@pbx.example.net>;tag=8a7c2f19',
  'Call-ID: 4f2b8e1a9c7d3e5f@192.0.2.101',
  'CSeq: 42 REGISTER',
  'Expires: 3600',
  'Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE',
  'Supported: path, outbound, gruu',
  'User-Agent: Yealink SIP-T54W 96.86.0.70',
  'Authorization: Digest username="4711",realm="pbx.example.net",nonce="Zx1KYGR2bDnM3d1f0XNlcnZlci1ub25jZQ",uri="sip:pbx.example.net",response="c2d3ff0ab9e8e5e1b7c4e5a2d6f0b3a1",algorithm=MD5,cnonce="0a4f113b",qop=auth,nc=00000001',
  'Content-Length: 0',
  '',
  '',
]));

type Work = () => void;

/**
 * Messages per CPU-second of this process (user + system time, so other load on the machine
 * does not count against it), median over the measured rounds.
 */
function measure(work: Work, iterations: number, rounds: { warmup: number; measured: number }): number {
  const rates: number[] = [];
  for (let r = 0; r < rounds.warmup + rounds.measured; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) work();
    const used = process.cpuUsage(start);
    const seconds = (used.user + used.system) / 1e6;
    if (r >= rounds.warmup) rates.push(iterations / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

function parsed(buf: Buffer): SipMessage {
  const result = parseMessage(buf);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}

let sink = 0;
const cases: [string, Buffer, (msg: SipMessage) => number][] = [
  ['INVITE with SDP', invite, (msg) => header(msg, Header.SessionExpires)?.params.size ?? 0],
  ['REGISTER with Authorization', register, (msg) => (header(msg, Header.Expires) ?? 0) + headerValues(msg, 'Authorization').length],
];
const rounds = { warmup: 3, measured: 7 };
const iterations = 50_000;

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(1)}); ${iterations} messages per round, ${rounds.warmup} warm-up + ${rounds.measured} measured rounds; median messages per CPU-second`);
console.log('| message | parse | serialize | parse + lazy header + serialize |');
console.log('|---|---:|---:|---:|');
for (const [name, buf, touch] of cases) {
  const msg = parsed(buf);
  const parse = measure(() => {
    sink += parseMessage(buf).ok ? 1 : 0;
  }, iterations, rounds);
  const serialize = measure(() => {
    sink += serializeMessage(msg).length;
  }, iterations, rounds);
  const proxy = measure(() => {
    const m = parsed(buf);
    sink += touch(m) + serializeMessage(m).length;
  }, iterations, rounds);
  const fmt = (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`;
  console.log(`| ${name} (${buf.length} bytes) | ${fmt(parse)} | ${fmt(serialize)} | ${fmt(proxy)} |`);
}
if (sink === 0) console.log('');
