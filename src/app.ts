import { randomBytes } from 'node:crypto';
import { Events, type Client, type ClientEvents } from 'discord.js';
import cron, { type ScheduledTask } from 'node-cron';
import { commands as allCommands, components as allComponents } from '../commands/index.js';
import type { Config } from './core/config.js';
import { loadSecret } from './core/secret.js';
import { checkpoint, type Db } from './core/db/database.js';
import { localeFromDiscord } from './i18n/index.js';
import type { Logger } from './core/log.js';
import {
  ensureGuild,
  markAbsentGuildsLeft,
  markGuildLeft,
  purgeDepartedGuilds,
} from './core/guilds.js';
import { createDiscordClient } from './core/client.js';
import type { AppDeps } from './core/context.js';
import type { Command, ComponentHandler } from './core/handlers.js';
import { InteractionRouter } from './core/router.js';
import {
  MEMBER_EVENTS,
  onMemberEvent,
  reconcileOnboarding,
  type MemberEventData,
} from './features/onboarding/discord.js';
import { expireSeatOffers, reconcileAllMemberships } from './features/membership/discord.js';
import { createPacer, runPromptTick } from './features/prompts/discord.js';
import { recordReply } from './features/prompts/schedules.js';
import { PollRenderer, runPollTick } from './features/polls/discord.js';
import { EventIngester, foldOldEvents, postDigests } from './features/insights/discord.js';
import { recordMemberEvent } from './features/insights/service.js';
import { usePollRenderer } from '../commands/poll.js';
import { recordActivity } from './features/membership/service.js';
import {
  GatewayDispatchEvents,
  type GatewayMessageCreateDispatchData,
  type GatewayThreadCreateDispatchData,
} from 'discord.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the WAL is checkpointed, off the request path. */
const CHECKPOINT_EVERY_MS = 30_000;
/** SIGINT/SIGTERM must have closed everything within this time. */
export const SHUTDOWN_BUDGET_MS = 5_000;

export interface HearthOptions {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Tests add handlers of their own; the bot uses `commands/index.ts`. */
  readonly commands?: readonly Command[];
  readonly components?: readonly ComponentHandler[];
  readonly autoDeferMs?: number;
}

export interface Hearth {
  readonly client: Client;
  readonly router: InteractionRouter;
  /** Logs in and resolves once the client is ready and guilds are reconciled. */
  start(): Promise<void>;
  /** Stops intake, lets handlers in flight finish, and disconnects, within {@link SHUTDOWN_BUDGET_MS}. */
  stop(): Promise<void>;
  /** The minute ticker's work (seat offers, prompts, polls, digests); tests call it with a fake clock. */
  tick(): Promise<void>;
  /** Writes buffered message events now (tests; the bot flushes every second). */
  flushEvents(): Promise<void>;
}

/**
 * Wires Hearth together: the discord.js client, the interaction router, gateway event handlers
 * and scheduled jobs, around services that receive the database as an argument.
 */
export function createHearth(options: HearthOptions): Hearth {
  const { config, db, logger } = options;
  const now = options.now ?? Date.now;
  const app: AppDeps = {
    config,
    db,
    logger,
    now,
    pacer: createPacer(),
    secret: loadSecret(config.DATABASE_PATH, config.POLL_SECRET),
  };
  const client = createDiscordClient({
    apiBase: config.DISCORD_API_BASE,
    messageContent: config.ENABLE_MESSAGE_CONTENT,
  });
  const router = new InteractionRouter({
    app,
    commands: options.commands ?? allCommands,
    components: options.components ?? allComponents,
    ...(options.autoDeferMs === undefined ? {} : { autoDeferMs: options.autoDeferMs }),
  });
  const pollRenderer = new PollRenderer(app, client);
  const ingester = new EventIngester(app, client);
  client.ws.on(GatewayDispatchEvents.ThreadCreate, (thread: GatewayThreadCreateDispatchData) =>
    ingester.onThreadCreate(thread),
  );
  usePollRenderer(pollRenderer);
  const jobs: ScheduledTask[] = [];
  let checkpoints: NodeJS.Timeout | undefined;
  let reconciled: Promise<void> | undefined;

  /** Every gateway handler runs inside this guard: an error is logged, never thrown at discord.js. */
  function on<E extends keyof ClientEvents>(
    event: E,
    handler: (...args: ClientEvents[E]) => Promise<void> | void,
  ): void {
    client.on(event, (...args: ClientEvents[E]) => {
      Promise.resolve()
        .then(() => handler(...args))
        .catch((error: unknown) =>
          logger.error(
            { err: error, ref: randomBytes(4).toString('hex'), event },
            'gateway event handler failed',
          ),
        );
    });
  }

  on(Events.InteractionCreate, (interaction) => router.handle(interaction));
  on(Events.GuildCreate, async (guild) => {
    await ensureGuild(db, guild.id, {
      now: now(),
      preferredLocale: localeFromDiscord(guild.preferredLocale),
    });
    logger.info({ guild: guild.id }, 'joined a guild');
  });
  on(Events.GuildDelete, async (guild) => {
    // discord.js reports outages as guildUnavailable; guildDelete means the bot was removed.
    await markGuildLeft(db, guild.id, now());
    logger.info(
      { guild: guild.id, retentionDays: config.GUILD_DATA_RETENTION_DAYS },
      'removed from a guild; its data will be purged after the retention window',
    );
  });
  // Member events straight from the gateway payloads: they must not depend on the member cache.
  for (const event of MEMBER_EVENTS) {
    client.ws.on(event, (data: MemberEventData) => {
      if (event !== GatewayDispatchEvents.GuildMemberUpdate && data.user.bot !== true) {
        recordMemberEvent(
          db,
          data.guild_id,
          data.user.id,
          event === GatewayDispatchEvents.GuildMemberAdd ? 'join' : 'leave',
          now(),
        ).catch((error: unknown) =>
          logger.error({ err: error }, 'could not record a join or leave'),
        );
      }
      onMemberEvent(app, client, event, data).catch((error: unknown) =>
        logger.error(
          { err: error, ref: randomBytes(4).toString('hex'), event },
          'gateway event handler failed',
        ),
      );
    });
  }
  // Who wrote when (never what): activity for "inactive for N weeks", written at most hourly.
  const lastSeen = new Map<string, number>();
  client.ws.on(GatewayDispatchEvents.MessageCreate, (message: GatewayMessageCreateDispatchData) => {
    // Insights: who wrote where and when (never what), batched.
    ingester
      .onMessage(message)
      .catch((error: unknown) => logger.error({ err: error }, 'could not record a message event'));
    if (
      message.guild_id === undefined ||
      message.author.bot === true ||
      message.webhook_id !== undefined
    )
      return;
    // A reply in a prompt's thread counts for that prompt (who and when).
    recordReply(
      db,
      message.guild_id,
      message.channel_id,
      message.id,
      message.author.id,
      Date.parse(message.timestamp),
    ).catch((error: unknown) => logger.error({ err: error }, 'could not record a prompt reply'));
    const key = `${message.guild_id}:${message.author.id}`;
    const at = now();
    if ((lastSeen.get(key) ?? 0) > at - 3_600_000) return;
    lastSeen.set(key, at);
    if (lastSeen.size > 50_000) lastSeen.clear();
    recordActivity(db, message.guild_id, message.author.id, at).catch((error: unknown) =>
      logger.error({ err: error }, 'could not record activity'),
    );
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  // discord.js's own diagnostics (gateway, REST, rate limits); they pass through the token scrubber.
  if (logger.isLevelEnabled('trace'))
    client.on(Events.Debug, (message) => logger.trace({ message }, 'discord.js debug'));
  client.on(Events.ShardError, (error, shard) =>
    logger.warn({ err: error, shard }, 'gateway connection error'),
  );

  /** Guilds joined or left while Hearth was offline: the gateway does not replay those events. */
  async function reconcileGuilds(): Promise<void> {
    const at = now();
    for (const guild of client.guilds.cache.values()) {
      await ensureGuild(db, guild.id, {
        now: at,
        preferredLocale: localeFromDiscord(guild.preferredLocale),
      });
    }
    const marked = await markAbsentGuildsLeft(db, [...client.guilds.cache.keys()], at);
    if (marked > 0)
      logger.info({ count: marked }, 'guilds removed while offline marked as departed');
    await reconcileOnboarding(app, client);
    await reconcileAllMemberships(app, client);
    // Prompts that fell due while Hearth was offline: posted now if still inside the catch-up window.
    await runPromptTick(app, client, app.pacer);
  }

  async function tick(): Promise<void> {
    await expireSeatOffers(app, client);
    await runPromptTick(app, client, app.pacer);
    await runPollTick(app, client, pollRenderer);
    await postDigests(app, client);
  }

  async function purge(): Promise<void> {
    const purged = await purgeDepartedGuilds(db, now(), config.GUILD_DATA_RETENTION_DAYS * DAY_MS);
    if (purged.length > 0) logger.info({ guilds: purged }, 'purged the data of departed guilds');
  }

  return {
    client,
    router,
    tick,
    flushEvents: () => ingester.flush(),
    async start() {
      const ready = new Promise<void>((resolve) => {
        client.once(Events.ClientReady, (c) => {
          logger.info({ user: c.user.id, guilds: c.guilds.cache.size }, 'connected to Discord');
          reconciled = reconcileGuilds().then(purge, (error: unknown) =>
            logger.error({ err: error }, 'guild reconciliation failed'),
          );
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
      await reconciled;
      jobs.push(
        cron.schedule(
          '* * * * *',
          () => tick().catch((error: unknown) => logger.error({ err: error }, 'minute job failed')),
          { name: 'minute-tick', noOverlap: true },
        ),
        cron.schedule(
          '5 3 * * *',
          () =>
            foldOldEvents(app).catch((error: unknown) =>
              logger.error({ err: error }, 'fold job failed'),
            ),
          { name: 'fold-events', noOverlap: true },
        ),
        cron.schedule(
          '17 * * * *',
          () => purge().catch((error: unknown) => logger.error({ err: error }, 'purge job failed')),
          {
            name: 'purge-departed-guilds',
            noOverlap: true,
          },
        ),
      );
    },
    async stop() {
      const deadline = Date.now() + SHUTDOWN_BUDGET_MS;
      router.stopIntake();
      clearInterval(checkpoints);
      pollRenderer.stop();
      await ingester.flush();
      for (const job of jobs) await job.stop();
      const drained = await router.drain(Math.max(0, deadline - Date.now() - 1_000));
      if (!drained)
        logger.warn(
          { inFlight: router.inFlight },
          'shutting down with interactions still in flight',
        );
      await reconciled;
      await client.destroy();
    },
  };
}
