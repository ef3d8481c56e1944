import { execFileSync } from 'node:child_process';

/**
 * Whether a third-party peer binary (sipp, baresip, kamailio, chromium) is installed.
 * Locally a missing peer skips its tests; in CI (`BELAY_REQUIRE_PEERS=1`) it fails them,
 * so an interop test can never pass by silently not running.
 */
export function hasPeer(binary: string): boolean {
  let found = false;
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    found = true;
  } catch {
    found = false;
  }
  if (!found && process.env['BELAY_REQUIRE_PEERS'] === '1') {
    throw new Error(`${binary} is required (BELAY_REQUIRE_PEERS=1) but is not installed`);
  }
  return found;
}

/** PostgreSQL URL for the repository suite, if one is configured (CI sets it). */
export function postgresUrl(): string | undefined {
  const url = process.env['BELAY_TEST_PG_URL'];
  if (!url && process.env['BELAY_REQUIRE_PEERS'] === '1') {
    throw new Error('BELAY_TEST_PG_URL is required in CI (BELAY_REQUIRE_PEERS=1)');
  }
  return url || undefined;
}
