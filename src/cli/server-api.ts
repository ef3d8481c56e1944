import { Option } from 'commander';
import type { Command } from 'commander';
import { configFor } from './cli-context.js';
import type { CliContext } from './cli-context.js';
import type { Config } from './config.js';
import { CommandFailed } from './exit-code.js';

/**
 * The HTTP API of the running `belay serve`, for commands about its live state (registrations,
 * blocked sources), which only that process holds. By default the address configured for it
 * (BELAY_HTTP_ADDRESS/BELAY_HTTP_PORT, a wildcard address reached on loopback); `--server`
 * names another.
 */
export interface ServerApi {
  get<T>(path: string): Promise<T>;
  delete(path: string): Promise<void>;
}

export const serverOption = (): Option => new Option('--server <url>', 'the running server’s HTTP API (default: from BELAY_HTTP_ADDRESS and BELAY_HTTP_PORT)');

function defaultBase(config: Config): string {
  const { address, port } = config.http;
  if (port === 0) throw new CommandFailed('BELAY_HTTP_PORT is 0 (chosen at start): name the server with --server http://host:port');
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function serverApi(ctx: CliContext, command: Command): ServerApi {
  const { server } = command.opts<{ server?: string }>();
  const base = (server ?? defaultBase(configFor(ctx, command))).replace(/\/+$/, '');
  const call = async (method: string, path: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1${path}`, { method, headers: { 'x-belay-actor': ctx.user } });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new CommandFailed(`cannot reach the server at ${base} (${reason}): is belay serve running?`);
    }
    if (response.ok) return response;
    const problem = (await response.json().catch(() => ({}))) as { detail?: unknown };
    throw new CommandFailed(typeof problem.detail === 'string' ? problem.detail : `the server answered ${response.status}`);
  };
  return {
    get: async <T>(path: string) => (await (await call('GET', path)).json()) as T,
    delete: async (path: string) => {
      await call('DELETE', path);
    },
  };
}
