/**
 * `npm start` (`node dist/index.js`, built by `npm run build`; `npm run dev` runs this file through
 * tsx): checks the configuration, opens and checks the database (lock, write probe, migrations),
 * reaches Discord and connects. Every start-up problem a person can fix is one line on stderr and
 * exit code 1, never a stack trace. On the very first start at a terminal, with no token yet, it
 * asks for one (see run/first-run.ts). Slash commands are deployed when their definitions changed.
 *
 * SIGTERM and SIGINT stop it gracefully within {@link SHUTDOWN_BUDGET_MS} at any point, also while
 * it is still starting. `npm start` execs node (no shell in between), so a signal sent to the npm
 * process reaches this one, and npm exits when it does.
 */
import { config as loadDotenv } from 'dotenv';
import { Events } from 'discord.js';
import { createHearth, SHUTDOWN_BUDGET_MS, type Hearth } from './app.js';
import { DEFAULT_HTTP_HOST, parseConfig, type Config } from './core/config.js';
import type { Db } from './core/db/database.js';
import { InstanceLockedError } from './core/db/instance-lock.js';
import { createLogger, type Logger } from './core/log.js';
import { commands } from './features/index.js';
import { INVITE_PERMISSIONS } from './features/guilds/health.discord.js';
import { DatabaseProblem, openCheckedDatabase } from './run/database-check.js';
import { deployIfChanged, scopeOf } from './run/deploy.js';
import {
  gatewayRefusal,
  intentsLine,
  reachDiscord,
  refusedIntents,
  TOKEN_REFUSED,
  TokenRefusedError,
} from './run/discord-connect.js';
import { envFileWarning, firstRun, isInteractive } from './run/first-run.js';
import { HttpPortProblem, startHttpEndpoint, type HttpEndpoint } from './core/http.js';
import type { Metrics } from './core/metrics.js';
import { VERSION } from './core/version.js';

/**
 * What a signal does at this point of the start-up. Before anything is open there is nothing to
 * close: the process just ends, with code 0 as after a normal stop.
 */
let onSignal: (signal: NodeJS.Signals) => void = () => process.exit(0);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    onSignal(signal);
  });
}

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`hearth: ${line}\n`);
  process.exit(1);
}

/** The configuration; at a terminal without a token, the first-run flow supplies the token. */
async function configure(): Promise<Config> {
  loadDotenv({ quiet: true });
  const exposed = envFileWarning('.env');
  if (exposed !== undefined) process.stderr.write(`hearth: ${exposed}\n`);
  let parsed = parseConfig(process.env);
  const noToken = (process.env.DISCORD_TOKEN ?? '').trim() === '';
  const terminal = { input: process.stdin, output: process.stdout };
  if (!parsed.ok && noToken && parsed.problems.length === 1 && isInteractive(terminal)) {
    const apiBase = parseConfig({ ...process.env, DISCORD_TOKEN: 'a.b.c' });
    const result = await firstRun({
      terminal,
      apiBase: apiBase.ok ? apiBase.config.DISCORD_API_BASE : undefined,
      envFile: '.env',
      permissions: INVITE_PERMISSIONS,
    });
    if (!result.ok) fail([result.line]);
    process.env.DISCORD_TOKEN = result.token;
    parsed = parseConfig(process.env);
  }
  if (!parsed.ok) fail(parsed.problems);
  return parsed.config;
}

/** Deploys the slash commands when their definitions changed; a failure keeps the old ones. */
async function deployAtStart(hearth: Hearth, config: Config, db: Db, logger: Logger) {
  const applicationId = hearth.client.application?.id ?? hearth.client.user?.id;
  if (applicationId === undefined) return;
  const target = { applicationId, guildId: config.DEV_GUILD_ID };
  const scope = scopeOf(target);
  try {
    const body = commands.map((command) => command.data);
    const count = await deployIfChanged(hearth.client.rest, target, body, db, Date.now());
    if (count === undefined)
      logger.info({ scope }, 'slash commands unchanged since the last deploy');
    else {
      logger.info({ scope, count }, 'deployed slash commands (their definitions changed)');
      // New commands have new ids: messages mention the ones Discord now has.
      await hearth.refreshCommandIds();
    }
  } catch (error) {
    logger.warn(
      { scope, err: error },
      'could not deploy slash commands; the previous ones stay (npm run deploy-commands retries)',
    );
  }
}

async function main(config: Config): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });

  let checked;
  try {
    checked = await openCheckedDatabase(config.DATABASE_PATH);
  } catch (error) {
    if (error instanceof InstanceLockedError || error instanceof DatabaseProblem)
      fail([error.message]);
    throw error;
  }
  const { db, lock } = checked;
  for (const migration of checked.migrations)
    logger.info({ migration }, 'applied database migration');
  let endpoint: HttpEndpoint | undefined;
  const close = async () => {
    await endpoint?.close();
    await db.destroy();
    lock.release();
    logger.flush();
  };
  onSignal = () => void close().finally(() => process.exit(0));

  // Nothing a handler does may end the process: log it and keep serving the other servers.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled promise rejection'),
  );
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

  // prom-client loads only when metrics are asked for.
  let metrics: Metrics | undefined;
  if (config.HTTP_PORT !== undefined)
    metrics = (await import('./core/metrics-prom.js')).createPromMetrics();
  const hearth = createHearth({
    config,
    db,
    logger,
    ...(metrics === undefined ? {} : { metrics }),
  });
  if (config.HTTP_PORT !== undefined) {
    try {
      endpoint = await startHttpEndpoint({
        host: config.HTTP_HOST ?? DEFAULT_HTTP_HOST,
        port: config.HTTP_PORT,
        health: () => hearth.health(),
        metrics: () => hearth.metrics.render(),
      });
    } catch (error) {
      await close();
      if (error instanceof HttpPortProblem) fail([error.message]);
      throw error;
    }
    logger.info(
      { host: config.HTTP_HOST ?? DEFAULT_HTTP_HOST, port: endpoint.port },
      'health and metrics: GET /healthz and /metrics',
    );
  }
  try {
    await reachDiscord({ token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE, logger });
  } catch (error) {
    await close();
    if (error instanceof TokenRefusedError) fail([TOKEN_REFUSED]);
    throw error;
  }
  if (stopping) return;

  let lastCloseCode: number | undefined;
  hearth.client.on(Events.ShardDisconnect, (event) => {
    lastCloseCode = event.code;
  });
  onSignal = (signal) => {
    logger.info({ signal }, 'shutting down');
    // If anything hangs, the process still ends within the budget.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      logger.flush();
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS).unref();
    void hearth
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
      .then(close)
      .finally(() => process.exit(0));
  };

  try {
    await hearth.start();
  } catch (error) {
    if (stopping) return;
    await close();
    const refusal = gatewayRefusal(error, lastCloseCode);
    if (refusal === 'token') fail([TOKEN_REFUSED]);
    if (refusal === 'intents') {
      const refused = await refusedIntents({
        token: config.DISCORD_TOKEN,
        apiBase: config.DISCORD_API_BASE,
        messageContent: config.ENABLE_MESSAGE_CONTENT,
      });
      fail([intentsLine(refused)]);
    }
    throw error;
  }
  logger.info({ user: hearth.client.user?.id, version: VERSION }, 'Hearth is online');
  await deployAtStart(hearth, config, db, logger);
}

configure()
  .then(main)
  .catch((error: unknown) => {
    fail([`could not start: ${error instanceof Error ? error.message : String(error)}`]);
  });
