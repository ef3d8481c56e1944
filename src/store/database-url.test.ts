import { describe, expect, it } from 'vitest';
import { isDomainError } from '../kernel/index.js';
import { parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['postgres://u:p@127.0.0.1:5432/belay', { dialect: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/belay' }],
    ['postgresql://127.0.0.1/belay', { dialect: 'postgres', url: 'postgresql://127.0.0.1/belay' }],
    ['sqlite:data/belay.db', { dialect: 'sqlite', file: 'data/belay.db' }],
    ['sqlite:/var/lib/belay/belay.db', { dialect: 'sqlite', file: '/var/lib/belay/belay.db' }],
    ['sqlite:///var/lib/belay/belay.db', { dialect: 'sqlite', file: '/var/lib/belay/belay.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', file: ':memory:' }],
    ['./belay.db', { dialect: 'sqlite', file: './belay.db' }],
    ['/abs/belay.db', { dialect: 'sqlite', file: '/abs/belay.db' }],
  ])('reads %s', (url, target) => {
    expect(parseDatabaseUrl(url)).toEqual(target);
  });

  it.each(['mysql://127.0.0.1/belay', 'sqlite:', '  '])('refuses %j with a validation error naming the url', (url) => {
    let caught: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught) && caught.code === 'validation_failed' && caught.fields[0]?.field === 'url').toBe(true);
  });
});
