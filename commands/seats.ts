import {
  ApplicationCommandOptionType,
  TimestampStyles,
  time,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { managerCommand, subcommand } from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { commandText, type Translate } from '../src/features/membership/messages.js';
import type { InteractionContext } from '../src/core/context.js';
import type { Command } from '../src/core/handlers.js';
import { hiddenMembers } from '../src/features/insights/api.js';
import {
  admitOnDiscord,
  applyPromotions,
  reconcileGuildMemberships,
  revokeMemberRole,
} from '../src/features/membership/discord.js';
import {
  admitNow,
  getMembershipSettings,
  inactiveMembers,
  MAX_CAP,
  moveInWaitlist,
  removeMember,
  seatSummary,
  setCap,
  setConfirmation,
  setReserved,
  waitlist,
} from '../src/features/membership/service.js';

const WEEK_MS = 7 * 24 * 3_600_000;

const memberOption = {
  type: ApplicationCommandOptionType.User as const,
  ...commandText('cmd.opt.member.name', 'cmd.opt.member.description'),
  required: true,
};

const data = {
  ...managerCommand('seats', 'cmd.seats.description'),
  options: [
    subcommand('cmd.seats.summary.name', 'cmd.seats.summary.description'),
    subcommand('cmd.seats.cap.name', 'cmd.seats.cap.description', [
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.count.name', 'cmd.opt.count.description'),
        required: true,
        min_value: 1,
        max_value: MAX_CAP,
      },
    ]),
    subcommand('cmd.seats.uncap.name', 'cmd.seats.uncap.description'),
    subcommand('cmd.seats.reserve.name', 'cmd.seats.reserve.description', [
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.count.name', 'cmd.opt.count.description'),
        required: true,
        min_value: 0,
        max_value: MAX_CAP,
      },
    ]),
    subcommand('cmd.seats.confirm.name', 'cmd.seats.confirm.description', [
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.hours.name', 'cmd.opt.hours.description'),
        required: true,
        min_value: 0,
        max_value: 720,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        ...commandText('cmd.opt.keepPlace.name', 'cmd.opt.keepPlace.description'),
      },
    ]),
    subcommand('cmd.seats.waitlist.name', 'cmd.seats.waitlist.description'),
    subcommand('cmd.seats.admit.name', 'cmd.seats.admit.description', [memberOption]),
    subcommand('cmd.seats.remove.name', 'cmd.seats.remove.description', [memberOption]),
    subcommand('cmd.seats.move.name', 'cmd.seats.move.description', [
      memberOption,
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.position.name', 'cmd.opt.position.description'),
        required: true,
        min_value: 1,
        max_value: MAX_CAP,
      },
    ]),
    subcommand('cmd.seats.inactive.name', 'cmd.seats.inactive.description', [
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.weeks.name', 'cmd.opt.weeks.description'),
        required: true,
        min_value: 1,
        max_value: 104,
      },
    ]),
    subcommand('cmd.seats.sync.name', 'cmd.seats.sync.description'),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

async function summaryText(ctx: InteractionContext, t: Translate): Promise<string> {
  const s = await seatSummary(ctx.app.db, ctx.guild.id);
  const settings = await getMembershipSettings(ctx.app.db, ctx.guild.id);
  const lines = [
    s.cap === null
      ? t('seats.summaryUncapped', { admitted: s.admitted, waiting: s.waiting })
      : t('seats.summary', {
          cap: s.cap,
          admitted: s.admitted,
          invited: s.invited,
          reserved: s.reserved,
          free: s.free,
          waiting: s.waiting,
        }),
  ];
  if (settings.confirmHours !== null)
    lines.push(
      t(settings.skipPolicy === 'keep' ? 'seats.confirmKeep' : 'seats.confirmDrop', {
        hours: settings.confirmHours,
      }),
    );
  return lines.join('\n');
}

function requireMemberRole(ctx: InteractionContext): void {
  if (ctx.settings.member_role_id === null) throw new UserError('seats.needMemberRole');
}

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t, interaction } = ctx;
    const options = interaction.options;
    const now = app.now();
    switch (options.getSubcommand(true)) {
      case 'summary':
        await ctx.reply({ content: await summaryText(ctx, t) });
        return;
      case 'cap': {
        requireMemberRole(ctx);
        // Members who already hold the role count against the cap from the start.
        await reconcileGuildMemberships(app, guild);
        const change = await setCap(app.db, guild.id, options.getInteger('count', true), now);
        const note = change.overCap > 0 ? `\n${t('seats.overCap', { count: change.overCap })}` : '';
        await ctx.reply({ content: `${await summaryText(ctx, t)}${note}` });
        await applyPromotions(app, guild, change.promoted);
        return;
      }
      case 'uncap': {
        const change = await setCap(app.db, guild.id, null, now);
        await ctx.reply({ content: await summaryText(ctx, t) });
        await applyPromotions(app, guild, change.promoted);
        return;
      }
      case 'reserve': {
        const promoted = await setReserved(
          app.db,
          guild.id,
          options.getInteger('count', true),
          now,
        );
        await ctx.reply({ content: await summaryText(ctx, t) });
        await applyPromotions(app, guild, promoted);
        return;
      }
      case 'confirm': {
        const hours = options.getInteger('hours', true);
        await setConfirmation(
          app.db,
          guild.id,
          hours === 0 ? null : hours,
          (options.getBoolean('keep_place') ?? true) ? 'keep' : 'drop',
          now,
        );
        await ctx.reply({
          content: hours === 0 ? t('seats.confirmOff') : await summaryText(ctx, t),
        });
        return;
      }
      case 'waitlist': {
        const list = await waitlist(app.db, guild.id);
        const lines = list.slice(0, 50).map((w) =>
          t('seats.waitlistLine', {
            position: w.position,
            member: `<@${w.userId}>`,
            since: time(Math.floor(w.waitingSince / 1000), TimestampStyles.RelativeTime),
          }),
        );
        const more = list.length > 50 ? `\n${t('seats.andMore', { count: list.length - 50 })}` : '';
        await ctx.reply({
          content:
            list.length === 0
              ? t('seats.waitlistEmpty')
              : `${t('seats.waitlistTitle', { count: list.length })}\n${lines.join('\n')}${more}`,
        });
        return;
      }
      case 'admit': {
        requireMemberRole(ctx);
        const user = options.getUser('member', true);
        if (!(await guild.members.fetch({ user: user.id, cache: false }).catch(() => null)))
          throw new UserError('seats.notInServer');
        const { seat } = await admitNow(app.db, guild.id, user.id, now);
        await ctx.reply({ content: t('seats.admitted', { member: `<@${user.id}>`, seat }) });
        await admitOnDiscord(app, guild, ctx.settings, user.id);
        return;
      }
      case 'remove': {
        const user = options.getUser('member', true);
        const { was, promoted } = await removeMember(app.db, guild.id, user.id, now);
        await ctx.reply({
          content: t(was === 'waiting' ? 'seats.removedFromWaitlist' : 'seats.removedSeat', {
            member: `<@${user.id}>`,
          }),
        });
        if (was === 'admitted') await revokeMemberRole(app, guild, ctx.settings, user.id);
        await applyPromotions(app, guild, promoted);
        return;
      }
      case 'move': {
        const user = options.getUser('member', true);
        const position = await moveInWaitlist(
          app.db,
          guild.id,
          user.id,
          options.getInteger('position', true),
          now,
        );
        await ctx.reply({ content: t('seats.moved', { member: `<@${user.id}>`, position }) });
        return;
      }
      case 'inactive': {
        const weeks = options.getInteger('weeks', true);
        const all = await inactiveMembers(app.db, guild.id, now - weeks * WEEK_MS);
        // Members who asked not to be shown by name (/privacy) are counted, not named.
        const hidden = await hiddenMembers(app.db, guild.id);
        const list = all.filter((m) => !hidden.has(m.userId));
        const unnamed = all.length - list.length;
        const lines = list.slice(0, 50).map((m) =>
          m.lastMessageAt === null
            ? t('seats.inactiveNever', { member: `<@${m.userId}>` })
            : t('seats.inactiveLine', {
                member: `<@${m.userId}>`,
                last: time(Math.floor(m.lastMessageAt / 1000), TimestampStyles.RelativeTime),
              }),
        );
        if (unnamed > 0) lines.push(t('seats.inactiveHidden', { count: unnamed }));
        await ctx.reply({
          content:
            all.length === 0
              ? t('seats.inactiveNone', { weeks })
              : [t('seats.inactiveTitle', { weeks, count: all.length }), ...lines]
                  .join('\n')
                  .slice(0, 2000),
        });
        return;
      }
      case 'sync': {
        requireMemberRole(ctx);
        const result = await reconcileGuildMemberships(app, guild);
        await ctx.reply({ content: t('seats.synced', result) });
        return;
      }
      default:
        throw new UserError('error.unknownInteraction');
    }
  },
};
