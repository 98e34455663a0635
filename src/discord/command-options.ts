import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { commandText, discordLocalizations, t, type MessageKey } from '../i18n/index.js';

/** Every Hearth command lives in servers, installed by the server (never in DMs or user installs). */
export function guildOnly(): { contexts: InteractionContextType[]; integration_types: ApplicationIntegrationType[] } {
  return { contexts: [InteractionContextType.Guild], integration_types: [ApplicationIntegrationType.GuildInstall] };
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
  return { type: ApplicationCommandOptionType.Subcommand, ...commandText(nameKey, descriptionKey), options };
}

/** Fixed choices for a string option, each shown in English and localized from the catalogue. */
export function localizedChoices<V extends string>(values: readonly V[], keyOf: (value: V) => MessageKey): { name: string; name_localizations: ReturnType<typeof discordLocalizations>; value: V }[] {
  return values.map((value) => ({ name: t('en', keyOf(value)), name_localizations: discordLocalizations(keyOf(value)), value }));
}
