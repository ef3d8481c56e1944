/**
 * A bounded registry of dialogs keyed by dialog id. It holds values only: no timers, no
 * transitions; callers store the dialog each pure function returns and remove it when done.
 */
import type { DialogId } from './dialog-id.js';
import { dialogKey } from './dialog-id.js';
import type { Dialog } from './dialog-state.js';

/** What an in-dialog request needs to find its dialog. */
export interface DialogLookup {
  find(id: DialogId): Dialog | undefined;
}

export type SaveOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: 'full'; readonly limit: number };

export interface DialogStoreOptions {
  /** Most dialogs held at once; a new dialog beyond it is refused with `full`. */
  readonly maxDialogs: number;
}

const legKey = (callId: string, localTag: string): string => `${callId}\n${localTag}`;

export class DialogStore implements DialogLookup {
  private readonly dialogs = new Map<string, Dialog>();
  /** The dialogs of one local leg (the forks of one INVITE we sent), by leg key. */
  private readonly legs = new Map<string, Set<string>>();
  private readonly maxDialogs: number;

  constructor(options: DialogStoreOptions) {
    if (!Number.isInteger(options.maxDialogs) || options.maxDialogs < 1) throw new RangeError(`maxDialogs must be a positive integer, got ${options.maxDialogs}`);
    this.maxDialogs = options.maxDialogs;
  }

  get size(): number {
    return this.dialogs.size;
  }

  find(id: DialogId): Dialog | undefined {
    return this.dialogs.get(dialogKey(id));
  }

  /** Every dialog sharing this Call-ID and local tag: the early and confirmed forks of one request. */
  findLeg(callId: string, localTag: string): Dialog[] {
    const keys = this.legs.get(legKey(callId, localTag));
    return keys === undefined ? [] : [...keys].map((key) => this.dialogs.get(key) as Dialog);
  }

  /** Inserts a new dialog or replaces the stored one with the same id; only an insert can be refused. */
  save(dialog: Dialog): SaveOutcome {
    const key = dialogKey(dialog.id);
    if (!this.dialogs.has(key)) {
      if (this.dialogs.size >= this.maxDialogs) return { ok: false, reason: 'full', limit: this.maxDialogs };
      const leg = legKey(dialog.id.callId, dialog.id.localTag);
      const keys = this.legs.get(leg) ?? new Set<string>();
      keys.add(key);
      this.legs.set(leg, keys);
    }
    this.dialogs.set(key, dialog);
    return { ok: true };
  }

  /** Removes the dialog and returns what was stored, if anything. */
  remove(id: DialogId): Dialog | undefined {
    const key = dialogKey(id);
    const dialog = this.dialogs.get(key);
    if (dialog === undefined) return undefined;
    this.dialogs.delete(key);
    const leg = legKey(id.callId, id.localTag);
    const keys = this.legs.get(leg);
    keys?.delete(key);
    if (keys?.size === 0) this.legs.delete(leg);
    return dialog;
  }

  values(): IterableIterator<Dialog> {
    return this.dialogs.values();
  }
}
