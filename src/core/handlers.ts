import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type AnySelectMenuInteraction,
  type ApplicationCommandOptionChoiceData,
  type Guild,
} from 'discord.js';
import type { GuildSettings } from './guilds.js';
import type { Locale } from './i18n.js';
import type { AppDeps, DeferMode, InteractionContext } from './context.js';
import type { Route, RouteArgs } from './custom-id.js';
import { UserError } from './errors.js';
import {
  readArguments,
  readTypedSoFar,
  type ArgumentsOf,
  type AutocompleteChoice,
  type AutocompleteName,
  type BasicOption,
  type CommandDefinition,
  type SubcommandName,
  type TypedSoFar,
} from './command-options.js';

/** Who may run a command or press a component. Checked at run time, whatever Discord shows. */
export type Audience = 'everyone' | 'managers';

export interface AutocompleteContext {
  readonly interaction: AutocompleteInteraction;
  readonly app: AppDeps;
  readonly guild: Guild;
  readonly settings: GuildSettings;
  readonly locale: Locale;
}

/** One slash command: its API definition (deployed as is) and its handler. One module each in `commands/`. */
export interface Command {
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly audience: Audience;
  /**
   * Who may run one subcommand, and see its autocomplete: `audience`, or managers for the
   * subcommands an open command keeps to them (`audience` when absent). The router checks it
   * for both.
   */
  audienceOf?(subcommand: string | null): Audience;
  /** How to acknowledge if the handler has not answered within about 2 s. */
  readonly defer: DeferMode;
  execute(ctx: InteractionContext<ChatInputCommandInteraction>): Promise<void>;
  autocomplete?(ctx: AutocompleteContext): Promise<readonly ApplicationCommandOptionChoiceData[]>;
}

/** What a slash command handler receives as its context. */
export type CommandContext = InteractionContext<ChatInputCommandInteraction>;

/** One handler per subcommand of `D`, each with that subcommand's arguments. */
export type SubcommandHandlers<D extends CommandDefinition> = {
  readonly [S in SubcommandName<D>]: (
    ctx: CommandContext,
    args: ArgumentsOf<D>[S & keyof ArgumentsOf<D>],
  ) => Promise<void>;
};

/**
 * Suggests values for focused option `F`: `typed` is what the member typed in it, `soFar` what they
 * typed in the other options. Autocomplete cannot be deferred and answers with at most 25.
 */
export type AutocompleteHandler<D extends CommandDefinition, F extends string> = (
  ctx: AutocompleteContext,
  typed: string,
  soFar: TypedSoFar<D, F>,
) => Promise<readonly AutocompleteChoice<D, F>[]>;

type Execution<D extends CommandDefinition> = [SubcommandName<D>] extends [never]
  ? { readonly execute: (ctx: CommandContext, args: ArgumentsOf<D>) => Promise<void> }
  : { readonly subcommands: SubcommandHandlers<D> };

type Completion<D extends CommandDefinition> = [AutocompleteName<D>] extends [never]
  ? { readonly autocomplete?: never }
  : { readonly autocomplete: { readonly [F in AutocompleteName<D>]: AutocompleteHandler<D, F> } };

/**
 * How a command defined by `D` runs: who may run it, how it defers, and either one handler or one
 * per subcommand, plus one autocomplete handler per option that asks for autocomplete. A missing
 * handler, or one that reads an option the definition does not have, fails the typecheck.
 */
export type CommandSpec<D extends CommandDefinition> = {
  readonly audience: Audience;
  /**
   * In a command open to everyone, the subcommands only managers may run (`/intros setup`). The
   * router refuses them, and their options' autocomplete, to anyone else.
   */
  readonly managerSubcommands?: readonly SubcommandName<D>[];
  readonly defer: DeferMode;
} & Execution<D> &
  Completion<D>;

type AnyHandler = (ctx: CommandContext, args: unknown) => Promise<void>;
type AnyCompleter = (
  ctx: AutocompleteContext,
  typed: string,
  soFar: unknown,
) => Promise<readonly ApplicationCommandOptionChoiceData[]>;

const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * A slash command from its definition (deployed as is) and its handlers. The options are read
 * from the interaction once, into the types {@link ArgumentsOf} gives them, and the subcommand's
 * handler is called with them.
 */
export function defineCommand<const D extends CommandDefinition>(
  data: D,
  spec: CommandSpec<D>,
): Command {
  const top = data.options ?? [];
  const scopes = new Map<string, readonly BasicOption[]>();
  for (const item of top)
    if (item.type === ApplicationCommandOptionType.Subcommand)
      scopes.set(item.name, item.options ?? []);
  const basic = top.filter(
    (o): o is BasicOption => o.type !== ApplicationCommandOptionType.Subcommand,
  );
  const handlers = 'subcommands' in spec ? (spec.subcommands as Record<string, AnyHandler>) : {};
  const execute = 'execute' in spec ? (spec.execute as AnyHandler) : undefined;
  const completers = (spec.autocomplete ?? {}) as Record<string, AnyCompleter>;
  // The types already require both; a cast somewhere must not leave an interaction unanswered.
  const sameNames = (a: Iterable<string>, b: Iterable<string>) =>
    [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
  if (execute === undefined && !sameNames(Object.keys(handlers), scopes.keys()))
    throw new Error(`command ${data.name}: handlers do not match its subcommands`);
  const autocompleted = [basic, ...scopes.values()]
    .flat()
    .filter((o) => o.autocomplete === true)
    .map((o) => o.name);
  if (!sameNames(Object.keys(completers), autocompleted))
    throw new Error(`command ${data.name}: autocomplete handlers do not match its options`);
  const managerSubcommands = new Set<string>(spec.managerSubcommands ?? []);

  return {
    // The same JSON, typed as the API body the deploy script and the router expect.
    data: data as unknown as RESTPostAPIChatInputApplicationCommandsJSONBody,
    audience: spec.audience,
    audienceOf: (subcommand) =>
      subcommand !== null && managerSubcommands.has(subcommand) ? 'managers' : spec.audience,
    defer: spec.defer,
    async execute(ctx) {
      const options = ctx.interaction.options;
      if (execute !== undefined) return execute(ctx, readArguments(options, basic));
      const name = options.getSubcommand(true);
      const scope = scopes.get(name);
      const handler = own(handlers, name);
      // Only a command deployed from an older definition can name a subcommand this one lacks.
      if (scope === undefined || handler === undefined)
        throw new UserError('error.unknownInteraction');
      return handler(ctx, readArguments(options, scope));
    },
    ...(autocompleted.length === 0
      ? {}
      : {
          async autocomplete(ctx: AutocompleteContext) {
            const options = ctx.interaction.options;
            const focused = options.getFocused(true);
            const completer = own(completers, focused.name);
            if (completer === undefined) return [];
            const scope =
              execute === undefined ? scopes.get(options.getSubcommand(false) ?? '') : basic;
            if (scope === undefined) return [];
            return completer(
              ctx,
              String(focused.value),
              readTypedSoFar(options, scope, focused.name),
            );
          },
        }),
  };
}

type ComponentInteraction = {
  button: ButtonInteraction;
  select: AnySelectMenuInteraction;
  modal: ModalSubmitInteraction;
};

/** A handler for buttons, select menus or modals whose custom id belongs to `route`. */
export interface ComponentHandler<
  K extends keyof ComponentInteraction = keyof ComponentInteraction,
  S extends Route = Route,
> {
  readonly kind: K;
  readonly route: S;
  readonly audience: Audience;
  readonly defer: DeferMode;
  /**
   * For components that also work in direct messages (the onboarding Start button): the guild the
   * custom id refers to. Only a reference: in a guild the interaction's own guild must match it,
   * and the handler checks that the member belongs to it.
   */
  readonly guildFromArgs?: (args: S extends Route<infer A> ? RouteArgs<A> : never) => string;
  execute(
    ctx: InteractionContext<ComponentInteraction[K]>,
    args: S extends Route<infer A> ? RouteArgs<A> : never,
  ): Promise<void>;
}

/** Declares a component handler with its argument types inferred from the route. */
export function component<K extends keyof ComponentInteraction, S extends Route>(
  handler: ComponentHandler<K, S>,
): ComponentHandler<K, S> {
  return handler;
}
