/** Qualify in memory: OPTIONS to the binding's source, reachable and unreachable, give-up. */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, formatUri } from '../../src/sip/index.js';
import { ALICE, DOMAIN, MemoryRegistrar, PRIVATE } from './support/memory-registrar.js';

let fixture: MemoryRegistrar | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

describe('qualify', () => {
  it('sends OPTIONS to where the REGISTER came from each interval; an answer makes the binding reachable', async () => {
    fixture = await MemoryRegistrar.start();
    await fixture.register({ password: 'alice-secret', headers: ['Path: <sip:edge.example;lr>'] });
    fixture.clock.advance(25_000);
    expect(fixture.received).toEqual([]);
    fixture.clock.advance(6000);
    const [options, ...more] = await fixture.answerRequests();
    expect(more).toEqual([]);
    // it reached the phone's public address (its only transport) while naming the private Contact
    expect(options?.method).toBe(Method.OPTIONS);
    expect(options && formatUri(options.uri)).toBe(`sip:alice@${PRIVATE.host}:${PRIVATE.port}`);
    expect(options && formatUri(options.to.uri)).toBe(`sip:alice@${DOMAIN}`);
    expect(options?.route.map((r) => formatUri(r.uri))).toEqual(['sip:edge.example;lr']);
    expect(fixture.service.location.bindingsFor(ALICE.id)[0]?.reachable).toBe('reachable');

    fixture.clock.advance(30_000);
    expect((await fixture.answerRequests()).map((r) => r.method)).toEqual([Method.OPTIONS]);
  });

  it('marks a silent binding unreachable, stops ringing it after the give-up time, and rings it again once it registers', async () => {
    fixture = await MemoryRegistrar.start({ qualify: { intervalMs: 30_000, giveUpMs: 60_000 } });
    const { location } = fixture.service;
    await fixture.register({ password: 'alice-secret' });
    fixture.clock.advance(31_000 + 32_000); // the probe, then its transaction times out (64·T1)
    fixture.received.splice(0);
    expect(location.bindingsFor(ALICE.id)).toEqual([expect.objectContaining({ reachable: 'unreachable' })]);
    fixture.clock.advance(60_000);
    fixture.received.splice(0);
    expect(location.bindingsFor(ALICE.id)).toEqual([]);
    expect(location.registered(ALICE.id)).toHaveLength(1);

    await fixture.register({ password: 'alice-secret', cseq: 3 });
    expect(location.bindingsFor(ALICE.id)).toEqual([expect.objectContaining({ reachable: 'unknown' })]);
  });
});
