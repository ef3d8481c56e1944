import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('returns exactly the bytes appended and not yet consumed, in order, for any mix of operations', () => {
    const operation = fc.oneof(
      fc.record({ append: fc.uint8Array({ maxLength: 5000 }) }),
      fc.record({ consume: fc.nat({ max: 6000 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const queue = new ByteQueue();
        let model = Buffer.alloc(0);
        for (const op of operations) {
          if ('append' in op) {
            queue.append(Buffer.from(op.append));
            model = Buffer.concat([model, Buffer.from(op.append)]);
          } else {
            queue.consume(op.consume);
            model = model.subarray(Math.min(op.consume, model.length));
          }
          expect(queue.length).toBe(model.length);
          expect(queue.view()).toEqual(model);
        }
      }),
    );
  });
});
