import type { MigrationProjectRow } from '../store/index.js';
import type { ProjectPhase } from './project-phases.js';

/** A tenant's migration project: where the move stands. */
export interface MigrationProject {
  readonly id: string;
  readonly tenantId: string;
  readonly phase: ProjectPhase;
  /** Days without a failed check the decommission gate asks for. */
  readonly quietDays: number;
  readonly phaseChangedAt: string;
  /** When the old system was released, and who confirmed it (`<actor kind>:<actor id>`). */
  readonly decommissionedAt: string | null;
  readonly decommissionedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function projectFromRow(row: MigrationProjectRow): MigrationProject {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    phase: row.phase as ProjectPhase,
    quietDays: row.quiet_days,
    phaseChangedAt: row.phase_changed_at,
    decommissionedAt: row.decommissioned_at,
    decommissionedBy: row.decommissioned_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
