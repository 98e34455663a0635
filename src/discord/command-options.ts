import { ApplicationCommandOptionType, type APIApplicationCommandSubcommandOption } from 'discord.js';
import { commandText, type MessageKey } from '../i18n/index.js';

/** A subcommand definition with its name and description localized from the message catalogue. */
export function subcommand(
  nameKey: MessageKey,
  descriptionKey: MessageKey,
  options: APIApplicationCommandSubcommandOption['options'] = [],
): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, ...commandText(nameKey, descriptionKey), options };
}
