import {
  ApplicationCommandOptionType,
  TimestampStyles,
  time,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandText } from '../src/features/membership/messages.js';
import { guildOnly } from '../src/core/command-options.js';
import { component, type Command } from '../src/core/handlers.js';
import { button } from '../src/core/discord-actions.js';
import { admitOnDiscord } from '../src/features/membership/discord.js';
import { confirmSeat, leaveWaitlist, standingOf } from '../src/features/membership/service.js';
import { seatRoutes } from '../src/features/membership/routes.js';

const data = {
  ...commandText('cmd.waitlist.name', 'cmd.waitlist.description'),
  ...guildOnly(),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...commandText('cmd.waitlist.position.name', 'cmd.waitlist.position.description'),
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...commandText('cmd.waitlist.leave.name', 'cmd.waitlist.leave.description'),
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/waitlist`: where a member stands, and a way to leave the list. */
export const command: Command = {
  data,
  audience: 'everyone',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t } = ctx;
    if (ctx.interaction.options.getSubcommand(true) === 'leave') {
      await leaveWaitlist(app.db, guild.id, ctx.userId, app.now());
      await ctx.reply({ content: t('seats.youLeft') });
      return;
    }
    const standing = await standingOf(app.db, guild.id, ctx.userId);
    if (standing.state === 'waiting')
      await ctx.reply({ content: t('seats.youWait', { position: standing.position ?? 0 }) });
    else if (standing.state === 'admitted')
      await ctx.reply({ content: t('seats.youAreIn', { seat: standing.seat ?? 0 }) });
    else if (standing.state === 'invited') {
      await ctx.reply({
        content: t('seats.youAreInvited', {
          deadline: time(
            Math.floor((standing.expiresAt ?? 0) / 1000),
            TimestampStyles.LongDateTime,
          ),
        }),
        components: [button(seatRoutes.confirm.build({ guild: guild.id }), t('seats.confirm'))],
      });
    } else await ctx.reply({ content: t('seats.youAreNotListed') });
  },
};

export const components = [
  // Confirming a seat offer, from the DM or the welcome channel.
  component({
    kind: 'button',
    route: seatRoutes.confirm,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    async execute(ctx) {
      await confirmSeat(ctx.app.db, ctx.guild.id, ctx.userId, ctx.app.now());
      await ctx.reply({ content: ctx.t('seats.confirmed', { server: ctx.guild.name }) });
      await admitOnDiscord(ctx.app, ctx.guild, ctx.settings, ctx.userId);
    },
  }),
];
