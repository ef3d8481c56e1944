/**
 * What an in-memory read model knows of the audit log it follows: the audit record id its
 * contents are at least as new as, and per entity the version (audit record id) of the state it
 * holds, or of its removal, so that a write older than what is held is ignored.
 */
export abstract class AuditedReadModel {
  /** Per entity key: the version of what is held, or of its removal. */
  private readonly versions = new Map<string, number>();
  private position: number;

  /** `position`: the audit record id the model's contents are at least as new as. */
  constructor(position = 0) {
    this.position = position;
  }

  /** Every change up to this audit record id is reflected. */
  get auditPosition(): number {
    return this.position;
  }

  /** Records that every change up to `position` has been applied. */
  caughtUpTo(position: number): void {
    this.position = Math.max(this.position, position);
  }

  /** Whether a write of `key` at `version` is at least as new as what is held; if so, it becomes what is held. */
  protected accepts(key: string, version: number): boolean {
    if ((this.versions.get(key) ?? -1) > version) return false;
    this.versions.set(key, version);
    return true;
  }
}
