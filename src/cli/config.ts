import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultSipDomainParent, dnsNameSchema } from '../centrex/index.js';

/**
 * belay's configuration: an optional JSON file (`--config path` or `BELAY_CONFIG`) whose keys
 * are the environment variable names, overlaid by the environment (the environment wins).
 * Everything is validated once at start; the result is a readonly value passed down.
 */

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface Config {
  /** Absolute path of the folder belay keeps its files in. */
  readonly dataDir: string;
  /** `sqlite:<path>` or `postgres://…`; see `openDatabase` in src/store. */
  readonly databaseUrl: string;
  readonly http: { readonly address: string; readonly port: number };
  readonly sip: { readonly address: string; readonly port: number; readonly advertisedAddress: string };
  /** BELAY_SIP_DOMAIN: new tenants get the SIP domain `<slug>.<sipDomain>` unless they name one. */
  readonly sipDomain: string;
  readonly logLevel: LogLevel;
  /** How long a graceful shutdown may take before the process gives up and exits non-zero. */
  readonly shutdownTimeoutMs: number;
}

/** A configuration value that cannot be used; the message names the key and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ConfigSources {
  /** The process environment (or a test's stand-in). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Path of the JSON config file; falls back to `BELAY_CONFIG` from `env`. */
  readonly file?: string | undefined;
  /** Folder relative paths are resolved against (the working directory). */
  readonly cwd: string;
}

const wildcardAddresses: ReadonlySet<string> = new Set(['0.0.0.0', '::']);

function integer(min: number, max: number): z.ZodType<number> {
  const error = `an integer ${min}-${max}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
}

const address = z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'an IPv4 or IPv6 address or a host name' });
const nonEmpty = (error: string) => z.string({ error }).trim().min(1, { error });
const databaseUrl = z
  .string({ error: 'sqlite:<path>, sqlite::memory: or a postgres:// URL' })
  .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { error: 'sqlite:<path>, sqlite::memory: or a postgres:// URL' });

const keys = z.object({
  BELAY_DATA_DIR: nonEmpty('a folder path').default('./data'),
  BELAY_DB_URL: databaseUrl.optional(),
  BELAY_HTTP_ADDRESS: address.default('127.0.0.1'),
  BELAY_HTTP_PORT: integer(0, 65535).default(8080),
  BELAY_SIP_ADDRESS: address.default('127.0.0.1'),
  BELAY_SIP_PORT: integer(0, 65535).default(5060),
  BELAY_SIP_ADVERTISED_ADDRESS: address.optional(),
  BELAY_SIP_DOMAIN: z
    .string({ error: 'a DNS name such as pbx.example.net' })
    .refine((name) => dnsNameSchema.safeParse(name).success, { error: 'a DNS name such as pbx.example.net' })
    .transform((name) => name.trim().toLowerCase())
    .default(defaultSipDomainParent),
  BELAY_LOG_LEVEL: z.enum(logLevels, { error: `one of ${logLevels.join(', ')}` }).default('info'),
  BELAY_SHUTDOWN_TIMEOUT_MS: integer(100, 600_000).default(10_000),
});

type KeyName = keyof typeof keys.shape;
const keyNames = Object.keys(keys.shape) as KeyName[];
const isKeyName = (name: string): name is KeyName => (keyNames as string[]).includes(name);

/** Reads, merges and validates the configuration; throws {@link ConfigError} naming every bad key. */
export function loadConfig(sources: ConfigSources): Config {
  const file = sources.file ?? sources.env['BELAY_CONFIG'];
  const fromFile = file === undefined || file === '' ? {} : readConfigFile(path.resolve(sources.cwd, file));
  const raw: Record<string, unknown> = { ...fromFile };
  const fromEnv = new Set<string>();
  for (const name of keyNames) {
    const value = sources.env[name];
    if (value !== undefined && value !== '') {
      raw[name] = value;
      fromEnv.add(name);
    }
  }

  const parsed = keys.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const origin = fromEnv.has(key) ? '' : ` (in ${file})`;
      return `${key}: expected ${issue.message}, got ${JSON.stringify(raw[key])}${origin}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const v = parsed.data;

  if (wildcardAddresses.has(v.BELAY_SIP_ADDRESS) && v.BELAY_SIP_ADVERTISED_ADDRESS === undefined) {
    throw new ConfigError(
      `BELAY_SIP_ADVERTISED_ADDRESS: expected the address peers reach this host at, required when BELAY_SIP_ADDRESS is ${v.BELAY_SIP_ADDRESS}`,
    );
  }

  const dataDir = path.resolve(sources.cwd, v.BELAY_DATA_DIR);
  return {
    dataDir,
    databaseUrl: v.BELAY_DB_URL ?? `sqlite:${path.join(dataDir, 'belay.db')}`,
    http: { address: v.BELAY_HTTP_ADDRESS, port: v.BELAY_HTTP_PORT },
    sip: {
      address: v.BELAY_SIP_ADDRESS,
      port: v.BELAY_SIP_PORT,
      advertisedAddress: v.BELAY_SIP_ADVERTISED_ADDRESS ?? v.BELAY_SIP_ADDRESS,
    },
    sipDomain: v.BELAY_SIP_DOMAIN,
    logLevel: v.BELAY_LOG_LEVEL,
    shutdownTimeoutMs: v.BELAY_SHUTDOWN_TIMEOUT_MS,
  };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`config file ${file}: expected a JSON object of BELAY_* keys`);
  }
  const unknownKeys = Object.keys(data).filter((k) => !isKeyName(k));
  if (unknownKeys.length > 0) {
    throw new ConfigError(`config file ${file}: unknown key ${unknownKeys.join(', ')} (known: ${keyNames.join(', ')})`);
  }
  return data as Record<string, unknown>;
}
