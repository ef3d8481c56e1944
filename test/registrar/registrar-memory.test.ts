/**
 * The registrar through the whole SIP service, on an in-memory network and a simulated
 * clock: Digest, expiry negotiation, contacts, unregistering, Path, expiry, NAT sources.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Header, Status, header, headerValues } from '../../src/sip/index.js';
import type { SipResponse } from '../../src/sip/index.js';
import { ALICE, DOMAIN, MemoryRegistrar, PHONE, PRIVATE, SERVER, START } from './support/memory-registrar.js';

let fixture: MemoryRegistrar | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

async function start(): Promise<MemoryRegistrar> {
  fixture = await MemoryRegistrar.start();
  return fixture;
}

/** `<uri>;expires=N…` for each Contact of a 200. */
const contactsOf = (response: SipResponse): string[] => headerValues(response, 'Contact').flatMap((v) => v.split(/,\s*(?=<)/));

describe('the registrar', () => {
  it('challenges a REGISTER in the tenant’s realm, then binds the Contact and lists it with its expiry and a Date', async () => {
    const registrar = await start();
    const challenge = await registrar.request(registrar.registerText());
    expect(challenge.status).toBe(Status.Unauthorized);
    expect(headerValues(challenge, 'WWW-Authenticate')).toEqual([expect.stringMatching(/^Digest realm="acme\.example", nonce="[^"]+", algorithm=MD5, qop="auth"$/)]);

    const ok = await registrar.register({ password: 'alice-secret', cseq: 2 });
    expect(ok.status).toBe(Status.OK);
    expect(contactsOf(ok)).toEqual([`<sip:alice@${PRIVATE.host}:${PRIVATE.port}>;expires=3600`]);
    expect(header(ok, Header.Date)?.getTime()).toBe(Math.floor((START + 20) / 1000) * 1000);
  });

  it('records where the REGISTER came from, not what the Contact says (NAT)', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret' });
    const [binding] = registrar.service.location.bindingsFor(ALICE.id);
    expect(binding).toMatchObject({
      aor: `sip:alice@${DOMAIN}`,
      contact: `sip:alice@${PRIVATE.host}:${PRIVATE.port}`,
      source: { protocol: 'udp', address: PHONE.host, port: PHONE.port, localAddress: SERVER.host, localPort: SERVER.port },
      tenantId: ALICE.tenantId,
      userId: ALICE.id,
    });
  });

  it('accepts a registration by extension as well as by SIP username', async () => {
    const registrar = await start();
    const ok = await registrar.register({ password: 'alice-secret', user: '100', username: 'alice' });
    expect(ok.status).toBe(Status.OK);
    expect(registrar.service.location.bindingsFor(ALICE.id)).toHaveLength(1);
  });

  it('refuses a user registering someone else’s address-of-record with 403', async () => {
    const registrar = await start();
    const response = await registrar.register({ password: 'alice-secret', user: 'bob', username: 'alice' });
    expect(response.status).toBe(Status.Forbidden);
    expect(registrar.service.location.size).toBe(0);
  });

  it('answers a too short expiry with 423 and Min-Expires, and shortens a too long one', async () => {
    const registrar = await start();
    const brief = await registrar.register({ password: 'alice-secret', headers: ['Expires: 30'] });
    expect(brief.status).toBe(Status.IntervalTooBrief);
    expect(header(brief, Header.MinExpires)).toBe(60);
    const long = await registrar.register({ password: 'alice-secret', cseq: 3, headers: ['Expires: 86400'] });
    expect(contactsOf(long)).toEqual([expect.stringMatching(/;expires=7200$/)]);
  });

  it('holds several contacts with their q, and lists all of them in the 200', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret', contact: '<sip:alice@10.0.0.5:5062>;q=0.5' });
    const ok = await registrar.register({ password: 'alice-secret', cseq: 3, contact: '<sip:alice@10.0.0.6:5062>;q=0.9, <sip:alice@10.0.0.7:5062>;expires=600' });
    expect(contactsOf(ok).sort()).toEqual([
      '<sip:alice@10.0.0.5:5062>;expires=3600;q=0.5',
      '<sip:alice@10.0.0.6:5062>;expires=3600;q=0.9',
      '<sip:alice@10.0.0.7:5062>;expires=600',
    ]);
    expect(registrar.service.location.bindingsFor(ALICE.id).map((b) => b.contact)).toEqual([
      'sip:alice@10.0.0.7:5062',
      'sip:alice@10.0.0.6:5062',
      'sip:alice@10.0.0.5:5062',
    ]);
  });

  it('removes every binding on Contact: * with Expires: 0, and refuses * otherwise', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret', contact: '<sip:alice@10.0.0.5>, <sip:alice@10.0.0.6>' });
    const wrong = await registrar.register({ password: 'alice-secret', cseq: 3, contact: '*' });
    expect(wrong.status).toBe(Status.BadRequest);
    const ok = await registrar.register({ password: 'alice-secret', cseq: 5, contact: '*', headers: ['Expires: 0'] });
    expect(ok.status).toBe(Status.OK);
    expect(headerValues(ok, 'Contact')).toEqual([]);
    expect(registrar.service.location.bindingsFor(ALICE.id)).toEqual([]);
  });

  it('refuses an out-of-order CSeq on the same Call-ID', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret', cseq: 10 });
    const stale = await registrar.register({ password: 'alice-secret', cseq: 5 });
    expect([stale.status, stale.reason]).toEqual([Status.BadRequest, 'Out-of-order CSeq']);
  });

  it('lets a binding expire: gone from lookups at once, swept on the clock', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret', headers: ['Expires: 60'] });
    const { location } = registrar.service;
    registrar.clock.advance(59_000);
    expect(location.bindingsFor(ALICE.id)).toHaveLength(1);
    registrar.clock.advance(1000);
    expect(location.bindingsFor(ALICE.id)).toEqual([]);
    registrar.clock.advance(5000);
    expect(location.size).toBe(0);
  });

  it('returns the Path to a phone that supports it, and keeps it either way', async () => {
    const registrar = await start();
    const path = ['Path: <sip:edge.example;lr>'];
    const without = await registrar.register({ password: 'alice-secret', headers: path });
    expect(headerValues(without, 'Path')).toEqual([]);
    const withPath = await registrar.register({ password: 'alice-secret', cseq: 3, headers: [...path, 'Supported: path'] });
    expect(headerValues(withPath, 'Path')).toEqual(['<sip:edge.example;lr>']);
    expect(registrar.service.location.bindingsFor(ALICE.id)[0]?.path).toEqual(['<sip:edge.example;lr>']);
  });

  it('answers a query (no Contact) with the current bindings', async () => {
    const registrar = await start();
    await registrar.register({ password: 'alice-secret' });
    registrar.clock.advance(100_000);
    const query = await registrar.register({ password: 'alice-secret', cseq: 3, contact: '' });
    expect(contactsOf(query)).toEqual([`<sip:alice@${PRIVATE.host}:${PRIVATE.port}>;expires=3500`]);
  });
});
