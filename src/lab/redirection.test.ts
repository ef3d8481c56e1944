import { describe, expect, it } from 'vitest';
import { Method, createRequest, noParams, parseUri } from '../sip/index.js';
import type { Uri } from '../sip/index.js';
import { NO_REDIRECTION, forwarded, redirectionOf } from './redirection.js';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('forwarding in the network', () => {
  it('adds an RFC 5806 Diversion naming the forwarded number', () => {
    expect(forwarded(NO_REDIRECTION, '+49221471123', '+492219876523', 'diversion', 'net.example')).toEqual({
      diversion: ['<sip:+49221471123@net.example;user=phone>;reason=unconditional;counter=1'],
      historyInfo: [],
    });
  });

  it('adds RFC 7044 History-Info: index 1 the original number, 1.1 the target with cause 302', () => {
    expect(forwarded(NO_REDIRECTION, '+49221471123', '+492219876523', 'history-info', 'net.example')).toEqual({
      diversion: [],
      historyInfo: ['<sip:+49221471123@net.example;user=phone>;index=1', '<sip:+492219876523@net.example;user=phone;cause=302>;index=1.1;mp=1'],
    });
  });

  it('adds both, or neither, and stacks a second forward on the first', () => {
    const once = forwarded(NO_REDIRECTION, '+49221471123', '+492219876523', 'both', 'n');
    expect(once.diversion).toHaveLength(1);
    expect(once.historyInfo).toHaveLength(2);
    expect(forwarded(once, '+492219876523', '+4917012345678', 'none', 'n')).toEqual(once);
    const twice = forwarded(once, '+492219876523', '+4917012345678', 'both', 'n');
    expect(twice.diversion[0]).toContain('+492219876523@');
    expect(twice.diversion[1]).toBe(once.diversion[0]);
    expect(twice.historyInfo[2]).toBe('<sip:+4917012345678@n;user=phone;cause=302>;index=1.1.1;mp=1.1');
  });

  it('carries what an INVITE arrived with, entry by entry, as written', () => {
    const invite = createRequest({
      method: Method.INVITE,
      uri: uri('sip:+4917012345678@n'),
      via: [],
      from: { uri: uri('sip:+4940987654@n'), params: new Map([['tag', 't']]) },
      to: { uri: uri('sip:+4917012345678@n'), params: noParams },
      callId: 'c',
      cseq: 1,
      headers: [
        { name: 'Diversion', value: '<sip:+49221471123@belay.test>;reason=unconditional;counter=1;privacy=off' },
        { name: 'History-Info', value: '<sip:a@n>;index=1, <sip:b@n>;index=1.1' },
      ],
    });
    expect(redirectionOf(invite)).toEqual({
      diversion: ['<sip:+49221471123@belay.test>;reason=unconditional;counter=1;privacy=off'],
      historyInfo: ['<sip:a@n>;index=1', '<sip:b@n>;index=1.1'],
    });
  });
});
