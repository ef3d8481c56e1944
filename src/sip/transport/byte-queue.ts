/** Storage kept after a queue empties; a larger one is released (a big message was the exception). */
const RETAINED_CAPACITY = 16_384;
const MIN_CAPACITY = 4096;

/**
 * Bytes appended at the back and consumed from the front. Each byte is copied in once (plus
 * amortized growth), so a message trickling in one byte per read costs linear, not quadratic, time.
 */
export class ByteQueue {
  private storage = Buffer.alloc(0);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** The queued bytes, without copying; valid until the next append. */
  view(): Buffer {
    return this.storage.subarray(this.start, this.end);
  }

  append(chunk: Buffer): void {
    if (this.end + chunk.length > this.storage.length) this.makeRoom(chunk.length);
    chunk.copy(this.storage, this.end);
    this.end += chunk.length;
  }

  consume(count: number): void {
    this.start = Math.min(this.end, this.start + count);
    if (this.start === this.end) this.clear(this.storage.length <= RETAINED_CAPACITY);
  }

  /** Empties the queue, keeping the storage only when asked to. */
  clear(keepStorage = false): void {
    if (!keepStorage) this.storage = Buffer.alloc(0);
    this.start = 0;
    this.end = 0;
  }

  private makeRoom(extra: number): void {
    const live = this.length;
    const needed = live + extra;
    if (needed <= this.storage.length) {
      this.storage.copy(this.storage, 0, this.start, this.end);
    } else {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.storage.length, MIN_CAPACITY));
      this.storage.copy(grown, 0, this.start, this.end);
      this.storage = grown;
    }
    this.start = 0;
    this.end = live;
  }
}
