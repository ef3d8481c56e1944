import { describe, expect, it } from 'vitest';
import { Status, parseUri } from '../../sip/index.js';
import { normalizeDialled } from './normalize-dialled.js';

const dialled = (text: string) => {
  const uri = parseUri(text);
  if (!uri.ok) throw new Error(uri.reason);
  return normalizeDialled(uri.value, (name) => (name === 'alice' ? '201' : undefined));
};

describe('what the caller dialled', () => {
  it.each([
    ['sip:202@acme.example', { kind: 'digits', digits: '202' }],
    ['sip:20-2@acme.example;user=phone', { kind: 'digits', digits: '202' }],
    ['sip:%32%30%32@192.0.2.10:5060', { kind: 'digits', digits: '202' }],
    ['sip:0221%20471123@acme.example', { kind: 'digits', digits: '0221471123' }],
    ['sip:alice@acme.example', { kind: 'extension', extension: '201' }],
    ['sip:bob@acme.example', { kind: 'extension', extension: 'bob' }],
    ['sip:+49-221-4711@acme.example', { kind: 'digits', digits: '+492214711' }],
    ['tel:202;phone-context=acme.example', { kind: 'digits', digits: '202' }],
    ['tel:+49-(221)-4711', { kind: 'digits', digits: '+492214711' }],
  ] as const)('%s → %j', (uri, target) => {
    expect(dialled(uri)).toEqual({ ok: true, dialled: target });
  });

  it('refuses a Request-URI without a user with 484', () => {
    expect(dialled('sip:acme.example')).toMatchObject({ ok: false, status: Status.AddressIncomplete });
  });
});
