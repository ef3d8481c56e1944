/** Who made a change, as the audit log records it, e.g. `{ kind: 'cli', id: 'root' }`. */
export interface Actor {
  readonly kind: 'api' | 'cli' | 'system';
  readonly id: string;
}
