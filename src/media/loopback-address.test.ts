import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback-address.js';

describe('isLoopbackAddress', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2']) {
      expect(isLoopbackAddress(host), host).toBe(true);
    }
  });

  it('refuses every other address and names', () => {
    for (const host of ['192.0.2.1', '10.0.0.1', '0.0.0.0', '::', '::2', '::ffff:192.0.2.1', 'localhost', '127.0.0.1.example', '', '128.0.0.1']) {
      expect(isLoopbackAddress(host), host).toBe(false);
    }
  });
});
