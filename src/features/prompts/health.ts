/**
 * The prompts' outbox seen from outside: a run is claimed, then posted; one claimed and still not
 * posted long after is stuck (Discord refusing it every time, or a bug), which `/healthz` reports
 * and `/metrics` shows as depth and age.
 */
import type { AppDeps } from '../../core/context.js';
import { registerHealthCheck } from '../../core/health.js';
import { metricsOf } from '../../core/metrics.js';
import { claimedBacklog } from './repository.js';

/** A run normally posts within seconds of its claim; retries after a restart take a tick or two. */
export const STUCK_AFTER_MS = 15 * 60_000;

async function pending(app: AppDeps): Promise<{ count: number; oldest: number | null }> {
  return claimedBacklog(app.db);
}

export function observePrompts(app: AppDeps): void {
  registerHealthCheck(app, 'prompt-runs', async () => {
    const { count, oldest } = await pending(app);
    const age = oldest === null ? 0 : app.now() - oldest;
    return age <= STUCK_AFTER_MS
      ? { ok: true }
      : {
          ok: false,
          detail: `${count} prompt runs claimed but not posted, the oldest for ${Math.round(age / 60_000)} min`,
        };
  });
  const metrics = metricsOf(app);
  metrics.gauge({
    name: 'hearth_prompt_runs_pending',
    help: 'Prompt runs claimed and not yet posted (the outbox depth).',
    collect: async () => (await pending(app)).count,
  });
  metrics.gauge({
    name: 'hearth_prompt_runs_oldest_pending_seconds',
    help: 'Age of the oldest prompt run claimed and not yet posted; 0 when none.',
    collect: async () => {
      const { oldest } = await pending(app);
      return oldest === null ? 0 : (app.now() - oldest) / 1000;
    },
  });
}
