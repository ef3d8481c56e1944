import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRequest, Method, noParams, parseMessage, serializeMessage } from '../../sip/index.js';
import { outboundIdentity } from './outbound-identity.js';
import type { OutboundIdentityInput } from './outbound-identity.js';
import { trunkNumberUri } from './trunk-number-uri.js';
import { BUILTIN_PROFILES } from './trunk-profile.js';
import type { BuiltinProfileName, TrunkProfile } from './trunk-profile.js';
import { trunkProfileSchema } from './trunk-profile-schema.js';

/** Erika (Cologne): legacy number at the old provider, provisional number on the new trunk. */
const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';
/** An outside caller whose call Erika forwards to her mobile. */
const OUTSIDE_CALLER = '+4989123456';
const CALLEE = '+4930123456';

const DOMAIN: Readonly<Record<BuiltinProfileName, string>> = {
  generic: 'trunk.example.de',
  telekom: 'trunk.example.de',
  sipgate: 'sipconnect.sipgate.de',
  nfon: 'trunk.cloud-cfg.com',
  dts: 'trunk.example.de',
};

type Scenario = 'parallel' | 'ported' | 'clir' | 'forwarded';

function input(profile: TrunkProfile, domain: string, scenario: Scenario): OutboundIdentityInput {
  const base = { profile, domain, account: '1234567t0', displayName: 'Erika Muster', clir: false };
  switch (scenario) {
    case 'parallel':
      return { ...base, upn: LEGACY, npn: PROVISIONAL };
    case 'ported':
      return { ...base, upn: LEGACY, npn: LEGACY };
    case 'clir':
      return { ...base, upn: LEGACY, npn: PROVISIONAL, clir: true };
    case 'forwarded':
      return {
        ...base,
        upn: OUTSIDE_CALLER,
        npn: PROVISIONAL,
        displayName: 'Max Mustermann',
        divertedFrom: { number: LEGACY, reason: 'unconditional', counter: 1 },
      };
  }
}

/** A whole INVITE toward the trunk, built and serialized by the SIP stack. */
function invite(identity: ReturnType<typeof outboundIdentity>, profile: TrunkProfile, domain: string): string {
  const callee = trunkNumberUri(CALLEE, profile, domain);
  const request = createRequest({
    method: Method.INVITE,
    uri: callee,
    via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', port: 5060, branch: 'z9hG4bKp1', params: noParams }],
    from: { ...identity.from, params: new Map([['tag', 'a1b2']]) },
    to: { uri: callee, params: noParams },
    callId: 'c1@127.0.0.1',
    cseq: 1,
    headers: identity.headers,
  });
  return serializeMessage(request).toString('utf8');
}

const IDENTITY_LINE = /^(From|P-Preferred-Identity|P-Asserted-Identity|Privacy|Diversion):/;

function identityLines(profile: TrunkProfile, domain: string, scenario: Scenario): string[] {
  const text = invite(outboundIdentity(input(profile, domain, scenario)), profile, domain);
  const parsed = parseMessage(Buffer.from(text));
  expect(parsed.ok).toBe(true);
  return text.split('\r\n').filter((line) => IDENTITY_LINE.test(line));
}

const expected: Readonly<Record<BuiltinProfileName, Readonly<Record<Scenario, readonly string[]>>>> = {
  generic: {
    parallel: [
      'From: "Erika Muster" <sip:+49221471123@trunk.example.de;user=phone>;tag=a1b2',
      'P-Asserted-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: none',
    ],
    ported: [
      'From: "Erika Muster" <sip:+49221471123@trunk.example.de;user=phone>;tag=a1b2',
      'P-Asserted-Identity: <sip:+49221471123@trunk.example.de;user=phone>',
      'Privacy: none',
    ],
    clir: [
      'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a1b2',
      'P-Asserted-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: id',
    ],
    forwarded: [
      'From: "Max Mustermann" <sip:+4989123456@trunk.example.de;user=phone>;tag=a1b2',
      'P-Asserted-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: none',
      'Diversion: <sip:+49221471123@trunk.example.de;user=phone>;reason=unconditional;counter=1;privacy=off',
    ],
  },
  telekom: {
    parallel: [
      'From: "Erika Muster" <sip:+49221471123@trunk.example.de;user=phone>;tag=a1b2',
      'P-Preferred-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: none',
    ],
    ported: [
      'From: "Erika Muster" <sip:+49221471123@trunk.example.de;user=phone>;tag=a1b2',
      'P-Preferred-Identity: <sip:+49221471123@trunk.example.de;user=phone>',
      'Privacy: none',
    ],
    clir: [
      'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a1b2',
      'P-Preferred-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: id',
    ],
    forwarded: [
      'From: "Max Mustermann" <sip:+4989123456@trunk.example.de;user=phone>;tag=a1b2',
      'P-Preferred-Identity: <sip:+492219876523@trunk.example.de;user=phone>',
      'Privacy: none',
      'Diversion: <sip:+49221471123@trunk.example.de;user=phone>;reason=unconditional;counter=1;privacy=off',
    ],
  },
  sipgate: {
    parallel: [
      'From: "49221471123" <sip:1234567t0@sipconnect.sipgate.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:49221471123@sipconnect.sipgate.de>',
      'Privacy: none',
    ],
    ported: [
      'From: "49221471123" <sip:1234567t0@sipconnect.sipgate.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:49221471123@sipconnect.sipgate.de>',
      'Privacy: none',
    ],
    clir: [
      'From: "Anonymous" <sip:1234567t0@sipconnect.sipgate.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:492219876523@sipconnect.sipgate.de>',
      'Privacy: id',
    ],
    forwarded: [
      'From: "4989123456" <sip:1234567t0@sipconnect.sipgate.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:4989123456@sipconnect.sipgate.de>',
      'Privacy: none',
      'Diversion: <sip:49221471123@sipconnect.sipgate.de>;reason=unconditional;counter=1;privacy=off',
    ],
  },
  nfon: {
    parallel: [
      'From: "Erika Muster" <sip:+492219876523@trunk.cloud-cfg.com>;tag=a1b2',
      'P-Asserted-Identity: <sip:+49221471123@trunk.cloud-cfg.com>',
      'Privacy: none',
    ],
    ported: [
      'From: "Erika Muster" <sip:+49221471123@trunk.cloud-cfg.com>;tag=a1b2',
      'P-Asserted-Identity: <sip:+49221471123@trunk.cloud-cfg.com>',
      'Privacy: none',
    ],
    clir: [
      'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a1b2',
      'P-Preferred-Identity: <sip:+492219876523@trunk.cloud-cfg.com>',
      'Privacy: id',
    ],
    forwarded: [
      'From: "Max Mustermann" <sip:+492219876523@trunk.cloud-cfg.com>;tag=a1b2',
      'P-Asserted-Identity: <sip:+4989123456@trunk.cloud-cfg.com>',
      'Privacy: none',
      'Diversion: <sip:+49221471123@trunk.cloud-cfg.com>;reason=unconditional;counter=1;privacy=off',
    ],
  },
  dts: {
    parallel: [
      'From: "Erika Muster" <sip:+492219876523@trunk.example.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:+49221471123@trunk.example.de>',
      'Privacy: none',
    ],
    ported: [
      'From: "Erika Muster" <sip:+49221471123@trunk.example.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:+49221471123@trunk.example.de>',
      'Privacy: none',
    ],
    clir: [
      'From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a1b2',
      'P-Preferred-Identity: <sip:+492219876523@trunk.example.de>',
      'Privacy: id',
    ],
    forwarded: [
      'From: "Max Mustermann" <sip:+492219876523@trunk.example.de>;tag=a1b2',
      'P-Preferred-Identity: <sip:+4989123456@trunk.example.de>',
      'Privacy: none',
      'Diversion: <sip:+49221471123@trunk.example.de>;reason=unconditional;counter=1;privacy=off',
    ],
  },
};

describe('outboundIdentity: the INVITE lines of each built-in profile', () => {
  it('are the lines docs/trunk-profiles.md shows', async () => {
    const doc = await readFile(new URL('../../../docs/trunk-profiles.md', import.meta.url), 'utf8');
    for (const [name, scenarios] of Object.entries(expected)) {
      for (const line of Object.values(scenarios).flat()) expect(doc, `${name}: ${line}`).toContain(`\`${line}\``);
    }
  });

  for (const name of Object.keys(BUILTIN_PROFILES) as BuiltinProfileName[]) {
    describe(name, () => {
      for (const scenario of ['parallel', 'ported', 'clir', 'forwarded'] as const) {
        it(scenario, () => {
          expect(identityLines(BUILTIN_PROFILES[name], DOMAIN[name], scenario)).toEqual(expected[name][scenario]);
        });
      }
    });
  }
});

describe('outboundIdentity', () => {
  it('addresses the callee in the profile format', () => {
    const firstLine = (name: BuiltinProfileName): string => invite(outboundIdentity(input(BUILTIN_PROFILES[name], DOMAIN[name], 'parallel')), BUILTIN_PROFILES[name], DOMAIN[name]).split('\r\n')[0] ?? '';
    expect(firstLine('telekom')).toBe('INVITE sip:+4930123456@trunk.example.de;user=phone SIP/2.0');
    expect(firstLine('sipgate')).toBe('INVITE sip:4930123456@sipconnect.sipgate.de SIP/2.0');
  });

  it('a custom profile as JSON: national numbers, UPN in PAI and From, no Diversion', () => {
    const profile = trunkProfileSchema.parse(
      JSON.parse('{"name":"city-carrier","fromUser":"upn","fromDisplay":"none","ppi":"none","pai":"npn","format":"national","userPhone":false,"diversion":false}'),
    );
    expect(identityLines(profile, 'sip.city.example', 'parallel')).toEqual([
      'From: <sip:0221471123@sip.city.example>;tag=a1b2',
      'P-Asserted-Identity: <sip:02219876523@sip.city.example>',
      'Privacy: none',
    ]);
    expect(identityLines(profile, 'sip.city.example', 'forwarded')).toEqual([
      'From: <sip:089123456@sip.city.example>;tag=a1b2',
      'P-Asserted-Identity: <sip:02219876523@sip.city.example>',
      'Privacy: none',
    ]);
  });

  it('leaves out an empty display name and counts diversions', () => {
    const identity = outboundIdentity({
      ...input(BUILTIN_PROFILES.telekom, 'trunk.example.de', 'forwarded'),
      displayName: '',
      divertedFrom: { number: LEGACY, reason: 'no-answer', counter: 2 },
    });
    expect(identity.from.displayName).toBeUndefined();
    expect(identity.headers.at(-1)).toEqual({ name: 'Diversion', value: '<sip:+49221471123@trunk.example.de;user=phone>;reason=no-answer;counter=2;privacy=off' });
  });

  it('refuses what it cannot write', () => {
    const sipgate = input(BUILTIN_PROFILES.sipgate, DOMAIN.sipgate, 'parallel');
    expect(() => outboundIdentity({ ...sipgate, account: undefined })).toThrow(/no username/);
    const forwarded = input(BUILTIN_PROFILES.generic, DOMAIN.generic, 'forwarded');
    expect(() => outboundIdentity({ ...forwarded, divertedFrom: { number: LEGACY, reason: 'a b', counter: 1 } })).toThrow(/reason/);
    expect(() => outboundIdentity({ ...forwarded, divertedFrom: { number: LEGACY, reason: 'user-busy', counter: 0 } })).toThrow(/counter/);
    expect(() => outboundIdentity({ ...forwarded, upn: '0221471123' })).toThrow(/E\.164/);
  });

  it('the network number reaches the carrier in every profile, and CLIR withholds the presented one', () => {
    for (const name of Object.keys(BUILTIN_PROFILES) as BuiltinProfileName[]) {
      const profile = BUILTIN_PROFILES[name];
      const written = profile.format === 'e164-digits' ? PROVISIONAL.slice(1) : PROVISIONAL;
      for (const clir of [false, true]) {
        const text = invite(outboundIdentity({ ...input(profile, DOMAIN[name], 'parallel'), clir }), profile, DOMAIN[name]);
        // sipgate knows the trunk's numbers by its account; with CLIR the NPN travels in P-Preferred-Identity
        if (profile.fromUser !== 'account' || clir) expect(text, `${name} clir=${clir}`).toContain(`sip:${written}@`);
        if (clir) expect(text, name).not.toContain('221471123');
        else expect(text, name).toContain('221471123');
      }
    }
  });
});
