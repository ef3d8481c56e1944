import { describe, expect, it } from 'vitest';
import type { NumberBlockRow } from '../store/index.js';
import { legacyLines } from './legacy-lines.js';

const at = '2026-03-02T09:00:00.000Z';
const block = (changes: Partial<NumberBlockRow>): NumberBlockRow => ({
  id: crypto.randomUUID(), tenant_id: 't', kind: 'legacy', base_number: '+492214711', ddi_from: 0, ddi_to: 9, ddi_digits: 1,
  old_provider: 'Telekom', line_id: 'AS-1', site_id: null, created_at: at, updated_at: at, ...changes,
});

describe('legacyLines', () => {
  const lines = legacyLines([
    block({}),
    block({ base_number: '+492214712', ddi_from: 0, ddi_to: 1, ddi_digits: null }),
    block({ base_number: '+49228555100', ddi_from: null, ddi_to: null, ddi_digits: null, old_provider: 'telekom', line_id: 'AS-2' }),
    block({ kind: 'provisional', base_number: '+492219876', old_provider: null, line_id: null }),
  ]);

  it('puts every block of one provider and line id into one line', () => {
    expect(lines.find('TELEKOM', 'AS-1')?.numbers).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `+492214711${i}`),
      '+4922147120',
      '+4922147121',
    ]);
    expect(lines.find('Telekom', 'as-1')).toBeUndefined();
    expect(lines.describe()).toBe('line AS-1 at Telekom, line AS-2 at telekom');
  });

  it('knows the line of each legacy number, and no provisional one', () => {
    expect(lines.lineOf('+49228555100')?.lineId).toBe('AS-2');
    expect(lines.lineOf('+4922198760')).toBeUndefined();
  });
});
