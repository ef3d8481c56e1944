import { describe, expect, it } from 'vitest';
import { Status, toStatusCode } from '../../sip/index.js';
import type { StatusCode } from '../../sip/index.js';
import { dispositionOf } from './call-record.js';

describe('the disposition of a call by the final status of its setup', () => {
  it.each([
    [Status.OK, 'answered'],
    [Status.BusyHere, 'busy'],
    [Status.BusyEverywhere, 'busy'],
    [Status.RequestTimeout, 'no_answer'],
    [Status.TemporarilyUnavailable, 'unavailable'],
    [Status.RequestTerminated, 'cancelled'],
    [Status.NotFound, 'rejected'],
    [Status.Forbidden, 'rejected'],
    [Status.Decline, 'rejected'],
    [Status.LoopDetected, 'failed'],
    [Status.TooManyHops, 'failed'],
    [Status.NotAcceptableHere, 'failed'],
    [Status.ServiceUnavailable, 'failed'],
    [toStatusCode(499) as StatusCode, 'rejected'],
  ] as const)('%i → %s', (status, disposition) => {
    expect(dispositionOf(status)).toBe(disposition);
  });
});
