// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Architecture guard. Contexts and what each may import (besides itself):
 *   kernel, sip, media → nothing else from src/ (kernel: the error catalogue shared by all contexts)
 *   store              → kernel
 *   lab                → sip, media (the simulated network is an independent peer)
 *   centrex            → kernel, sip, media, store
 *   provisioning, verification → sip, media, store, centrex
 *   migration          → the above
 *   http, cli          → the above (not each other, not lab)
 *   main.ts            → everything (composition root)
 * And across contexts only through the context's index.ts.
 */
const contexts = ['kernel', 'sip', 'media', 'store', 'lab', 'centrex', 'provisioning', 'verification', 'migration', 'http', 'cli'];
/** @type {Record<string, string[]>} */
const allowed = {
  kernel: [],
  sip: [],
  media: [],
  store: ['kernel'],
  lab: ['sip', 'media'],
  centrex: ['kernel', 'sip', 'media', 'store'],
  provisioning: ['kernel', 'sip', 'media', 'store', 'centrex'],
  verification: ['kernel', 'sip', 'media', 'store', 'centrex'],
  migration: ['kernel', 'sip', 'media', 'store', 'centrex', 'provisioning', 'verification'],
  http: ['kernel', 'sip', 'media', 'store', 'centrex', 'provisioning', 'verification', 'migration'],
  cli: ['kernel', 'sip', 'media', 'store', 'centrex', 'provisioning', 'verification', 'migration'],
};

const zones = [];
for (const target of contexts) {
  for (const from of contexts) {
    if (from === target) continue;
    if (!allowed[target]?.includes(from)) {
      zones.push({
        target: `./src/${target}`,
        from: `./src/${from}`,
        message: `src/${target} may not depend on src/${from} (see the architecture section of the README).`,
      });
    } else {
      zones.push({
        target: `./src/${target}`,
        from: `./src/${from}`,
        except: ['./index.ts'],
        message: `import src/${from} only through its index.ts.`,
      });
    }
  }
  zones.push({ target: `./src/${target}`, from: './src/main.ts', message: 'only main.ts composes the application.' });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', '.bench-out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'inject a Clock / timer source instead of global timers' }, { name: 'setInterval', message: 'inject a Clock / timer source instead of global timers' }],
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    // tests, benchmarks, the lab, the CLI and the composition root may use real timers
    files: ['**/*.test.ts', 'test/**', 'bench/**', 'src/main.ts', 'src/cli/**', 'src/lab/**', 'src/**/system-clock.ts', '*.config.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
