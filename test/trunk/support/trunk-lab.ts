/**
 * A company on a real `belay serve`, connected over a register-mode trunk to the simulated German
 * network (`SimulatedCarrier`), both on UDP loopback: the company set up through the API (the
 * identity tests' `Company`), its legacy numbers held by the old provider and its provisional
 * numbers by the new one, the trunk registered, the employees in parallel operation with their
 * desk phones (SIPp, on 127.0.0.2) registered. What a trunk test needs before its first call.
 */
import type { SimulatedCarrier } from '../../../src/lab/index.js';
import { BelayServer, eventually } from '../../identity/support/belay-server.js';
import { connectTrunk, holdCompanyNumbers, startCarrier } from '../../identity/support/carrier-trunks.js';
import type { TrunkConnection } from '../../identity/support/carrier-trunks.js';
import { Company, koelnCompany } from '../../identity/support/company.js';
import type { EmployeePlan, ProfileName } from '../../identity/support/company.js';
import type { SippPhone } from '../../identity/support/sipp-phone.js';

export interface TrunkLabOptions {
  readonly slug: string;
  readonly employees: readonly Omit<EmployeePlan, 'site'>[];
  readonly profile?: ProfileName;
  /** More settings of the trunk (priority, site). */
  readonly trunk?: Partial<Pick<TrunkConnection, 'priority' | 'site'>>;
}

export class TrunkLab {
  private constructor(
    readonly belay: BelayServer,
    readonly carrier: SimulatedCarrier,
    readonly company: Company,
    /** The trunk's id in belay and its account at the carrier. */
    readonly trunk: { readonly belayId: string; readonly carrierId: string },
    private readonly phones: ReadonlyMap<string, SippPhone>,
  ) {}

  /** The registered desk phone of the employee with this extension. */
  phone(extension: string): SippPhone {
    const phone = this.phones.get(extension);
    if (!phone) throw new Error(`no phone for extension ${extension}`);
    return phone;
  }

  static async start(options: TrunkLabOptions): Promise<TrunkLab> {
    const carrier = await startCarrier();
    let belay: BelayServer | undefined;
    try {
      belay = await BelayServer.start();
      const company = await Company.create(belay, koelnCompany(options.slug, { legacy: '+49 221 4711', provisional: '+49 221 98765' }, options.employees));
      for (const { extension } of options.employees) await company.moveNumber(extension, 'provisional_active', 'forwarding_requested', 'forwarding_active');
      await holdCompanyNumbers(carrier, company);
      const trunk = await connectTrunk(carrier, company, {
        name: 'main',
        profile: options.profile ?? 'telekom',
        numbers: await company.numbers('provisional'),
        allowed: await company.numbers('legacy'),
        ...options.trunk,
      });
      const phones = new Map<string, SippPhone>();
      for (const { extension } of options.employees) {
        await company.awaitPhase(extension, 'parallel');
        const phone = company.phone(extension);
        await phone.register();
        phones.set(extension, phone);
      }
      return new TrunkLab(belay, carrier, company, trunk, phones);
    } catch (error) {
      await belay?.stop();
      await carrier.stop();
      throw error;
    }
  }

  /** Stops belay (as `belay serve` stops on SIGTERM) and waits until the carrier has seen the trunk unregister. */
  async stopBelay(): Promise<void> {
    await this.belay.stop();
    await eventually(`trunk ${this.trunk.carrierId} unregistered`, async () => (this.carrier.isRegistered(this.trunk.carrierId) ? undefined : true));
  }

  async stop(): Promise<void> {
    await this.belay.stop();
    await this.carrier.stop();
  }
}
