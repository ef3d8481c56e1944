/**
 * Digest authentication and the abuse guard through the whole SIP service, in memory: wrong
 * passwords get a bounded number of challenges, unknown users look exactly like wrong
 * passwords, repeated failures block the source until the block is lifted or runs out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Status, formatUri, parseMessage, serializeMessage } from '../../src/sip/index.js';
import type { SipResponse } from '../../src/sip/index.js';
import { ALICE, MemoryRegistrar, PHONE, TENANT, directoryUser } from './support/memory-registrar.js';

let fixture: MemoryRegistrar | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

/** Three wrong answers on one Call-ID: the statuses, and each response with its nonce and To tag blanked. */
async function wrongAnswers(registrar: MemoryRegistrar, user: string): Promise<{ statuses: number[]; texts: string[] }> {
  let response = await registrar.request(registrar.registerText({ user, callId: `probe-${user}` }));
  const statuses: number[] = [];
  const texts: string[] = [];
  for (let cseq = 2; cseq <= 4; cseq++) {
    const authorization = registrar.answer(response, { user, password: 'guessed' });
    response = await registrar.request(registrar.registerText({ user, callId: `probe-${user}`, cseq, authorization }));
    statuses.push(response.status);
    texts.push(blanked(response));
  }
  return { statuses, texts };
}

/** The response as bytes, with what is random per response (nonce, To tag) and the user name blanked. */
function blanked(response: SipResponse): string {
  return serializeMessage(response)
    .toString()
    .replace(/nonce="[^"]*"/g, 'nonce="…"')
    .replace(/;tag=[^\s;,>]+/g, ';tag=…')
    .replace(/branch=[^\s;,]+/g, 'branch=…')
    .replace(/Call-ID: \S+/g, 'Call-ID: …')
    .replace(/(sip:)[a-z]+(@)/g, '$1…$2');
}

describe('SIP authentication', () => {
  it('gives a wrong password two fresh challenges on one Call-ID, then 403', async () => {
    fixture = await MemoryRegistrar.start();
    const { statuses } = await wrongAnswers(fixture, 'alice');
    expect(statuses).toEqual([Status.Unauthorized, Status.Unauthorized, Status.Forbidden]);
    expect(fixture.service.location.size).toBe(0);
  });

  it('answers an unknown user exactly as a wrong password: same statuses, same headers apart from the nonce', async () => {
    fixture = await MemoryRegistrar.start();
    const known = await wrongAnswers(fixture, 'alice');
    const unknown = await wrongAnswers(fixture, 'mallory');
    expect(unknown.statuses).toEqual(known.statuses);
    expect(unknown.texts).toEqual(known.texts);
  });

  it('treats a user without a password like an unknown one', async () => {
    fixture = await MemoryRegistrar.start();
    fixture.directory.putUser(directoryUser('00000000-0000-4000-8000-00000000000c', 'carol', '102', null), 10);
    expect((await wrongAnswers(fixture, 'carol')).statuses).toEqual([Status.Unauthorized, Status.Unauthorized, Status.Forbidden]);
  });

  it('registers after a wrong answer once the right one comes', async () => {
    fixture = await MemoryRegistrar.start();
    const challenge = await fixture.request(fixture.registerText());
    const wrong = await fixture.request(fixture.registerText({ cseq: 2, authorization: fixture.answer(challenge, { password: 'guessed' }) }));
    expect(wrong.status).toBe(Status.Unauthorized);
    const right = await fixture.request(fixture.registerText({ cseq: 3, authorization: fixture.answer(wrong, { password: 'alice-secret' }) }));
    expect(right.status).toBe(Status.OK);
  });

  it('challenges a REGISTER without keeping a transaction (RFC 3261 §8.2.7), and a resent REGISTER gets a fresh challenge', async () => {
    fixture = await MemoryRegistrar.start();
    const text = fixture.registerText({ callId: 'stateless' });
    const first = await fixture.request(text);
    expect(first.status).toBe(Status.Unauthorized);
    expect(fixture.service.stack.stats.serverTransactions).toBe(0);
    const again = await fixture.request(text);
    expect(again.status).toBe(Status.Unauthorized);
    expect(again.headers.find((h) => h.name === 'WWW-Authenticate')?.value).not.toBe(first.headers.find((h) => h.name === 'WWW-Authenticate')?.value);
    expect(fixture.service.stack.stats.serverTransactions).toBe(0);
    const registered = await fixture.request(fixture.registerText({ callId: 'stateless', cseq: 2, authorization: fixture.answer(again, { password: 'alice-secret' }) }));
    expect(registered.status).toBe(Status.OK);
    expect(fixture.service.stack.stats.serverTransactions).toBe(1);
  });

  it('refuses a domain no tenant has with 403, falling back from To to the Request-URI', async () => {
    fixture = await MemoryRegistrar.start();
    const foreign = fixture.registerText().replace(/@acme\.example/g, '@elsewhere.example').replace('REGISTER sip:acme.example', 'REGISTER sip:elsewhere.example');
    expect((await fixture.request(foreign)).status).toBe(Status.Forbidden);
    const byRequestUri = fixture.registerText().replace(/<sip:alice@acme\.example>/g, '<sip:alice@192.0.2.10>');
    const challenge = await fixture.request(byRequestUri);
    expect(challenge.status).toBe(Status.Unauthorized);
    expect(challenge.headers.find((h) => h.name === 'WWW-Authenticate')?.value).toContain(`realm="${TENANT.sipDomain}"`);
  });

  it('answers malformed credentials with 400', async () => {
    fixture = await MemoryRegistrar.start();
    const response = await fixture.request(fixture.registerText({ authorization: 'Digest username="alice", realm="acme.example"' }));
    expect(response.status).toBe(Status.BadRequest);
  });
});

describe('the abuse guard', () => {
  it('blocks a source after repeated failures, drops what it sends, and answers again once the block is lifted', async () => {
    fixture = await MemoryRegistrar.start({ abuse: { windowMs: 60_000, threshold: 4, blockMs: 900_000, allow: [] } });
    const { guard, location } = fixture.service;
    await wrongAnswers(fixture, 'alice'); // 3 failures
    expect(guard.isBlocked(PHONE.host)).toBe(false);
    const challenge = await fixture.request(fixture.registerText({ user: 'mallory' }));
    await fixture.send(fixture.registerText({ user: 'mallory', cseq: 2, authorization: fixture.answer(challenge, { user: 'mallory', password: 'x' }) }));
    expect(guard.blocks()).toEqual([expect.objectContaining({ address: PHONE.host, failures: 4 })]);

    expect(await fixture.send(fixture.registerText({ callId: 'after-block' }))).toEqual([]);
    expect(guard.dropped).toBe(1);

    expect(guard.lift(PHONE.host)).toBe(true);
    expect((await fixture.register({ password: 'alice-secret', callId: 'lifted' })).status).toBe(Status.OK);
    expect(location.bindingsFor(ALICE.id)).toHaveLength(1);
  });

  it('lets the block run out after its time', async () => {
    fixture = await MemoryRegistrar.start({ abuse: { windowMs: 60_000, threshold: 3, blockMs: 60_000, allow: [] } });
    await wrongAnswers(fixture, 'alice');
    expect(fixture.service.guard.isBlocked(PHONE.host)).toBe(true);
    fixture.clock.advance(60_000);
    expect((await fixture.register({ password: 'alice-secret', callId: 'later' })).status).toBe(Status.OK);
  });

  it('never blocks an allowed source', async () => {
    fixture = await MemoryRegistrar.start({ abuse: { windowMs: 60_000, threshold: 2, blockMs: 60_000, allow: [`${PHONE.host}/32`] } });
    await wrongAnswers(fixture, 'alice');
    await wrongAnswers(fixture, 'bob');
    expect(fixture.service.guard.blocks()).toEqual([]);
  });
});

describe('the SIP application', () => {
  const request = (method: string, extra: readonly string[] = []): string =>
    [
      `${method} sip:${TENANT.sipDomain} SIP/2.0`,
      `Via: SIP/2.0/UDP ${PHONE.host}:${PHONE.port};branch=z9hG4bK-${method}`,
      'Max-Forwards: 70',
      `From: <sip:alice@${TENANT.sipDomain}>;tag=f`,
      `To: <sip:${TENANT.sipDomain}>`,
      `Call-ID: ${method}-1`,
      `CSeq: 1 ${method}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\n');

  it('answers OPTIONS with Allow, Accept and Supported', async () => {
    fixture = await MemoryRegistrar.start();
    const response = await fixture.request(request('OPTIONS'));
    expect(response.status).toBe(Status.OK);
    const headers = Object.fromEntries(response.headers.map((h) => [h.name, h.value]));
    expect(headers).toMatchObject({
      Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, PRACK',
      Accept: 'application/sdp',
      Supported: 'path',
    });
  });

  it('answers INVITE 480 while no call handler is plugged in, and other methods 405', async () => {
    fixture = await MemoryRegistrar.start();
    expect((await fixture.request(request('INVITE', ['Contact: <sip:alice@10.0.0.5>']))).status).toBe(Status.TemporarilyUnavailable);
    expect((await fixture.request(request('MESSAGE'))).status).toBe(Status.MethodNotAllowed);
  });

  it('accepts Require: path', async () => {
    fixture = await MemoryRegistrar.start();
    const response = await fixture.request(fixture.registerText({ headers: ['Require: path'] }));
    expect(response.status).toBe(Status.Unauthorized);
    expect(formatUri(response.to.uri)).toBe(`sip:alice@${TENANT.sipDomain}`);
    expect(parseMessage(serializeMessage(response)).ok).toBe(true);
  });
});
