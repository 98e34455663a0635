import { randomBytes } from 'node:crypto';
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type Interaction,
  type Guild,
} from 'discord.js';
import { UserError } from './errors.js';
import { t, localeFromDiscord } from './i18n.js';
import { ensureGuild, getGuild, type GuildSettings } from './guilds.js';
import { InteractionContext, type AppDeps, type RepliableInteraction } from './context.js';
import { routeNameOf } from './custom-id.js';
import type { Audience, Command, ComponentHandler } from './handlers.js';
import { metricsOf, type CounterMetric, type HistogramMetric } from './metrics.js';

/** Discord invalidates an interaction not acknowledged within 3 s; defer well before that. */
export const AUTO_DEFER_MS = 2_000;
/** Autocomplete cannot be deferred: give up and answer with nothing before Discord's 3 s. */
const AUTOCOMPLETE_BUDGET_MS = 2_500;

export interface RouterOptions {
  readonly app: AppDeps;
  readonly commands: readonly Command[];
  readonly components: readonly ComponentHandler[];
  readonly autoDeferMs?: number;
}

/** How an interaction ended, for the metrics: `ignored` ones are not counted. */
type Outcome = 'ok' | 'user_error' | 'error' | 'unknown' | 'shutting_down' | 'ignored';

function kindOf(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton()) return 'button';
  if (interaction.isAnySelectMenu()) return 'select';
  if (interaction.isModalSubmit()) return 'modal';
  return 'other';
}

type Resolved =
  | { kind: 'command'; handler: Command; audience: Audience }
  | { kind: 'component'; handler: ComponentHandler; audience: Audience };

/**
 * The single entry point for interactions: slash commands, autocomplete, buttons, select menus
 * and modals. It is also the error boundary: whatever a handler throws, the member gets one answer,
 * and nothing escapes to crash the process.
 */
export class InteractionRouter {
  readonly #app: AppDeps;
  readonly #commands = new Map<string, Command>();
  readonly #components = new Map<string, ComponentHandler>();
  readonly #autoDeferMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #handled: CounterMetric;
  readonly #latency: HistogramMetric;
  #accepting = true;

  constructor(options: RouterOptions) {
    this.#app = options.app;
    this.#autoDeferMs = options.autoDeferMs ?? AUTO_DEFER_MS;
    const metrics = metricsOf(options.app);
    this.#handled = metrics.counter({
      name: 'hearth_interactions_total',
      help: 'Interactions handled, by kind (command, autocomplete, button, select, modal) and outcome (ok, user_error, error, unknown, shutting_down).',
      labelNames: ['kind', 'outcome'],
    });
    this.#latency = metrics.histogram({
      name: 'hearth_interaction_duration_seconds',
      help: 'Time from receiving an interaction to its handler finishing (answer sent), by kind.',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    });
    for (const command of options.commands) {
      if (this.#commands.has(command.data.name))
        throw new Error(`two commands are named ${command.data.name}`);
      this.#commands.set(command.data.name, command);
    }
    for (const component of options.components) {
      if (this.#components.has(component.route.name))
        throw new Error(`two component handlers serve route ${component.route.name}`);
      this.#components.set(component.route.name, component);
    }
  }

  /** Handles one interaction. Never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const work = this.#dispatch(interaction).then(
      (outcome) => {
        if (outcome === 'ignored') return;
        const kind = kindOf(interaction);
        this.#handled.inc({ kind, outcome });
        this.#latency.observe({ kind }, (performance.now() - started) / 1000);
      },
      (error: unknown) => {
        // Only reachable if the boundary itself failed (for example the logger threw).
        this.#app.logger.error({ err: error }, 'interaction router failed');
      },
    );
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** Stops taking new interactions: they get a short "restarting" answer instead. */
  stopIntake(): void {
    this.#accepting = false;
  }

  /** Waits for handlers in flight, at most `timeoutMs`. Resolves true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #dispatch(interaction: Interaction): Promise<Outcome> {
    if (interaction.isAutocomplete()) {
      await this.#autocomplete(interaction);
      return 'ok';
    }
    if (
      !interaction.isChatInputCommand() &&
      !interaction.isMessageComponent() &&
      !interaction.isModalSubmit()
    )
      return 'ignored';
    const locale = localeFromDiscord(interaction.locale);
    if (!this.#accepting) {
      await this.#answerRaw(interaction, t(locale, 'error.shuttingDown'));
      return 'shutting_down';
    }
    const resolved = this.#resolve(interaction);
    if (resolved === undefined) {
      this.#app.logger.info(
        { interaction: describe(interaction) },
        'interaction for an unknown command or component',
      );
      await this.#answerRaw(interaction, t(locale, 'error.unknownInteraction'));
      return 'unknown';
    }
    const started = performance.now();
    let outcome: Outcome = 'ok';
    let ctx: InteractionContext | undefined;
    let timer: NodeJS.Timeout | undefined;
    let failed = false;
    try {
      // A malformed or forged id for a known route gets the same answer whoever presses it.
      const args =
        resolved.kind === 'component' ? parseArgs(resolved.handler, interaction) : undefined;
      const guild = this.#guildOf(interaction, resolved, args);
      const settings = await this.#settings(guild);
      ctx = new InteractionContext(interaction, this.#app, guild, settings, resolved.handler.defer);
      const context = ctx;
      timer = setTimeout(() => {
        context
          .defer()
          .catch((error: unknown) =>
            this.#app.logger.warn(
              { err: error, interaction: describe(interaction) },
              'automatic defer failed',
            ),
          );
      }, this.#autoDeferMs);
      if (resolved.audience === 'managers' && !isManager(interaction, settings))
        throw new UserError('error.managersOnly');
      await this.#execute(resolved, ctx, args);
    } catch (error) {
      failed = true;
      outcome = error instanceof UserError ? 'user_error' : 'error';
      await this.#fail(interaction, ctx, error);
    } finally {
      clearTimeout(timer);
    }
    if (!failed && ctx !== undefined && !ctx.answered) {
      // A handler that returns without answering leaves the member looking at "thinking…" or a
      // failed interaction: that is a bug, and the member still gets an answer.
      outcome = 'error';
      await this.#fail(interaction, ctx, new Error('handler finished without answering'));
    }
    this.#app.logger.debug(
      { interaction: describe(interaction), ms: Math.round(performance.now() - started) },
      'interaction handled',
    );
    return outcome;
  }

  #resolve(interaction: RepliableInteraction): Resolved | undefined {
    if (interaction.isChatInputCommand()) {
      const handler = this.#commands.get(interaction.commandName);
      return (
        handler && {
          kind: 'command',
          handler,
          audience:
            handler.audienceOf?.(interaction.options.getSubcommand(false)) ?? handler.audience,
        }
      );
    }
    const handler = this.#components.get(routeNameOf(interaction.customId));
    if (handler === undefined) return undefined;
    const kindMatches =
      (handler.kind === 'button' && interaction.isButton()) ||
      (handler.kind === 'select' && interaction.isAnySelectMenu()) ||
      (handler.kind === 'modal' && interaction.isModalSubmit());
    return kindMatches ? { kind: 'component', handler, audience: handler.audience } : undefined;
  }

  async #execute(resolved: Resolved, ctx: InteractionContext, args: unknown): Promise<void> {
    const interaction = ctx.interaction;
    if (resolved.kind === 'command') {
      if (!interaction.isChatInputCommand())
        throw new Error('command handler for a non-command interaction');
      await resolved.handler.execute(ctx as InteractionContext<typeof interaction>);
      return;
    }
    await (resolved.handler.execute as (c: InteractionContext, a: unknown) => Promise<void>)(
      ctx,
      args,
    );
  }

  /**
   * The guild an interaction acts in: the one Discord put in it, or, for a component pressed in a
   * direct message, the one its custom id refers to (which the handler must then verify).
   */
  #guildOf(interaction: RepliableInteraction, resolved: Resolved, args: unknown): Guild {
    const fromArgs =
      resolved.kind === 'component' && resolved.handler.guildFromArgs !== undefined
        ? (resolved.handler.guildFromArgs as (a: unknown) => string)(args)
        : undefined;
    if (interaction.guildId !== null) {
      if (!interaction.inCachedGuild()) throw new UserError('error.guildOnly');
      // A button from one server's message replayed in another is not that server's button.
      if (fromArgs !== undefined && fromArgs !== interaction.guildId)
        throw new UserError('error.unknownInteraction');
      return interaction.guild;
    }
    const guild =
      fromArgs === undefined ? undefined : interaction.client.guilds.cache.get(fromArgs);
    if (guild === undefined) throw new UserError('error.guildOnly');
    return guild;
  }

  async #settings(guild: Guild): Promise<GuildSettings> {
    return (
      (await getGuild(this.#app.db, guild.id)) ??
      (await ensureGuild(this.#app.db, guild.id, {
        now: this.#app.now(),
        preferredLocale: localeFromDiscord(guild.preferredLocale),
      }))
    );
  }

  /** The error boundary: a translated message for expected problems, a reference id for bugs. */
  async #fail(
    interaction: RepliableInteraction,
    ctx: InteractionContext | undefined,
    error: unknown,
  ): Promise<void> {
    const locale = ctx?.locale ?? localeFromDiscord(interaction.locale);
    let message: string;
    if (error instanceof UserError) {
      message = t(locale, error.key, error.params, this.#app.commandIds);
      this.#app.logger.debug(
        { interaction: describe(interaction), key: error.key },
        'expected problem answered',
      );
    } else {
      const ref = randomBytes(4).toString('hex');
      this.#app.logger.error(
        { err: error, ref, interaction: describe(interaction) },
        'interaction handler failed',
      );
      message = t(locale, 'error.generic', { ref });
    }
    try {
      if (ctx !== undefined) await ctx.reply({ content: message });
      else await this.#answerRaw(interaction, message);
    } catch (replyError) {
      this.#app.logger.warn(
        { err: replyError, interaction: describe(interaction) },
        'could not tell the member about a problem',
      );
    }
  }

  /** Answers before a context exists (unknown command, shutting down, no guild). */
  async #answerRaw(interaction: RepliableInteraction, content: string): Promise<void> {
    try {
      const payload = { content, allowedMentions: { parse: [] } };
      if (interaction.replied || interaction.deferred)
        await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
    } catch (error) {
      this.#app.logger.warn(
        { err: error, interaction: describe(interaction) },
        'could not answer an interaction',
      );
    }
  }

  async #autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = this.#commands.get(interaction.commandName);
    let choices: readonly { name: string; value: string | number }[] = [];
    try {
      const guild = interaction.guild;
      if (this.#accepting && command?.autocomplete !== undefined && guild !== null) {
        const settings = await this.#settings(guild);
        // Suggestions show what the command works on (poll titles, questions): the same audience
        // as the command itself, or nothing.
        const audience =
          command.audienceOf?.(interaction.options.getSubcommand(false)) ?? command.audience;
        if (audience === 'managers' && !isManager(interaction, settings)) {
          await this.#respond(interaction, []);
          return;
        }
        const work = command.autocomplete({
          interaction,
          app: this.#app,
          guild,
          settings,
          locale: localeFromDiscord(interaction.locale),
        });
        let timer: NodeJS.Timeout | undefined;
        const budget = new Promise<readonly never[]>((resolve) => {
          timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS);
        });
        choices = await Promise.race([work, budget]);
        clearTimeout(timer);
      }
    } catch (error) {
      this.#app.logger.error(
        { err: error, ref: randomBytes(4).toString('hex'), interaction: describe(interaction) },
        'autocomplete failed',
      );
    }
    await this.#respond(interaction, choices);
  }

  async #respond(
    interaction: AutocompleteInteraction,
    choices: readonly { name: string; value: string | number }[],
  ): Promise<void> {
    try {
      await interaction.respond(choices.slice(0, 25));
    } catch (error) {
      this.#app.logger.warn(
        { err: error, interaction: describe(interaction) },
        'could not answer autocomplete',
      );
    }
  }
}

function parseArgs(handler: ComponentHandler, interaction: RepliableInteraction): unknown {
  if (interaction.isChatInputCommand())
    throw new Error('component handler for a command interaction');
  const args = handler.route.parse(interaction.customId);
  if (args === undefined) throw new UserError('error.unknownInteraction');
  return args;
}

/**
 * Manage Server (which Administrator implies), or the manager role set in `/hearth setup`.
 * `default_member_permissions` only hides commands by default; server admins can change that.
 */
export function isManager(
  interaction: RepliableInteraction | AutocompleteInteraction,
  settings: GuildSettings,
): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  const roleId = settings.managerRoleId;
  if (roleId === null || !interaction.inCachedGuild()) return false;
  return interaction.member.roles.cache.has(roleId);
}

/**
 * What a log line says about an interaction: the route, never its arguments or the member, so no
 * log line can tie a member to, say, an anonymous vote.
 */
function describe(
  interaction: Interaction | RepliableInteraction,
): Record<string, string | number> {
  const base = { id: interaction.id, type: interaction.type, guild: interaction.guildId ?? 'dm' };
  if (interaction.isCommand() || interaction.isAutocomplete())
    return { ...base, command: interaction.commandName };
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    // A custom id is echoed from a message; log only a route name shaped like Hearth's own.
    const route = routeNameOf(interaction.customId);
    return { ...base, route: /^[a-z][a-z0-9.-]{0,31}$/.test(route) ? route : '[unknown]' };
  }
  return base;
}
