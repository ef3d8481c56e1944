/**
 * The ordered shutdown of a running server. Each part registers a named hook as it starts
 * (database, HTTP, later SIP); on shutdown the hooks run one at a time in reverse start
 * order, so what was started last (and depends on the rest) stops first. A deadline bounds
 * the whole sequence: past it the outcome names the hook that hung.
 */

export type ShutdownOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly failed: readonly string[]; readonly hung?: string };

/** Where the shutdown reports progress (a pino logger fits). */
export interface ShutdownLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

interface Hook {
  readonly name: string;
  readonly stop: () => Promise<void> | void;
}

export class ShutdownHooks {
  private readonly hooks: Hook[] = [];
  private running: Promise<ShutdownOutcome> | undefined;

  constructor(private readonly log: ShutdownLog) {}

  /** Registers `stop` to run at shutdown, before every hook registered earlier. */
  add(name: string, stop: () => Promise<void> | void): void {
    if (this.running) throw new Error(`shutdown hook "${name}" registered after shutdown began`);
    this.hooks.push({ name, stop });
  }

  /** Runs the hooks (once; later calls get the same outcome), giving up after `timeoutMs`. */
  run(timeoutMs: number): Promise<ShutdownOutcome> {
    this.running ??= this.runAll(timeoutMs);
    return this.running;
  }

  private async runAll(timeoutMs: number): Promise<ShutdownOutcome> {
    const failed: string[] = [];
    let current: string | undefined;
    const sequence = (async (): Promise<ShutdownOutcome> => {
      for (const hook of [...this.hooks].reverse()) {
        current = hook.name;
        const started = performance.now();
        try {
          await hook.stop();
          this.log.info({ hook: hook.name, ms: Math.round(performance.now() - started) }, `stopped ${hook.name}`);
        } catch (err) {
          failed.push(hook.name);
          this.log.error({ err, hook: hook.name }, `shutdown hook "${hook.name}" failed`);
        }
      }
      current = undefined;
      return failed.length === 0 ? { ok: true } : { ok: false, failed };
    })();

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ShutdownOutcome>((resolve) => {
      timer = setTimeout(() => {
        const hung = current ?? 'unknown';
        this.log.error({ hook: hung, timeoutMs }, `shutdown hook "${hung}" did not finish within ${timeoutMs} ms`);
        resolve({ ok: false, failed: [...failed, hung], hung });
      }, timeoutMs);
    });
    try {
      return await Promise.race([sequence, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}
