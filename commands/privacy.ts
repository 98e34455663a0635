import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandText } from '../src/features/insights/messages.js';
import { guildOnly } from '../src/core/command-options.js';
import type { Command } from '../src/core/handlers.js';
import { setHidden } from '../src/features/insights/service.js';

const data = {
  ...commandText('cmd.privacy.name', 'cmd.privacy.description'),
  ...guildOnly(),
  options: [
    {
      type: ApplicationCommandOptionType.Boolean,
      ...commandText('cmd.opt.hide.name', 'cmd.opt.hide.description'),
      required: true,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/privacy hide:`: a member chooses not to be shown by name in Hearth's insights. */
export const command: Command = {
  data,
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    const hide = ctx.interaction.options.getBoolean('hide', true);
    await setHidden(ctx.app.db, ctx.guild.id, ctx.userId, hide);
    await ctx.reply({ content: ctx.t(hide ? 'insights.youAreHidden' : 'insights.youAreShown') });
  },
};
