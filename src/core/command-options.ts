import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  type ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { UserError } from './errors.js';
import { commandText, discordLocalizations, t, type MessageKey } from './i18n.js';
import type { InteractionContext } from './context.js';

/** Every Hearth command lives in servers, installed by the server (never in DMs or user installs). */
export function guildOnly(): {
  contexts: InteractionContextType[];
  integration_types: ApplicationIntegrationType[];
} {
  return {
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
}

/**
 * The head of a managers' command: its description localized, hidden by default from members
 * without Manage Server (the router still checks the manager role at run time).
 */
export function managerCommand(name: string, descriptionKey: MessageKey) {
  return {
    name,
    description: t('en', descriptionKey),
    description_localizations: discordLocalizations(descriptionKey),
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    ...guildOnly(),
  };
}

/** A subcommand definition with its name and description localized from the message catalogue. */
export function subcommand(
  nameKey: MessageKey,
  descriptionKey: MessageKey,
  options: APIApplicationCommandSubcommandOption['options'] = [],
): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    ...commandText(nameKey, descriptionKey),
    options,
  };
}

/** Fixed choices for a string option, each shown in English and localized from the catalogue. */
export function localizedChoices<V extends string>(
  values: readonly V[],
  keyOf: (value: V) => MessageKey,
): { name: string; name_localizations: ReturnType<typeof discordLocalizations>; value: V }[] {
  return values.map((value) => ({
    name: t('en', keyOf(value)),
    name_localizations: discordLocalizations(keyOf(value)),
    value,
  }));
}

/**
 * The channel picked in a command's `channel` option, as this server knows it, when it is one of
 * `types` (declare the option's `channel_types` from the same list). Discord's filter only guides
 * the picker: a forged or foreign id, or another kind of channel, is refused.
 */
export function pickedChannel(ctx: InteractionContext, types: readonly ChannelType[]): string {
  const picked = ctx.interaction.isChatInputCommand()
    ? ctx.interaction.options.getChannel('channel', true)
    : null;
  const cached = picked === null ? undefined : ctx.guild.channels.cache.get(picked.id);
  if (cached === undefined || !types.includes(cached.type))
    throw new UserError('error.invalidReference');
  return cached.id;
}
