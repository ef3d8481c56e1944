/**
 * Blocks a source address that fails authentication too often: `threshold` failures within
 * `windowMs` block it for `blockMs`. A blocked source's messages are dropped unread (see
 * {@link AbuseGuard.guard}): no answer tells a scanner it found a SIP server, and dropping
 * costs less than parsing. Addresses on the allow-list are never blocked.
 */
import { BlockList, isIP } from 'node:net';
import { canonicalIp } from '../../sip/index.js';
import type { Clock, TransportOpener } from '../../sip/index.js';

export interface AbuseGuardOptions {
  readonly clock: Clock;
  readonly windowMs: number;
  /** Failures within the window that block the source. */
  readonly threshold: number;
  readonly blockMs: number;
  /** Addresses (`192.0.2.7`, `2001:db8::1`) and networks (`10.0.0.0/8`) that are never blocked. */
  readonly allow?: readonly string[];
  /** Sources whose failures are counted at once; the oldest is forgotten beyond it. Default 100,000. */
  readonly maxTracked?: number;
  /** A source has just been blocked. */
  readonly onBlock?: (block: SourceBlock) => void;
}

export interface SourceBlock {
  readonly address: string;
  /** ms since the epoch */
  readonly since: number;
  readonly until: number;
  /** Failures counted within the window when it was blocked. */
  readonly failures: number;
}

const DEFAULT_MAX_TRACKED = 100_000;

/** The allow-list as a `BlockList` (node:net); throws on an entry that is neither an address nor a network. */
function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.trim().split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      throw new Error(`allow-list entry "${entry}" is neither an IP address nor a network (address/prefix)`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

export class AbuseGuard {
  /** address → times of its recent failures, oldest first (at most `threshold`). */
  private readonly failures = new Map<string, number[]>();
  private readonly blocked = new Map<string, SourceBlock>();
  private readonly allowed: BlockList;
  private droppedMessages = 0;

  constructor(private readonly options: AbuseGuardOptions) {
    for (const name of ['windowMs', 'threshold', 'blockMs'] as const) {
      if (!(options[name] > 0)) throw new RangeError(`${name} must be positive, got ${options[name]}`);
    }
    this.allowed = allowList(options.allow ?? []);
  }

  /** Messages dropped because their source was blocked. */
  get dropped(): number {
    return this.droppedMessages;
  }

  isAllowed(address: string): boolean {
    const ip = canonicalIp(address);
    return ip !== undefined && this.allowed.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  }

  /** Counts a failed authentication from `address`; the block, when this failure caused one. */
  recordFailure(address: string): SourceBlock | undefined {
    const key = canonicalIp(address) ?? address;
    if (this.isBlocked(key) || this.isAllowed(key)) return undefined;
    const now = this.options.clock.now();
    const since = now - this.options.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    times.push(now);
    this.failures.delete(key); // re-inserted last: the map's order is the order of the latest failure
    if (times.length < this.options.threshold) {
      this.failures.set(key, times);
      this.forgetOldest();
      return undefined;
    }
    const block: SourceBlock = { address: key, since: now, until: now + this.options.blockMs, failures: times.length };
    this.blocked.set(key, block);
    this.options.onBlock?.(block);
    return block;
  }

  isBlocked(address: string): boolean {
    const block = this.blocked.get(address) ?? this.blocked.get(canonicalIp(address) ?? address);
    if (!block) return false;
    if (block.until > this.options.clock.now()) return true;
    this.blocked.delete(block.address);
    return false;
  }

  /** The blocks in force, oldest first. */
  blocks(): readonly SourceBlock[] {
    const now = this.options.clock.now();
    for (const block of [...this.blocked.values()]) if (block.until <= now) this.blocked.delete(block.address);
    return [...this.blocked.values()];
  }

  /** Lifts the block on `address` (and forgets its failures); false if it was not blocked. */
  lift(address: string): boolean {
    const key = canonicalIp(address) ?? address;
    this.failures.delete(key);
    const wasBlocked = this.isBlocked(key);
    this.blocked.delete(key);
    return wasBlocked;
  }

  /** Wraps a transport so that messages from blocked sources are dropped before they are parsed. */
  guard(open: TransportOpener): TransportOpener {
    return (handlers) =>
      open({
        ...handlers,
        onMessage: (message) => {
          if (this.blocked.size > 0 && this.isBlocked(message.source.remoteAddress)) this.droppedMessages++;
          else handlers.onMessage(message);
        },
      });
  }

  private forgetOldest(): void {
    const max = this.options.maxTracked ?? DEFAULT_MAX_TRACKED;
    for (const key of this.failures.keys()) {
      if (this.failures.size <= max) return;
      this.failures.delete(key);
    }
  }
}
