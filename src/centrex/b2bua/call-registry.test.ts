import { describe, expect, it } from 'vitest';
import type { ServerTransaction } from '../../sip/index.js';
import { CallRegistry } from './call-registry.js';
import type { FiledCall } from './call-registry.js';

function call(tenantId: string): FiledCall {
  return {
    tenantId,
    snapshot: () => ({ id: tenantId }) as unknown as ReturnType<FiledCall['snapshot']>,
    request: () => undefined,
    ack: () => undefined,
    strayResponse: () => undefined,
    cancelled: () => undefined,
    ackTimedOut: () => undefined,
    hangUp: () => undefined,
  };
}

const invite = {} as ServerTransaction;

describe('the call registry', () => {
  it('finds a call by its INVITE until it is answered, by its dialogs until it is removed', () => {
    const registry = new CallRegistry();
    const filed = call('t1');
    registry.add(filed, invite);
    registry.file(filed, 'caller', 'call-1', 'tag-a');
    expect(registry.byInvite(invite)).toBe(filed);

    registry.answered(filed);
    registry.file(filed, 'callee', 'call-2', 'tag-b');
    expect(registry.byInvite(invite)).toBeUndefined();
    expect(registry.dialog('call-1', 'tag-a')).toEqual({ call: filed, side: 'caller' });
    expect(registry.dialog('call-2', 'tag-b')).toEqual({ call: filed, side: 'callee' });
    expect(registry.size).toBe(1);

    registry.remove(filed);
    expect(registry.dialog('call-1', 'tag-a')).toBeUndefined();
    expect(registry.dialog('call-2', 'tag-b')).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  it('lets go of the INVITE of a call removed while it rang', () => {
    const registry = new CallRegistry();
    const filed = call('t1');
    registry.add(filed, invite);
    registry.remove(filed);
    expect(registry.byInvite(invite)).toBeUndefined();
    expect(() => registry.file(filed, 'caller', 'c', 't')).toThrow();
  });
});
