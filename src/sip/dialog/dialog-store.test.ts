import { describe, expect, it } from 'vitest';
import { parseUri } from '../parse-uri.js';
import type { DialogId } from './dialog-id.js';
import type { Dialog } from './dialog-state.js';
import { DialogStore } from './dialog-store.js';

const target = (() => {
  const parsed = parseUri('sip:bob@192.0.2.4');
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
})();

function dialog(id: DialogId, state: Dialog['state'] = 'early'): Dialog {
  return { id, role: 'uac', method: 'INVITE', state, localUri: target, remoteUri: target, localCSeq: 2, remoteTarget: target, routeSet: [], secure: false };
}

describe('DialogStore', () => {
  it('finds a dialog by its id only', () => {
    const store = new DialogStore({ maxDialogs: 10 });
    const desk = dialog({ callId: 'c1', localTag: 'a', remoteTag: 'desk' });
    expect(store.save(desk)).toEqual({ ok: true });
    expect(store.find({ callId: 'c1', localTag: 'a', remoteTag: 'desk' })).toBe(desk);
    expect(store.find({ callId: 'c1', localTag: 'a', remoteTag: 'mobile' })).toBeUndefined();
    expect(store.find({ callId: 'c1', localTag: 'a' })).toBeUndefined();
  });

  it('replaces a stored dialog with its next state', () => {
    const store = new DialogStore({ maxDialogs: 1 });
    const id = { callId: 'c1', localTag: 'a', remoteTag: 'desk' };
    store.save(dialog(id));
    expect(store.save(dialog(id, 'confirmed'))).toEqual({ ok: true });
    expect(store.find(id)?.state).toBe('confirmed');
    expect(store.size).toBe(1);
  });

  it('refuses a new dialog when full, as a value', () => {
    const store = new DialogStore({ maxDialogs: 2 });
    store.save(dialog({ callId: 'c1', localTag: 'a', remoteTag: '1' }));
    store.save(dialog({ callId: 'c2', localTag: 'a', remoteTag: '1' }));
    expect(store.save(dialog({ callId: 'c3', localTag: 'a', remoteTag: '1' }))).toEqual({ ok: false, reason: 'full', limit: 2 });
    expect(store.size).toBe(2);
    store.remove({ callId: 'c1', localTag: 'a', remoteTag: '1' });
    expect(store.save(dialog({ callId: 'c3', localTag: 'a', remoteTag: '1' }))).toEqual({ ok: true });
  });

  it('lists the forks of one local leg and forgets removed ones', () => {
    const store = new DialogStore({ maxDialogs: 10 });
    store.save(dialog({ callId: 'c1', localTag: 'a', remoteTag: 'desk' }));
    store.save(dialog({ callId: 'c1', localTag: 'a', remoteTag: 'mobile' }));
    store.save(dialog({ callId: 'c1', localTag: 'b', remoteTag: 'desk' }));
    expect(store.findLeg('c1', 'a').map((d) => d.id.remoteTag)).toEqual(['desk', 'mobile']);
    expect(store.remove({ callId: 'c1', localTag: 'a', remoteTag: 'desk' })?.id.remoteTag).toBe('desk');
    expect(store.remove({ callId: 'c1', localTag: 'a', remoteTag: 'desk' })).toBeUndefined();
    expect(store.findLeg('c1', 'a').map((d) => d.id.remoteTag)).toEqual(['mobile']);
    store.remove({ callId: 'c1', localTag: 'a', remoteTag: 'mobile' });
    expect(store.findLeg('c1', 'a')).toEqual([]);
    expect([...store.values()].map((d) => d.id.localTag)).toEqual(['b']);
  });

  it('keeps a dialog without remote tag apart from tagged ones', () => {
    const store = new DialogStore({ maxDialogs: 10 });
    store.save(dialog({ callId: 'c1', localTag: 'a' }));
    store.save(dialog({ callId: 'c1', localTag: 'a', remoteTag: 'x' }));
    expect(store.size).toBe(2);
    expect(store.find({ callId: 'c1', localTag: 'a' })?.id.remoteTag).toBeUndefined();
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new DialogStore({ maxDialogs: 0 })).toThrow(RangeError);
  });
});
