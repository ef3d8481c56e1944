/**
 * The summary table: each figure per server (every round, then their mean) and the ratio of
 * the means, belay / Kamailio, next to the issue's target where it has one.
 */
import type { RoundFigures } from './measure-server.js';
import type { WorkloadName } from './workloads.js';

interface Figure {
  readonly label: string;
  readonly value: (round: RoundFigures) => number | undefined;
  readonly digits: number;
  /** The target for belay / Kamailio, if any. */
  readonly target?: { readonly atLeast?: number; readonly atMost?: number };
}

const MB = 1024 * 1024;

/** CPU per operation in the clean step at the highest clean rate. */
function atHighest(round: RoundFigures, name: WorkloadName): number | undefined {
  const search = round.highest[name];
  return search.steps.find((step) => step.clean && step.rate === search.rate)?.detail.cpuMsPerOperation;
}

const figures: readonly Figure[] = [
  { label: 'REGISTER with Digest, highest clean rate (/s)', value: (r) => r.highest.register.rate, digits: 0, target: { atLeast: 0.5 } },
  { label: 'calls, highest clean rate (/s)', value: (r) => r.highest.calls.rate, digits: 0, target: { atLeast: 0.5 } },
  { label: 'CPU per registration at 1,000/s (ms)', value: (r) => r.fixed.register.cpuMsPerOperation, digits: 3, target: { atMost: 2 } },
  { label: 'CPU per call at 200/s (ms)', value: (r) => r.fixed.calls.cpuMsPerOperation, digits: 3, target: { atMost: 2 } },
  { label: 'CPU per registration at the highest clean rate (ms)', value: (r) => atHighest(r, 'register'), digits: 3 },
  { label: 'CPU per call at the highest clean rate (ms)', value: (r) => atHighest(r, 'calls'), digits: 3 },
  { label: 'REGISTER (authenticated) → 200, p50 (ms)', value: (r) => r.fixed.register.p50Ms, digits: 3 },
  { label: 'REGISTER (authenticated) → 200, p99 (ms)', value: (r) => r.fixed.register.p99Ms, digits: 3 },
  { label: 'INVITE (authenticated) → 180, p50 (ms)', value: (r) => r.fixed.calls.p50Ms, digits: 3 },
  { label: 'INVITE (authenticated) → 180, p99 (ms)', value: (r) => r.fixed.calls.p99Ms, digits: 3 },
  {
    label: 'memory for 10,000 registrations, PSS growth (MB)',
    value: (r) => (r.memory ? (r.memory.after.pssBytes - r.memory.before.pssBytes) / MB : undefined),
    digits: 1,
  },
  {
    label: 'memory for 10,000 registrations, RSS growth (MB)',
    value: (r) => (r.memory ? (r.memory.after.rssBytes - r.memory.before.rssBytes) / MB : undefined),
    digits: 1,
  },
];

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function cell(values: readonly number[], digits: number): string {
  if (values.length === 0) return '–';
  const each = values.map((v) => v.toFixed(digits)).join(' / ');
  return values.length === 1 ? each : `${each} (mean ${mean(values).toFixed(digits)})`;
}

function verdict(ratio: number, target: Figure['target']): string {
  if (!target || !Number.isFinite(ratio)) return '';
  if (target.atLeast !== undefined) return ratio >= target.atLeast ? `≥ ${target.atLeast}: met` : `≥ ${target.atLeast}: **not met**`;
  if (target.atMost !== undefined) return ratio <= target.atMost ? `≤ ${target.atMost}: met` : `≤ ${target.atMost}: **not met**`;
  return '';
}

/** A Markdown table of the rounds of the reference (`reference`) and of belay. */
export function summaryTable(rounds: readonly RoundFigures[], reference: string, compared: string): string {
  const of = (server: string, figure: Figure): number[] =>
    rounds.filter((r) => r.server === server).flatMap((r) => {
      const value = figure.value(r);
      return value === undefined || !Number.isFinite(value) ? [] : [value];
    });
  const lines = [
    `| figure | ${reference} | ${compared} | ${compared} / ${reference} | target |`,
    '|---|---:|---:|---:|---|',
  ];
  for (const figure of figures) {
    const ref = of(reference, figure);
    const cmp = of(compared, figure);
    const ratio = ref.length > 0 && cmp.length > 0 ? mean(cmp) / mean(ref) : Number.NaN;
    lines.push(`| ${figure.label} | ${cell(ref, figure.digits)} | ${cell(cmp, figure.digits)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} | ${verdict(ratio, figure.target)} |`);
  }
  return lines.join('\n');
}

/** Whether each fixed-rate run was clean, the drops seen, and the receive buffer: what the figures rest on. */
export function conditions(rounds: readonly RoundFigures[]): string {
  return rounds
    .map((r) => {
      const fixed = Object.entries(r.fixed)
        .map(([name, f]) => `${name} at ${f.rate}/s ${f.clean ? 'clean' : 'NOT clean'} (${f.operations} done, drops ${f.drops})`)
        .join(', ');
      const highest = Object.entries(r.highest)
        .map(([name, s]) => `${name} ${s.rate}/s${s.failedAt === undefined ? ' (ceiling)' : `, first unclean ${s.failedAt}/s`}`)
        .join(', ');
      return `- round ${r.round}, ${r.server}: receive buffer ${r.receiveBufferBytes} bytes; ${fixed}; highest clean: ${highest}`;
    })
    .join('\n');
}
