/**
 * What the flood sends: every RFC 4475 torture message, random bytes, and SIP messages with
 * random bytes overwritten or cut short. Random parts come from fast-check with a fixed seed,
 * so every run sends the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const tortureDir = fileURLToPath(new URL('../../sip-torture/', import.meta.url));

/** The RFC 4475 messages, byte-exact. */
export function tortureMessages(): readonly Buffer[] {
  const files = readdirSync(tortureDir).filter((name) => name.endsWith('.dat')).sort();
  return files.map((name) => readFileSync(`${tortureDir}${name}`));
}

export function randomPayloads(count: number, seed: number): readonly Buffer[] {
  return fc.sample(fc.uint8Array({ minLength: 1, maxLength: 1400 }), { seed, numRuns: count }).map((bytes) => Buffer.from(bytes));
}

/** Copies of `bases` with up to 8 bytes overwritten and, half of the time, the tail cut off. */
export function mutatedPayloads(bases: readonly Buffer[], count: number, seed: number): readonly Buffer[] {
  const mutation = fc.record({
    base: fc.nat(bases.length - 1),
    writes: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 2 }),
  });
  return fc.sample(mutation, { seed, numRuns: count }).map(({ base, writes, cut }) => {
    const bytes = Buffer.from(bases[base] as Buffer);
    for (const [at, byte] of writes) bytes[Math.floor(at * (bytes.length - 1))] = byte;
    return cut === null ? bytes : bytes.subarray(0, Math.max(1, Math.floor(cut * bytes.length)));
  });
}
