import { randomBytes } from 'node:crypto';
import { Events, RESTEvents, Routes, Status, type Client, type ClientEvents } from 'discord.js';
import { sql } from 'kysely';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from './core/config.js';
import { checkpoint, type Db } from './core/db/database.js';
import type { Logger } from './core/log.js';
import { createDiscordClient } from './core/client.js';
import type { AppDeps } from './core/context.js';
import type { Feature, FeatureContext, Job } from './core/feature.js';
import type { Command, ComponentHandler } from './core/handlers.js';
import { InteractionRouter } from './core/router.js';
import { checkHealth, registerHealthCheck, type HealthReport } from './core/health.js';
import { bindMetrics, noMetrics, type Metrics } from './core/metrics.js';
import { memberDataEntries, registerMemberData } from './core/member-data.js';
import {
  createOutbox,
  createOutboxRest,
  outboxHealth,
  type OutboxRest,
  type Timers,
} from './core/outbox/index.js';
import type { Window } from './core/pacer.js';
import { roleFactsOf } from './core/authority.discord.js';
import {
  features as allFeatures,
  commands as allCommands,
  components as allComponents,
} from './features/index.js';

/** How often the WAL is checkpointed, off the request path. */
const CHECKPOINT_EVERY_MS = 30_000;
/** SIGINT/SIGTERM must have closed everything within this time. */
export const SHUTDOWN_BUDGET_MS = 5_000;
/** The schedule of the jobs that make up {@link Hearth.tick}. */
const EVERY_MINUTE = '* * * * *';

export interface HearthOptions {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Tests add handlers of their own; the bot uses every feature's. */
  readonly commands?: readonly Command[];
  readonly components?: readonly ComponentHandler[];
  readonly features?: readonly Feature[];
  readonly autoDeferMs?: number;
  /** Where metrics go (prom-client's registry when HTTP_PORT is set); none by default. */
  readonly metrics?: Metrics;
  /** Tests and benchmarks: the outbox's REST client, clock and pacing. */
  readonly outbox?: {
    readonly rest?: OutboxRest;
    readonly timers?: Timers;
    readonly pacing?: { readonly perChannel?: Window; readonly global?: Window };
  };
}

export interface Hearth {
  readonly client: Client;
  readonly router: InteractionRouter;
  /** Logs in and resolves once the client is ready and every feature has reconciled. */
  start(): Promise<void>;
  /** Stops intake, lets handlers in flight finish, and disconnects, within {@link SHUTDOWN_BUDGET_MS}. */
  stop(): Promise<void>;
  /**
   * Every feature's minute jobs, in feature order, then the outbox until nothing due is left;
   * tests call it with a fake clock.
   */
  tick(): Promise<void>;
  /**
   * Reads the slash commands' ids from Discord (where they are deployed: DEV_GUILD_ID or
   * globally), so messages name them as clickable mentions. Done at start and after a deploy;
   * without ids, messages name commands as text.
   */
  refreshCommandIds(): Promise<void>;
  /** Waits until the outbox has carried out everything due. */
  drainOutbox(): Promise<void>;
  /** Writes whatever features buffer (message events) now; the bot flushes on its own timers. */
  flushEvents(): Promise<void>;
  /** Every health check: gateway, database, scheduler, and the features' own. */
  health(): Promise<HealthReport>;
  readonly metrics: Metrics;
  /** Runs the jobs of this name now, whatever their schedule (tests, with a fake clock). */
  runJob(name: string): Promise<void>;
}

/** Scheduled jobs that have not run for this long mean the scheduler is stuck. */
const JOBS_STUCK_MS = 3 * 60_000;
/** A due outbox row waiting this long means the outbox is stuck (retries back off far less). */
const OUTBOX_STUCK_MS = 15 * 60_000;

/**
 * Wires Hearth together: the discord.js client, the interaction router, and each feature's
 * commands, components, gateway handlers, jobs and start-up work. Nothing here knows a feature.
 */
export function createHearth(options: HearthOptions): Hearth {
  const { config, db, logger } = options;
  const features = options.features ?? allFeatures;
  // Filled once Discord tells the commands' ids (see refreshCommandIds): mentions become clickable.
  const commandIds = new Map<string, string>();
  const app: AppDeps = { config, db, logger, now: options.now ?? Date.now, commandIds };
  const metrics = options.metrics ?? noMetrics;
  bindMetrics(app, metrics);
  registerMemberData(app, memberDataEntries(features));
  for (const feature of features) feature.init?.(app);
  const client = createDiscordClient({
    apiBase: config.DISCORD_API_BASE,
    messageContent: config.ENABLE_MESSAGE_CONTENT,
  });
  const ctx: FeatureContext = { app, client };
  // Everything Hearth tells Discord on its own goes through this one worker.
  const outbox = createOutbox({
    app,
    rest:
      options.outbox?.rest ??
      createOutboxRest({ token: config.DISCORD_TOKEN, api: config.DISCORD_API_BASE }),
    handlers: features.flatMap((feature) => feature.effects ?? []),
    botUserId: () => client.user?.id,
    guildName: (guildId) => client.guilds.cache.get(guildId)?.name,
    guildRoles: (guildId) => client.guilds.cache.get(guildId)?.roles.cache.map(roleFactsOf),
    ...(options.outbox?.timers === undefined ? {} : { timers: options.outbox.timers }),
    ...(options.outbox?.pacing === undefined ? {} : { pacing: options.outbox.pacing }),
  });
  const router = new InteractionRouter({
    app,
    commands: options.commands ?? allCommands,
    components: options.components ?? allComponents,
    ...(options.autoDeferMs === undefined ? {} : { autoDeferMs: options.autoDeferMs }),
  });
  const tasks: ScheduledTask[] = [];
  let checkpoints: NodeJS.Timeout | undefined;
  let started: Promise<void> | undefined;

  /** One failure touches only its own item: it is logged with a reference, never thrown. */
  async function guarded(
    failure: string,
    fields: Record<string, string>,
    work: () => unknown,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error, ref: randomBytes(4).toString('hex'), ...fields }, failure);
    }
  }

  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  for (const feature of features) {
    for (const handler of feature.gatewayHandlers ?? []) {
      client.ws.on(handler.event, (data: unknown) => {
        void guarded(
          'gateway event handler failed',
          { event: handler.event, feature: feature.name },
          () => handler.handle(ctx, data as never),
        );
      });
    }
    for (const handler of feature.clientEvents ?? []) {
      client.on(handler.event, (...args: ClientEvents[keyof ClientEvents]) => {
        void guarded(
          'gateway event handler failed',
          { event: handler.event, feature: feature.name },
          () => handler.handle(ctx, ...args),
        );
      });
    }
  }
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  // discord.js's own diagnostics (gateway, REST, rate limits); they pass through the token scrubber.
  if (logger.isLevelEnabled('trace')) {
    client.on(Events.Debug, (message) => logger.trace({ message }, 'discord.js debug'));
    // REST debug lines name routes with interaction tokens in them (rate limits): log.ts scrubs them.
    client.rest.on(RESTEvents.Debug, (message) =>
      logger.trace({ message }, 'discord.js REST debug'),
    );
  }
  // The message only: a stack trace of discord.js's internals helps nobody, and the errors that
  // stop a start (refused token or intents) are reported by src/index.ts in one line.
  client.on(Events.ShardError, (error, shard) =>
    logger.warn(
      { err: { name: error.name, message: error.message }, shard },
      'gateway connection error',
    ),
  );

  const jobs: { feature: Feature; job: Job }[] = features.flatMap((feature) =>
    (feature.jobs ?? []).map((job) => ({ feature, job })),
  );
  let jobsRanAt: number | undefined;
  let schedulerLagSeconds = 0;
  async function runJobs(schedule: string): Promise<void> {
    jobsRanAt = Date.now();
    // Every schedule fires on a minute boundary: how late this run started is the scheduler's lag.
    schedulerLagSeconds = (jobsRanAt % 60_000) / 1000;
    for (const { feature, job } of jobs) {
      if (job.schedule !== schedule) continue;
      await guarded('job failed', { job: job.name, feature: feature.name }, () => job.run(ctx));
    }
  }

  registerHealthCheck(app, 'gateway', () => {
    // Each shard's own status: the manager's stays Ready once reached, even while reconnecting.
    const down = client.ws.shards.find((shard) => shard.status !== Status.Ready);
    if (client.ws.shards.size === 0) return { ok: false, detail: 'not connected' };
    return down === undefined
      ? { ok: true }
      : {
          ok: false,
          detail: `shard ${down.id} not connected (${Status[down.status] ?? down.status})`,
        };
  });
  registerHealthCheck(app, 'database', async () => {
    // Takes the write lock (begin immediate) and lets it go: writable, not only readable.
    await db.transaction().execute((trx) => sql`select 1`.execute(trx));
    return { ok: true };
  });
  registerHealthCheck(app, 'outbox', async () => {
    // Due effects waiting long past their time mean the worker is stuck (or Discord refuses all).
    const { oldestDueMs, due } = await outboxHealth(db, app.now());
    return oldestDueMs <= OUTBOX_STUCK_MS
      ? { ok: true }
      : {
          ok: false,
          detail: `${due} effects due, the oldest waiting ${Math.round(oldestDueMs / 60_000)} min`,
        };
  });
  registerHealthCheck(app, 'scheduler', () => {
    if (tasks.length === 0 || jobsRanAt === undefined) return { ok: true, detail: 'not started' };
    const idle = Date.now() - jobsRanAt;
    return idle <= JOBS_STUCK_MS
      ? { ok: true }
      : { ok: false, detail: `minute jobs last ran ${Math.round(idle / 1000)} s ago` };
  });
  if (metrics.enabled) {
    const requests = metrics.counter({
      name: 'hearth_discord_requests_total',
      help: 'Requests to the Discord API, by method, route (ids replaced by :id) and status; 429 is a rate-limited answer.',
      labelNames: ['method', 'route', 'status'],
    });
    const limited = metrics.counter({
      name: 'hearth_discord_rate_limited_total',
      help: 'Times a Discord API request waited for a rate limit, by route and whether it was the global limit.',
      labelNames: ['route', 'global'],
    });
    client.rest.on('response', (request, response) =>
      requests.inc({
        method: request.method.toUpperCase(),
        route: request.route,
        status: String(response.status),
      }),
    );
    client.rest.on('rateLimited', (info) =>
      limited.inc({ route: info.route, global: String(info.global) }),
    );
    for (const [field, name, help] of [
      ['pending', 'hearth_outbox_pending', 'Effects waiting in the outbox (due or later).'],
      ['due', 'hearth_outbox_due', 'Outbox effects whose time has come and that are not done yet.'],
      [
        'oldestDueMs',
        'hearth_outbox_oldest_due_seconds',
        'How long the oldest due outbox effect has waited; 0 when none.',
      ],
      [
        'failedLastDay',
        'hearth_outbox_failed_last_day',
        'Outbox effects given up on in the last 24 hours.',
      ],
    ] as const) {
      metrics.gauge({
        name,
        help,
        collect: async () => {
          const value = (await outboxHealth(db, app.now()))[field];
          return field === 'oldestDueMs' ? value / 1000 : value;
        },
      });
    }
    metrics.gauge({
      name: 'hearth_scheduler_lag_seconds',
      help: 'How late after its minute the last run of the scheduled jobs started.',
      collect: () => schedulerLagSeconds,
    });
    metrics.gauge({
      name: 'hearth_scheduler_last_run_age_seconds',
      help: 'Seconds since the scheduled jobs last ran (about 60 at most when healthy).',
      collect: () => (jobsRanAt === undefined ? 0 : (Date.now() - jobsRanAt) / 1000),
    });
    metrics.gauge({
      name: 'hearth_database_size_bytes',
      help: 'Size of the SQLite database (pages in use and free), without the write-ahead log.',
      collect: async () => {
        const { rows } = await sql<{
          size: number;
        }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`.execute(
          db,
        );
        return Number(rows[0]?.size ?? 0);
      },
    });
    metrics.gauge({
      name: 'hearth_guilds',
      help: 'Servers Hearth is in.',
      collect: () => client.guilds.cache.size,
    });
    metrics.gauge({
      name: 'hearth_members',
      help: 'Members of all the servers Hearth is in, as Discord counts them.',
      collect: () => client.guilds.cache.reduce((sum, guild) => sum + guild.memberCount, 0),
    });
  }

  /** What happened while Hearth was offline: each feature reconciles, one failure stops none. */
  async function startFeatures(): Promise<void> {
    for (const feature of features) {
      if (feature.start === undefined) continue;
      await guarded('start-up work failed', { feature: feature.name }, () => feature.start?.(ctx));
    }
  }

  return {
    client,
    router,
    async tick() {
      await runJobs(EVERY_MINUTE);
      await outbox.worker.drain();
    },
    drainOutbox: () => outbox.worker.drain(),
    metrics,
    health: () => checkHealth(app),
    async refreshCommandIds() {
      const applicationId = client.application?.id ?? client.user?.id;
      if (applicationId === undefined) return;
      try {
        const route =
          config.DEV_GUILD_ID === undefined
            ? Routes.applicationCommands(applicationId)
            : Routes.applicationGuildCommands(applicationId, config.DEV_GUILD_ID);
        const deployed = (await client.rest.get(route)) as { id: string; name: string }[];
        commandIds.clear();
        for (const command of deployed) commandIds.set(command.name, command.id);
      } catch (error) {
        logger.warn({ err: error }, 'could not read the slash commands’ ids; mentions stay text');
      }
    },
    async runJob(name) {
      const matching = jobs.filter(({ job }) => job.name === name);
      if (matching.length === 0) throw new Error(`no job is named ${name}`);
      for (const { feature, job } of matching)
        await guarded('job failed', { job: job.name, feature: feature.name }, () => job.run(ctx));
    },
    async flushEvents() {
      for (const feature of features) await feature.flush?.(ctx);
    },
    async start() {
      const ready = new Promise<void>((resolve) => {
        client.once(Events.ClientReady, (c) => {
          logger.info({ user: c.user.id, guilds: c.guilds.cache.size }, 'connected to Discord');
          outbox.worker.start();
          started = startFeatures();
          resolve();
        });
      });
      checkpoints = setInterval(() => {
        try {
          checkpoint(db);
        } catch (error) {
          logger.warn({ err: error }, 'database checkpoint failed');
        }
      }, CHECKPOINT_EVERY_MS).unref();
      await client.login(config.DISCORD_TOKEN);
      await ready;
      await this.refreshCommandIds();
      await started;
      jobsRanAt ??= Date.now();
      for (const schedule of new Set(jobs.map(({ job }) => job.schedule))) {
        tasks.push(
          cron.schedule(schedule, () => runJobs(schedule), {
            name: `jobs ${schedule}`,
            noOverlap: true,
          }),
        );
      }
    },
    async stop() {
      const deadline = Date.now() + SHUTDOWN_BUDGET_MS;
      router.stopIntake();
      clearInterval(checkpoints);
      for (const feature of features)
        await guarded('shutdown work failed', { feature: feature.name }, () => feature.stop?.(ctx));
      for (const task of tasks) await task.stop();
      const drained = await router.drain(Math.max(0, deadline - Date.now() - 2_500));
      if (!drained)
        logger.warn(
          { inFlight: router.inFlight },
          'shutting down with interactions still in flight',
        );
      await started;
      // Effects in flight finish; the rest stays in the outbox for the next start.
      await outbox.worker.stop(Math.max(0, deadline - Date.now() - 1_000));
      outbox.close();
      await client.destroy();
    },
  };
}
