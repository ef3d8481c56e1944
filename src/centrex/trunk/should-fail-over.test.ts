import { describe, expect, it } from 'vitest';
import { Status } from '../../sip/index.js';
import { shouldFailOver } from './should-fail-over.js';

describe('shouldFailOver', () => {
  it('tries the next trunk when this one is unavailable, silent or unreachable', () => {
    expect(shouldFailOver({ status: Status.ServiceUnavailable })).toBe(true);
    expect(shouldFailOver({ status: Status.RequestTimeout })).toBe(true);
    expect(shouldFailOver({ timeout: true })).toBe(true);
    expect(shouldFailOver({ transportError: true })).toBe(true);
  });

  it('keeps the far end\'s answer: busy, cancelled, declined and every other final response', () => {
    const answers = [
      Status.BusyHere, Status.RequestTerminated, Status.Decline, Status.NotFound, Status.Forbidden, Status.OK,
      Status.TemporarilyUnavailable, Status.ServerInternalError, Status.BusyEverywhere,
    ];
    for (const status of answers) expect(shouldFailOver({ status }), String(status)).toBe(false);
  });
});
