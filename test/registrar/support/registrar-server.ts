/**
 * The SIP service on real UDP and TCP sockets on loopback, with a real directory: a SQLite
 * database with the tenant `acme` (SIP domain `acme.belay.test`) and its users alice (100),
 * bob (101) and carol (102, no password), loaded the way `belay serve` loads it, plus the HTTP
 * API over the same service for `inject`. For SIPp tests.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createTenant, createUser, loadDirectory, startSipService } from '../../../src/centrex/index.js';
import type { SipService, SipServiceOptions } from '../../../src/centrex/index.js';
import { buildApp, createMetricsRegistry } from '../../../src/http/index.js';
import { SystemClock, TcpTransport, UdpTransport } from '../../../src/sip/index.js';
import type { TransportAddress } from '../../../src/sip/index.js';
import { migrateToLatest, openDatabase } from '../../../src/store/index.js';
import type { Database } from '../../../src/store/index.js';
import { scratchDatabase } from '../../store/support/test-database.js';
import type { ScratchDatabase } from '../../store/support/test-database.js';

export const DOMAIN = 'acme.belay.test';
export const PASSWORDS = { alice: 'Wonderland-42', bob: 'Builder-2024x' } as const;
const actor = { kind: 'system', id: 'test' } as const;

export class RegistrarServer {
  private constructor(
    readonly service: SipService,
    readonly app: FastifyInstance,
    readonly database: Database,
    private readonly scratch: ScratchDatabase,
  ) {}

  static async start(overrides: Partial<SipServiceOptions> = {}): Promise<RegistrarServer> {
    const scratch = await scratchDatabase('sqlite');
    const database = await openDatabase({ url: scratch.url });
    await migrateToLatest(database);
    await createTenant(database, { slug: 'acme', name: 'ACME', sipDomain: DOMAIN }, actor);
    await createUser(database, 'acme', { extension: '100', name: 'Alice', sipUsername: 'alice', password: PASSWORDS.alice }, actor);
    await createUser(database, 'acme', { extension: '101', name: 'Bob', sipUsername: 'bob', password: PASSWORDS.bob }, actor);
    await createUser(database, 'acme', { extension: '102', name: 'Carol', sipUsername: 'carol' }, actor);
    const directory = await loadDirectory(database);
    const clock = new SystemClock();
    const metrics = createMetricsRegistry();
    const service = await startSipService({
      clock,
      directory,
      database,
      transports: [
        (handlers) => UdpTransport.listen({ host: '127.0.0.1', port: 0, recvBufferSize: 4 * 1024 * 1024, ...handlers }),
        (handlers) => TcpTransport.listen({ host: '127.0.0.1', port: 0, clock, ...handlers }),
      ],
      registration: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600 },
      qualify: { intervalMs: 0, giveUpMs: 120_000 },
      digest: { algorithms: ['MD5'] },
      abuse: { windowMs: 60_000, threshold: 100, blockMs: 900_000, allow: [] },
      log: pino({ level: 'silent' }),
      metrics,
      ...overrides,
    });
    const app = await buildApp({ database, directory, sipDomain: 'belay.test', sip: service, logger: pino({ level: 'silent' }), metrics, version: 'test' });
    return new RegistrarServer(service, app, database, scratch);
  }

  /** Where SIPp sends, per transport (`host:port`). */
  remote(protocol: 'udp' | 'tcp'): string {
    const { host, port } = this.address(protocol);
    return `${host}:${port}`;
  }

  address(protocol: 'udp' | 'tcp'): TransportAddress {
    const transport = this.service.stack.listening.find((t) => t.protocol === protocol);
    if (!transport) throw new Error(`no ${protocol} transport`);
    return transport;
  }

  userId(sipUsername: string): string {
    const tenant = this.service.directory.tenantByDomain(DOMAIN);
    const user = tenant && this.service.directory.userBySipUsername(tenant.id, sipUsername);
    if (!user) throw new Error(`no user ${sipUsername}`);
    return user.id;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.service.stop();
    await this.database.close();
    await this.scratch.remove();
  }
}
