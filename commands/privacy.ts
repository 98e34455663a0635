import { guildOnly, named, option } from '../src/core/command-options.js';
import { defineCommand } from '../src/core/handlers.js';
import { setHidden } from '../src/features/insights/service.js';
// Registers the strings the definition below reads.
import '../src/features/insights/messages.js';

const data = {
  ...named('privacy', 'cmd.privacy'),
  ...guildOnly(),
  options: [option.boolean('hide', 'cmd.opt.hide', { required: true })],
} as const;

/** `/privacy hide:`: a member chooses not to be shown by name in Hearth's insights. */
export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx, { hide }) {
    await setHidden(ctx.app.db, ctx.guild.id, ctx.userId, hide);
    await ctx.reply({ content: ctx.t(hide ? 'insights.youAreHidden' : 'insights.youAreShown') });
  },
});
