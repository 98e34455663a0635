import { ApplicationCommandOptionType, TimestampStyles, time } from 'discord.js';
import { guildOnly, named } from '../src/core/command-options.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { button } from '../src/core/discord-actions.js';
import { confirmSeat, leaveWaitlist, standingOf } from '../src/features/membership/service.js';
import { seatRoutes } from '../src/features/membership/routes.js';
// Registers the strings the definition below reads.
import '../src/features/membership/messages.js';

const data = {
  ...named('waitlist', 'cmd.waitlist'),
  ...guildOnly(),
  // Written out: deployed without `options` keys since the first release (subcommand() adds []).
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...named('position', 'cmd.waitlist.position'),
    },
    { type: ApplicationCommandOptionType.Subcommand, ...named('leave', 'cmd.waitlist.leave') },
  ],
} as const;

/** `/waitlist`: where a member stands, and a way to leave the list. */
export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  subcommands: {
    async position(ctx) {
      const { app, guild, t } = ctx;
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
    async leave(ctx) {
      await leaveWaitlist(ctx.app.db, ctx.guild.id, ctx.userId, ctx.app.now());
      await ctx.reply({ content: ctx.t('seats.youLeft') });
    },
  },
});

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
    },
  }),
];
