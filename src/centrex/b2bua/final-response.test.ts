import { describe, expect, it } from 'vitest';
import { Status, createRequest, createResponse, noParams, parseUri } from '../../sip/index.js';
import type { StatusCode, Uri } from '../../sip/index.js';
import { chooseFinalResponse, networkFinalResponse } from './final-response.js';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
const invite = createRequest({
  method: 'INVITE',
  uri: uri('sip:202@acme.example'),
  via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.10', port: 5060, branch: 'z9hG4bK1', params: noParams }],
  from: { uri: uri('sip:201@acme.example'), params: new Map([['tag', 'a']]) },
  to: { uri: uri('sip:202@acme.example'), params: noParams },
  callId: 'c1',
  cseq: 1,
});
const outcome = (status: StatusCode, headers: { name: string; value: string }[] = []) => ({ status, response: createResponse(invite, status, { toTag: 't', headers }) });

describe('the caller\'s answer when no device took the call', () => {
  it.each([
    [[Status.BusyHere, Status.TemporarilyUnavailable], 'busy', Status.BusyHere],
    [[Status.RequestTimeout, Status.ServerInternalError], 'unavailable', Status.TemporarilyUnavailable],
    [[Status.NotFound, Status.MovedTemporarily], 'unavailable', Status.TemporarilyUnavailable],
    [[Status.BusyHere, Status.Decline], 'declined', Status.Decline],
    [[Status.TemporarilyUnavailable, Status.BusyEverywhere], 'busy', Status.BusyEverywhere],
    [[Status.NotAcceptableHere, Status.TemporarilyUnavailable], 'refused', Status.NotAcceptableHere],
    [[Status.BusyHere, Status.NotAcceptableHere], 'busy', Status.BusyHere],
  ] as const)('%j → %s %i', (statuses, kind, status) => {
    expect(chooseFinalResponse(statuses.map((s) => outcome(s)))).toMatchObject({ kind, status });
  });

  it('passes 422 on with the device\'s Min-SE, so that the caller can ask again', () => {
    const failure = chooseFinalResponse([{ status: Status.RequestTimeout }, outcome(Status.SessionIntervalTooSmall, [{ name: 'Min-SE', value: '600' }])]);
    expect(failure).toEqual({ kind: 'refused', status: Status.SessionIntervalTooSmall, headers: [{ name: 'Min-SE', value: '600' }] });
  });

  it('has no answer for a fork without branches', () => {
    expect(() => chooseFinalResponse([])).toThrow();
  });
});

describe('the caller\'s answer when an external number was not reached', () => {
  it.each([
    [Status.NotFound, 'unavailable', Status.NotFound],
    [Status.Forbidden, 'unavailable', Status.Forbidden],
    [Status.AddressIncomplete, 'unavailable', Status.AddressIncomplete],
    [Status.BusyHere, 'busy', Status.BusyHere],
    [Status.Decline, 'declined', Status.Decline],
    [Status.ServiceUnavailable, 'unavailable', Status.ServiceUnavailable],
    [Status.ProxyAuthenticationRequired, 'unavailable', Status.ServiceUnavailable],
    [Status.MovedTemporarily, 'unavailable', Status.TemporarilyUnavailable],
  ] as const)('the network said %i: %s, %i to the caller', (status, kind, answer) => {
    expect(networkFinalResponse([outcome(status)])).toMatchObject({ kind, status: answer });
  });

  it('passes the network\'s Reason on', () => {
    const reason = 'Q.850;cause=1;text="Unallocated number"';
    expect(networkFinalResponse([outcome(Status.NotFound, [{ name: 'Reason', value: reason }])]).headers).toEqual([{ name: 'Reason', value: reason }]);
  });
});
