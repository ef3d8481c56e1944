import { auditCommand } from './audit-command.js';
import { cdrCommand } from './cdr-command.js';
import type { CliCommand } from './cli-context.js';
import { dbCommand } from './db-command.js';
import { deviceCommand } from './device-command.js';
import { forwardingCommand } from './forwarding-command.js';
import { importCommand } from './import-command.js';
import { migrationCommand } from './migration-command.js';
import { planCommand } from './plan-command.js';
import { portCommand } from './port-command.js';
import { profileCommand } from './profile-command.js';
import { registrationsCommand } from './registrations-command.js';
import { securityCommand } from './security-command.js';
import { serveCommand } from './serve-command.js';
import { tenantCommand } from './tenant-command.js';
import { trunkCommand } from './trunk-command.js';
import { userCommand } from './user-command.js';
import { versionCommand } from './version-command.js';

/** Every subcommand of `belay`, in the order `--help` lists them. A new one is a file plus a line here. */
export const commands: readonly CliCommand[] = [serveCommand, dbCommand, tenantCommand, userCommand, deviceCommand, registrationsCommand, securityCommand, trunkCommand, profileCommand, cdrCommand, importCommand, planCommand, migrationCommand, portCommand, forwardingCommand, auditCommand, versionCommand];
