import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultAdmissionLimits } from '../sip/index.js';
import { DEFAULT_TRUNK_NO_RESPONSE_MS, defaultSipDomainParent, dnsNameSchema } from '../centrex/index.js';

/**
 * belay's configuration: an optional JSON file (`--config path` or `BELAY_CONFIG`) whose keys
 * are the environment variable names, overlaid by the environment (the environment wins).
 * Everything is validated once at start; the result is a readonly value passed down.
 */

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const sipTransports = ['udp', 'tcp'] as const;
export type SipTransport = (typeof sipTransports)[number];
export const digestAlgorithms = ['MD5', 'SHA-256'] as const;
export type DigestAlgorithmName = (typeof digestAlgorithms)[number];

/** The SIP server: where it listens, the registrar's policy, qualify, Digest, the abuse guard, admission, trunk failover. */
export interface SipConfig {
  readonly address: string;
  readonly port: number;
  readonly advertisedAddress: string;
  readonly transports: readonly SipTransport[];
  /** SO_RCVBUF of the UDP socket in bytes (the kernel may cap it at net.core.rmem_max). */
  readonly udpRecvBufferBytes: number;
  /** The UDP socket on an I/O thread of its own (`ThreadedUdpTransport`), or on the main thread. */
  readonly udpIoThread: boolean;
  /** Seconds. */
  readonly registration: { readonly minExpires: number; readonly maxExpires: number; readonly defaultExpires: number };
  /** `intervalMs` 0: no qualify. */
  readonly qualify: { readonly intervalMs: number; readonly giveUpMs: number };
  readonly digest: { readonly algorithms: readonly DigestAlgorithmName[]; readonly secret?: string };
  readonly abuse: { readonly windowMs: number; readonly threshold: number; readonly blockMs: number; readonly allow: readonly string[] };
  readonly admission: { readonly maxMessagesPerSecond: number; readonly maxServerTransactions: number };
  /** Milliseconds a trunk may leave an INVITE without any response before the next trunk is tried. */
  readonly trunkNoResponseMs: number;
}

export interface Config {
  /** Absolute path of the folder belay keeps its files in. */
  readonly dataDir: string;
  /** `sqlite:<path>` or `postgres://…`; see `openDatabase` in src/store. */
  readonly databaseUrl: string;
  readonly http: { readonly address: string; readonly port: number };
  readonly sip: SipConfig;
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

/** A comma-separated list (from the environment) or a JSON array (from the file) of distinct items. */
function list<T extends string>(
  item: (error: string) => z.ZodType<T>,
  what: string,
  options: { readonly nonEmpty: boolean },
): z.ZodType<readonly T[]> {
  const error = `${options.nonEmpty ? '' : 'empty or '}a comma-separated list of ${what}`;
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v.length > 0) : value),
    z
      .array(item(error), { error })
      .min(options.nonEmpty ? 1 : 0, { error })
      .refine((items) => new Set(items).size === items.length, { error: `${error}, each once` }),
  );
}

const ipOrNetwork = (error: string) => z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error });

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
  BELAY_SIP_TRANSPORTS: list((error) => z.enum(sipTransports, { error }), sipTransports.join(', '), { nonEmpty: true }).default(['udp', 'tcp']),
  BELAY_SIP_UDP_RECV_BUFFER: integer(65_536, 1_073_741_824).default(4_194_304),
  BELAY_SIP_UDP_IO_THREAD: z.enum(['on', 'off'], { error: 'on or off' }).default('off'),
  BELAY_SIP_REGISTER_MIN_EXPIRES: integer(1, 86_400).default(60),
  BELAY_SIP_REGISTER_MAX_EXPIRES: integer(1, 604_800).default(7200),
  BELAY_SIP_REGISTER_DEFAULT_EXPIRES: integer(1, 604_800).default(3600),
  BELAY_SIP_QUALIFY_INTERVAL: integer(0, 3600).default(30),
  BELAY_SIP_QUALIFY_GIVE_UP: integer(1, 86_400).default(120),
  BELAY_SIP_DIGEST_ALGORITHMS: list((error) => z.enum(digestAlgorithms, { error }), digestAlgorithms.join(', '), { nonEmpty: true }).default(['MD5']),
  BELAY_SIP_DIGEST_SECRET: z.string({ error: 'at least 16 characters' }).min(16, { error: 'at least 16 characters' }).optional(),
  BELAY_SIP_AUTH_FAILURE_WINDOW: integer(1, 86_400).default(60),
  BELAY_SIP_AUTH_FAILURE_THRESHOLD: integer(1, 1_000_000).default(10),
  BELAY_SIP_BLOCK_DURATION: integer(1, 604_800).default(900),
  BELAY_SIP_BLOCK_ALLOW: list(ipOrNetwork, 'IP addresses and networks (address/prefix)', { nonEmpty: false }).default([]),
  BELAY_SIP_MAX_MESSAGES_PER_SECOND: integer(1, 10_000_000).default(defaultAdmissionLimits.maxMessagesPerSecond),
  BELAY_SIP_MAX_TRANSACTIONS: integer(1, 10_000_000).default(defaultAdmissionLimits.maxServerTransactions),
  BELAY_SIP_TRUNK_NO_RESPONSE_MS: integer(500, 32_000).default(DEFAULT_TRUNK_NO_RESPONSE_MS),
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

  const registration = {
    minExpires: v.BELAY_SIP_REGISTER_MIN_EXPIRES,
    maxExpires: v.BELAY_SIP_REGISTER_MAX_EXPIRES,
    defaultExpires: v.BELAY_SIP_REGISTER_DEFAULT_EXPIRES,
  };
  if (!(registration.minExpires <= registration.defaultExpires && registration.defaultExpires <= registration.maxExpires)) {
    throw new ConfigError(
      'BELAY_SIP_REGISTER_DEFAULT_EXPIRES: expected BELAY_SIP_REGISTER_MIN_EXPIRES ≤ BELAY_SIP_REGISTER_DEFAULT_EXPIRES ≤ ' +
        `BELAY_SIP_REGISTER_MAX_EXPIRES, got ${registration.minExpires} ≤ ${registration.defaultExpires} ≤ ${registration.maxExpires}`,
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
      transports: v.BELAY_SIP_TRANSPORTS,
      udpRecvBufferBytes: v.BELAY_SIP_UDP_RECV_BUFFER,
      udpIoThread: v.BELAY_SIP_UDP_IO_THREAD === 'on',
      registration,
      qualify: { intervalMs: v.BELAY_SIP_QUALIFY_INTERVAL * 1000, giveUpMs: v.BELAY_SIP_QUALIFY_GIVE_UP * 1000 },
      digest: {
        algorithms: v.BELAY_SIP_DIGEST_ALGORITHMS,
        ...(v.BELAY_SIP_DIGEST_SECRET === undefined ? {} : { secret: v.BELAY_SIP_DIGEST_SECRET }),
      },
      abuse: {
        windowMs: v.BELAY_SIP_AUTH_FAILURE_WINDOW * 1000,
        threshold: v.BELAY_SIP_AUTH_FAILURE_THRESHOLD,
        blockMs: v.BELAY_SIP_BLOCK_DURATION * 1000,
        allow: v.BELAY_SIP_BLOCK_ALLOW,
      },
      admission: { maxMessagesPerSecond: v.BELAY_SIP_MAX_MESSAGES_PER_SECOND, maxServerTransactions: v.BELAY_SIP_MAX_TRANSACTIONS },
      trunkNoResponseMs: v.BELAY_SIP_TRUNK_NO_RESPONSE_MS,
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
