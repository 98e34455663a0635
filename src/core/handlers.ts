import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  AnySelectMenuInteraction,
  ApplicationCommandOptionChoiceData,
  Guild,
} from 'discord.js';
import type { GuildSettings } from './guilds.js';
import type { Locale } from './i18n.js';
import type { AppDeps, DeferMode, InteractionContext } from './context.js';
import type { Route, RouteArgs } from './custom-id.js';

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
  /** How to acknowledge if the handler has not answered within about 2 s. */
  readonly defer: DeferMode;
  execute(ctx: InteractionContext<ChatInputCommandInteraction>): Promise<void>;
  autocomplete?(ctx: AutocompleteContext): Promise<readonly ApplicationCommandOptionChoiceData[]>;
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
