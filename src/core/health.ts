/**
 * Health checks behind `/healthz`: the core registers its own (gateway, database, scheduler) and a
 * feature may add one for work that can get stuck (prompts: runs claimed but never posted). A check
 * answers ok or not with a short detail; one that throws or takes over 2 s counts as failing.
 */
import type { AppDeps } from './context.js';

export interface HealthResult {
  readonly ok: boolean;
  readonly detail?: string;
}

export type HealthCheck = () => HealthResult | Promise<HealthResult>;

export interface HealthReport {
  readonly ok: boolean;
  readonly checks: Readonly<Record<string, HealthResult>>;
}

const CHECK_TIMEOUT_MS = 2_000;
const registries = new WeakMap<AppDeps, Map<string, HealthCheck>>();

export function registerHealthCheck(app: AppDeps, name: string, check: HealthCheck): void {
  let checks = registries.get(app);
  if (checks === undefined) {
    checks = new Map();
    registries.set(app, checks);
  }
  checks.set(name, check);
}

async function run(check: HealthCheck): Promise<HealthResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<HealthResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check of the app at once. */
export async function checkHealth(app: AppDeps): Promise<HealthReport> {
  const entries = [...(registries.get(app) ?? new Map<string, HealthCheck>())];
  const results = await Promise.all(
    entries.map(async ([name, check]) => [name, await run(check)] as const),
  );
  return { ok: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}
