import { describe, expect, it } from 'vitest';
import { isKnownMethod, Method } from './methods.js';
import { Status, isFinal, isNonSuccessFinal, isProvisional, isRedirection, isSuccess, reasonPhrase, statusClass, toStatusCode } from './status.js';

describe('status codes', () => {
  it('names every code with its RFC reason phrase', () => {
    expect(reasonPhrase(Status.CallOrTransactionDoesNotExist)).toBe('Call/Transaction Does Not Exist');
    expect(reasonPhrase(Status.FirstHopLacksOutboundSupport)).toBe('First Hop Lacks Outbound Support');
    expect(reasonPhrase(Status.ServerTimeout)).toBe('Server Time-out');
    for (const code of Object.values(Status)) expect(reasonPhrase(code)).not.toBe('');
  });

  it('validates wire codes and classifies them', () => {
    const ext = toStatusCode(499);
    expect(ext).toBe(499);
    expect(ext && reasonPhrase(ext)).toBe('Bad Request');
    expect([99, 700, 200.5, Number.NaN].map(toStatusCode)).toEqual([undefined, undefined, undefined, undefined]);
    expect(statusClass(Status.Ringing)).toBe('provisional');
    expect(statusClass(Status.Decline)).toBe('global-failure');
    expect([isProvisional(Status.Trying), isFinal(Status.Trying), isSuccess(Status.Accepted), isRedirection(Status.MovedTemporarily), isNonSuccessFinal(Status.OK)]).toEqual([true, false, true, true, false]);
  });
});

describe('methods', () => {
  it('knows the RFC methods and treats others as extension tokens', () => {
    expect(isKnownMethod(Method.PRACK)).toBe(true);
    expect(isKnownMethod('invite')).toBe(false);
    expect(Object.keys(Method)).toHaveLength(14);
  });
});
