/**
 * The highest clean rate: double from a starting rate until a step is not clean (a failed
 * call, or a message sent twice), then halve the interval between the last clean and the first
 * unclean rate a few times. Each step is a separate bounded run; a marginally unclean step is
 * run once more before the rate counts as unclean, so that a moment of other load on the
 * machine does not end the search.
 */

export interface RateStep<T> {
  readonly rate: number;
  readonly clean: boolean;
  /** Unclean, but so slightly (a handful of messages) that other load on the machine may explain it. */
  readonly marginal: boolean;
  readonly detail: T;
}

export interface RateSearch<T> {
  /** The highest rate that ran clean; 0 when none did. */
  readonly rate: number;
  /** The first rate above it that did not (undefined if the ceiling was reached clean). */
  readonly failedAt: number | undefined;
  readonly steps: readonly RateStep<T>[];
}

export interface RateSearchOptions {
  readonly start: number;
  /** No step goes above this rate. */
  readonly ceiling: number;
  /** Bisections after the first unclean step. */
  readonly refinements: number;
}

export async function highestCleanRate<T>(
  step: (rate: number) => Promise<RateStep<T>>,
  { start, ceiling, refinements }: RateSearchOptions,
): Promise<RateSearch<T>> {
  const steps: RateStep<T>[] = [];
  const attempt = async (rate: number): Promise<boolean> => {
    for (let run = 0; run < 2; run++) {
      const result = await step(rate);
      steps.push(result);
      if (result.clean) return true;
      if (!result.marginal) return false;
    }
    return false;
  };

  let low = 0;
  let high: number | undefined;
  for (let rate = Math.min(start, ceiling); high === undefined; rate = Math.min(rate * 2, ceiling)) {
    if (await attempt(rate)) {
      low = rate;
      if (rate === ceiling) return { rate, failedAt: undefined, steps };
    } else {
      high = rate;
    }
  }
  for (let i = 0; i < refinements; i++) {
    const middle = Math.round((low + high) / 2);
    if (middle === low || middle === high) break;
    if (await attempt(middle)) low = middle;
    else high = middle;
  }
  return { rate: low, failedAt: high, steps };
}
