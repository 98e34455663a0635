/**
 * The typed definition kit for slash commands. A command's definition is plain API JSON, built
 * with the helpers below and written `as const`: names are literals in code, and only their
 * Italian localizations and the descriptions come from the message catalogue. {@link ArgumentsOf}
 * turns that definition into the type of what its handlers receive, and {@link readArguments}
 * reads an interaction's options into that shape once, so renaming an option fails the typecheck
 * wherever a handler still uses the old name.
 */
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionAllowedChannelType,
  type Attachment,
  type ChannelType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type CommandInteractionOptionResolver,
  type Guild,
  type RepliableInteraction,
  type User,
} from 'discord.js';
import { UserError } from './errors.js';
import { discordLocalizations, t, type MessageKey, type Messages } from './i18n.js';

// ------------------------------------------------------------------ names and their text

type Localizations = ReturnType<typeof discordLocalizations>;

/** A command's, subcommand's or option's name with its localized name and description. */
export interface Named<N extends string> {
  readonly name: N;
  readonly name_localizations: Localizations;
  readonly description: string;
  readonly description_localizations: Localizations;
}

type NameKey = Extract<MessageKey, `${string}.name`>;

/**
 * The `….name` message keys whose English text is exactly `N`: only these may localize the name
 * `N`, so a literal in code and the catalogue entry that translates it cannot drift apart.
 */
export type NameKeyOf<N extends string> = {
  [K in NameKey]: Messages[K] extends N ? K : never;
}[NameKey];

/** Message stems `S` with an `S.name` whose English text is `N`, and an `S.description`. */
export type StemOf<N extends string> =
  NameKeyOf<N> extends infer K
    ? K extends `${infer S}.name`
      ? `${S}.description` extends MessageKey
        ? S
        : never
      : never
    : never;

/**
 * Where a name's localized text comes from: a stem (`'cmd.opt.kind'` for `cmd.opt.kind.name` and
 * `cmd.opt.kind.description`), or the two keys when the description is not the stem's own.
 */
export type TextOf<N extends string> = [NameKeyOf<N>] extends [never]
  ? `no message key ….name has the English text "${N}"`
  : StemOf<N> | { readonly name: NameKeyOf<N>; readonly description: MessageKey };

/** A name and its localized text, in the order Discord's JSON has always had them. */
export function named<const N extends string>(name: N, text: TextOf<N>): Named<N> {
  const source = text as string | { readonly name: string; readonly description: string };
  const [nameKey, descriptionKey] = (
    typeof source === 'string'
      ? [`${source}.name`, `${source}.description`]
      : [source.name, source.description]
  ) as [MessageKey, MessageKey];
  return {
    name,
    name_localizations: discordLocalizations(nameKey),
    description: t('en', descriptionKey),
    description_localizations: discordLocalizations(descriptionKey),
  };
}

// ------------------------------------------------------------------ command heads

/** Every Hearth command lives in servers, installed by the server (never in DMs or user installs). */
export function guildOnly(): {
  readonly contexts: [InteractionContextType.Guild];
  readonly integration_types: [ApplicationIntegrationType.GuildInstall];
} {
  return {
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
}

/**
 * The head of a managers' command: its name and description localized (`{ description }` alone
 * for a name that stays as it is), hidden by default from members without Manage Server (the
 * router still checks the manager role at run time).
 */
export function managerCommand<const N extends string>(
  name: N,
  text: TextOf<N> | { readonly description: MessageKey },
) {
  const head =
    typeof text === 'object' && !('name' in text)
      ? {
          name,
          description: t('en', text.description),
          description_localizations: discordLocalizations(text.description),
        }
      : named(name, text as TextOf<N>);
  return {
    ...head,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    ...guildOnly(),
  };
}

// ------------------------------------------------------------------ options

/** A fixed choice of a string, integer or number option. */
export interface Choice<V extends string | number = string | number> {
  readonly name: string;
  readonly name_localizations?: Localizations;
  readonly value: V;
}

/** Autocomplete and fixed choices exclude each other (as in Discord's API). */
type Suggestions<V extends string | number> =
  | { readonly autocomplete: true; readonly choices?: never }
  | { readonly autocomplete?: false; readonly choices?: readonly Choice<V>[] };

interface Requirable {
  readonly required?: boolean;
}

export type StringExtras = Requirable & {
  readonly min_length?: number;
  readonly max_length?: number;
} & Suggestions<string>;
export type NumericExtras = Requirable & {
  readonly min_value?: number;
  readonly max_value?: number;
} & Suggestions<number>;
export type ChannelExtras = Requirable & {
  readonly channel_types?: readonly ApplicationCommandOptionAllowedChannelType[];
};

/** The option types a subcommand (or a command without subcommands) may hold. */
export type BasicOptionType = Exclude<
  ApplicationCommandOptionType,
  ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup
>;

/** What the kit needs to know of an option; the helpers below build valid ones. */
export interface BasicOption {
  readonly type: BasicOptionType;
  readonly name: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly Choice[];
}

type Built<T extends BasicOptionType, N extends string, X> = { readonly type: T } & Named<N> & X;

/**
 * A builder of one option type whose extras must fit `C`. `NoInfer` keeps TypeScript from
 * inferring the extras from where the option is used (a subcommand's list of options), so an
 * option written without extras has none, not every extra `C` allows.
 */
type Builder<T extends BasicOptionType, C> = {
  <const N extends string>(name: N, text: TextOf<N>): Built<T, N, object>;
  <const N extends string, const X extends C>(
    name: N,
    text: TextOf<N>,
    extras: X,
  ): Built<T, N, NoInfer<X>>;
};

function builder<T extends BasicOptionType, C>(type: T): Builder<T, C> {
  return (name: string, text: TextOf<string>, extras?: object) => ({
    type,
    ...named(name, text),
    ...extras,
  });
}

/**
 * Option builders: `option.integer('count', 'cmd.opt.count', { required: true, min_value: 1 })`.
 * The name, `required`, `choices` and `autocomplete` keep their literal types, which is what
 * {@link ArgumentsOf} reads. Extras are written after the name and text, in the order given.
 */
export const option = {
  string: builder<ApplicationCommandOptionType.String, StringExtras>(
    ApplicationCommandOptionType.String,
  ),
  integer: builder<ApplicationCommandOptionType.Integer, NumericExtras>(
    ApplicationCommandOptionType.Integer,
  ),
  number: builder<ApplicationCommandOptionType.Number, NumericExtras>(
    ApplicationCommandOptionType.Number,
  ),
  boolean: builder<ApplicationCommandOptionType.Boolean, Requirable>(
    ApplicationCommandOptionType.Boolean,
  ),
  user: builder<ApplicationCommandOptionType.User, Requirable>(ApplicationCommandOptionType.User),
  channel: builder<ApplicationCommandOptionType.Channel, ChannelExtras>(
    ApplicationCommandOptionType.Channel,
  ),
  role: builder<ApplicationCommandOptionType.Role, Requirable>(ApplicationCommandOptionType.Role),
  mentionable: builder<ApplicationCommandOptionType.Mentionable, Requirable>(
    ApplicationCommandOptionType.Mentionable,
  ),
  attachment: builder<ApplicationCommandOptionType.Attachment, Requirable>(
    ApplicationCommandOptionType.Attachment,
  ),
};

/** Fixed choices for a string option, each shown in English and localized from the catalogue. */
export function localizedChoices<const V extends string>(
  values: readonly V[],
  keyOf: (value: V) => MessageKey,
): { name: string; name_localizations: Localizations; value: V }[] {
  return values.map((value) => ({
    name: t('en', keyOf(value)),
    name_localizations: discordLocalizations(keyOf(value)),
    value,
  }));
}

export interface SubcommandDefinition {
  readonly type: ApplicationCommandOptionType.Subcommand;
  readonly name: string;
  readonly options?: readonly BasicOption[];
}

/** A subcommand with its name localized (its `options` are always present, `[]` when none). */
export function subcommand<
  const N extends string,
  const O extends readonly BasicOption[] = readonly [],
>(
  name: N,
  text: TextOf<N>,
  options: O = [] as unknown as O,
): { readonly type: ApplicationCommandOptionType.Subcommand } & Named<N> & { readonly options: O } {
  return { type: ApplicationCommandOptionType.Subcommand, ...named(name, text), options };
}

/** What the kit reads of a command definition: its name and either subcommands or options. */
export interface CommandDefinition {
  readonly name: string;
  readonly options?: readonly (SubcommandDefinition | BasicOption)[];
}

// ------------------------------------------------------------------ the types handlers receive

/** A channel picked in an option: check it with {@link pickedChannel} before using it. */
export type ChannelArg = NonNullable<CommandInteractionOption['channel']>;
/** A role picked in an option (a discord.js Role, or the API's when the cache lacks it). */
export type RoleArg = NonNullable<CommandInteractionOption['role']>;
export type MentionableArg = NonNullable<
  ReturnType<CommandInteractionOptionResolver['getMentionable']>
>;

type ChoiceValue<E, Fallback> = E extends { readonly choices: readonly (infer C)[] }
  ? C extends { readonly value: infer V }
    ? V
    : never
  : Fallback;

/** The value a handler gets for option `E`: choices narrow it to their values. */
export type ValueOf<E> = E extends { readonly type: ApplicationCommandOptionType.String }
  ? ChoiceValue<E, string>
  : E extends {
        readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number;
      }
    ? ChoiceValue<E, number>
    : E extends { readonly type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : E extends { readonly type: ApplicationCommandOptionType.User }
        ? User
        : E extends { readonly type: ApplicationCommandOptionType.Channel }
          ? ChannelArg
          : E extends { readonly type: ApplicationCommandOptionType.Role }
            ? RoleArg
            : E extends { readonly type: ApplicationCommandOptionType.Mentionable }
              ? MentionableArg
              : E extends { readonly type: ApplicationCommandOptionType.Attachment }
                ? Attachment
                : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The arguments of a list of options: required ones always present, optional ones when given. */
export type OptionsArgs<O extends readonly BasicOption[]> = Simplify<
  {
    readonly [
      E in O[number] as E extends { readonly required: true } ? E['name'] : never
    ]: ValueOf<E>;
  } & {
    readonly [
      E in O[number] as E extends { readonly required: true } ? never : E['name']
    ]?: ValueOf<E>;
  }
>;

type OptionsOf<X> = X extends { readonly options: infer O extends readonly BasicOption[] }
  ? O
  : readonly [];

/** The subcommands of definition `D` (never when it has none). */
export type SubcommandOf<D extends CommandDefinition> = Extract<
  NonNullable<D['options']>[number],
  { readonly type: ApplicationCommandOptionType.Subcommand }
>;
export type SubcommandName<D extends CommandDefinition> = SubcommandOf<D>['name'];

/**
 * What handlers of definition `D` receive: for a command with subcommands, each subcommand's name
 * mapped to its arguments; otherwise the command's own arguments.
 */
export type ArgumentsOf<D extends CommandDefinition> = [SubcommandOf<D>] extends [never]
  ? OptionsArgs<OptionsOf<D>>
  : { readonly [S in SubcommandOf<D> as S['name']]: OptionsArgs<OptionsOf<S>> };

// ------------------------------------------------------------------ autocomplete types

type AllOptions<D extends CommandDefinition> = [SubcommandOf<D>] extends [never]
  ? OptionsOf<D>[number]
  : OptionsOf<SubcommandOf<D>>[number];

type AutocompleteOption<D extends CommandDefinition> = Extract<
  AllOptions<D>,
  { readonly autocomplete: true }
>;

/** The options of `D` that ask for autocomplete: the names an autocomplete handler may see focused. */
export type AutocompleteName<D extends CommandDefinition> = AutocompleteOption<D>['name'];

/** An option's value while the member is still typing: ids for users, roles and channels. */
type LooseValue<E> = E extends { readonly type: ApplicationCommandOptionType.String }
  ? string
  : E extends {
        readonly type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number;
      }
    ? number
    : E extends { readonly type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : string;

/** The options beside focused option `F` (in every subcommand that holds it). */
type ScopeOf<D extends CommandDefinition, F extends string> = [SubcommandOf<D>] extends [never]
  ? OptionsOf<D>[number]
  : SubcommandOf<D> extends infer S
    ? S extends unknown
      ? F extends OptionsOf<S>[number]['name']
        ? OptionsOf<S>[number]
        : never
      : never
    : never;

/** What the member typed so far in the other options; any of them may be missing or partial. */
export type TypedSoFar<D extends CommandDefinition, F extends string> = {
  readonly [E in ScopeOf<D, F> as E['name'] extends F ? never : E['name']]?: LooseValue<E>;
};

/** A suggestion for an autocomplete option, with a value of the option's own type. */
export type AutocompleteChoice<D extends CommandDefinition, F extends string> = {
  readonly name: string;
  readonly value: LooseValue<Extract<AutocompleteOption<D>, { readonly name: F }>>;
};

// ------------------------------------------------------------------ reading an interaction

type Resolver = ChatInputCommandInteraction['options'];

function readOne(options: Resolver, def: BasicOption): unknown {
  const { name } = def;
  const required = def.required === true;
  switch (def.type) {
    case ApplicationCommandOptionType.String:
      return options.getString(name, required);
    case ApplicationCommandOptionType.Integer:
      return options.getInteger(name, required);
    case ApplicationCommandOptionType.Number:
      return options.getNumber(name, required);
    case ApplicationCommandOptionType.Boolean:
      return options.getBoolean(name, required);
    case ApplicationCommandOptionType.User:
      return options.getUser(name, required);
    case ApplicationCommandOptionType.Channel:
      return options.getChannel(name, required);
    case ApplicationCommandOptionType.Role:
      return options.getRole(name, required);
    case ApplicationCommandOptionType.Mentionable:
      return options.getMentionable(name, required);
    case ApplicationCommandOptionType.Attachment:
      return options.getAttachment(name, required);
    default: {
      const unknown: never = def.type;
      throw new Error(`option type ${String(unknown)} is not readable`);
    }
  }
}

/**
 * Reads the options `defs` declares from a command interaction, once, into the shape
 * {@link OptionsArgs} gives them. An option left empty is absent. A value outside an option's
 * fixed choices (Discord never sends one; a forged payload might) changes nothing: the member is
 * told to pick from the list.
 */
export function readArguments<const O extends readonly BasicOption[]>(
  options: Resolver,
  defs: O,
): OptionsArgs<O> {
  const args: Record<string, unknown> = {};
  for (const def of defs) {
    const value = readOne(options, def);
    if (value === null || value === undefined) continue;
    if (def.choices !== undefined && !def.choices.some((choice) => choice.value === value))
      throw new UserError('error.invalidReference');
    args[def.name] = value;
  }
  return args as OptionsArgs<O>;
}

/**
 * The other options of an autocomplete request, as typed so far: numbers that do not parse and
 * values of the wrong kind are left out, never guessed.
 */
export function readTypedSoFar(
  options: Pick<CommandInteractionOptionResolver, 'get'>,
  defs: readonly BasicOption[],
  focused: string,
): Record<string, string | number | boolean> {
  const args: Record<string, string | number | boolean> = {};
  for (const def of defs) {
    if (def.name === focused) continue;
    const raw = options.get(def.name)?.value;
    if (raw === undefined || raw === null) continue;
    if (
      def.type === ApplicationCommandOptionType.Integer ||
      def.type === ApplicationCommandOptionType.Number
    ) {
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (String(raw).trim() !== '' && Number.isFinite(value)) args[def.name] = value;
    } else if (def.type === ApplicationCommandOptionType.Boolean) {
      if (typeof raw === 'boolean') args[def.name] = raw;
    } else args[def.name] = String(raw);
  }
  return args;
}

/** Who is acting, as a picked channel or role is checked against them. */
interface Acting {
  readonly guild: Guild;
  readonly interaction: RepliableInteraction;
}

/** The acting member's permissions in a channel of this server, or none when Discord gave no member. */
function actorPermissionsIn(ctx: Acting, channelId: string): bigint {
  const channel = ctx.guild.channels.cache.get(channelId);
  const member = ctx.interaction.inCachedGuild() ? ctx.interaction.member : null;
  if (channel === undefined || member === null) return 0n;
  return channel.permissionsFor(member)?.bitfield ?? 0n;
}

/**
 * The channel picked in a channel option, as this server knows it, when it is one of `types`
 * (declare the option's `channel_types` from the same list). Discord's filter only guides the
 * picker: a forged or foreign id, or another kind of channel, is refused. Hearth posts there on
 * the member's behalf, so they must be able to see it and write in it themselves: a manager-role
 * holder cannot borrow Hearth's rights to post in a channel closed to them.
 */
export function pickedChannel(
  ctx: Acting,
  picked: { readonly id: string },
  types: readonly ChannelType[],
): string {
  const cached = ctx.guild.channels.cache.get(picked.id);
  if (cached === undefined || !types.includes(cached.type))
    throw new UserError('error.invalidReference');
  const needed = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
  if ((actorPermissionsIn(ctx, cached.id) & needed) !== needed)
    throw new UserError('error.cannotPostThere', { channel: `<#${cached.id}>` });
  return cached.id;
}

/**
 * A role picked to be mentioned in what Hearth posts in `channelId`: one the member could mention
 * themselves there (a mentionable role, or Mention @everyone, @here and All Roles in that channel,
 * which Administrator and the owner have). Hearth pings nobody the person asking could not ping.
 */
export function pickedMention(
  ctx: Acting,
  picked: { readonly id: string },
  channelId: string,
): string {
  const role = ctx.guild.roles.cache.get(picked.id);
  if (role === undefined || role.id === ctx.guild.id) throw new UserError('error.invalidReference');
  if (role.mentionable) return role.id;
  if ((actorPermissionsIn(ctx, channelId) & PermissionFlagsBits.MentionEveryone) === 0n)
    throw new UserError('error.cannotMention', {
      role: `<@&${role.id}>`,
      channel: `<#${channelId}>`,
    });
  return role.id;
}
