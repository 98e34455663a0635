import { TimestampStyles, time } from 'discord.js';
import { managerCommand, option, subcommand } from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import type { Translate } from '../src/features/membership/messages.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { listMessage } from '../src/core/pages.js';
import { seatRoutes } from '../src/features/membership/routes.js';
import { hiddenMembers } from '../src/features/insights/api.js';
import { barSubjectOf, reconcileGuildMemberships } from '../src/features/membership/discord.js';
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

const memberOption = option.user('member', 'cmd.opt.member', { required: true });

const data = {
  ...managerCommand('seats', 'cmd.seats'),
  options: [
    subcommand('summary', 'cmd.seats.summary'),
    subcommand('cap', 'cmd.seats.cap', [
      option.integer('count', 'cmd.opt.count', {
        required: true,
        min_value: 1,
        max_value: MAX_CAP,
      }),
    ]),
    subcommand('uncap', 'cmd.seats.uncap'),
    subcommand('reserve', 'cmd.seats.reserve', [
      option.integer('count', 'cmd.opt.count', {
        required: true,
        min_value: 0,
        max_value: MAX_CAP,
      }),
    ]),
    subcommand('confirm', 'cmd.seats.confirm', [
      option.integer('hours', 'cmd.opt.hours', { required: true, min_value: 0, max_value: 720 }),
      option.boolean('keep_place', 'cmd.opt.keepPlace'),
    ]),
    subcommand('waitlist', 'cmd.seats.waitlist'),
    subcommand('admit', 'cmd.seats.admit', [memberOption]),
    subcommand('remove', 'cmd.seats.remove', [memberOption]),
    subcommand('move', 'cmd.seats.move', [
      memberOption,
      option.integer('position', 'cmd.opt.position', {
        required: true,
        min_value: 1,
        max_value: MAX_CAP,
      }),
    ]),
    subcommand('inactive', 'cmd.seats.inactive', [
      option.integer('weeks', 'cmd.opt.weeks', { required: true, min_value: 1, max_value: 104 }),
    ]),
    subcommand('sync', 'cmd.seats.sync'),
  ],
} as const;

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

/** One page of the waitlist, in order, with how long each person has waited. */
async function waitlistPayload(ctx: InteractionContext, page: number) {
  const { t } = ctx;
  const list = await waitlist(ctx.app.db, ctx.guild.id);
  if (list.length === 0) return { content: t('seats.waitlistEmpty'), components: [] };
  const { content, components } = listMessage({
    header: t('seats.waitlistTitle', { count: list.length }),
    lines: list.map((w) => {
      const at = Math.floor(w.waitingSince / 1000);
      return t('seats.waitlistLine', {
        position: w.position,
        member: `<@${w.userId}>`,
        since: time(at, TimestampStyles.LongDate),
        ago: time(at, TimestampStyles.RelativeTime),
      });
    }),
    page,
    customIdOf: (p) => seatRoutes.waitlistPage.build({ page: p }),
    t,
  });
  return { content, components };
}

/** One page of the admitted members without a message for `weeks` weeks. */
async function inactivePayload(ctx: InteractionContext, weeks: number, page: number) {
  const { t } = ctx;
  const all = await inactiveMembers(ctx.app.db, ctx.guild.id, ctx.app.now() - weeks * WEEK_MS);
  if (all.length === 0) return { content: t('seats.inactiveNone', { weeks }), components: [] };
  // Members who asked not to be shown by name (/privacy) are counted, not named.
  const hidden = await hiddenMembers(ctx.app.db, ctx.guild.id);
  const list = all.filter((m) => !hidden.has(m.userId));
  const unnamed = all.length - list.length;
  const lines = list.map((m) =>
    m.lastMessageAt === null
      ? t('seats.inactiveNever', { member: `<@${m.userId}>` })
      : t('seats.inactiveLine', {
          member: `<@${m.userId}>`,
          last: time(Math.floor(m.lastMessageAt / 1000), TimestampStyles.RelativeTime),
        }),
  );
  if (unnamed > 0) lines.push(t('seats.inactiveHidden', { count: unnamed }));
  const { content, components } = listMessage({
    header: t('seats.inactiveTitle', { weeks, count: all.length }),
    lines,
    page,
    customIdOf: (p) => seatRoutes.inactivePage.build({ weeks, page: p }),
    t,
  });
  return { content, components };
}

function requireMemberRole(ctx: InteractionContext): void {
  if (ctx.settings.memberRoleId === null) throw new UserError('seats.needMemberRole');
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async summary(ctx) {
      await ctx.reply({ content: await summaryText(ctx, ctx.t) });
    },
    async cap(ctx, { count }) {
      const { app, guild, t } = ctx;
      const now = app.now();
      requireMemberRole(ctx);
      // Members who already hold the role count against the cap from the start.
      await reconcileGuildMemberships(app, guild);
      const change = await setCap(app.db, guild.id, count, now);
      const note = change.overCap > 0 ? `\n${t('seats.overCap', { count: change.overCap })}` : '';
      await ctx.reply({ content: `${await summaryText(ctx, t)}${note}` });
    },
    async uncap(ctx) {
      const { app, guild } = ctx;
      await setCap(app.db, guild.id, null, app.now());
      await ctx.reply({ content: await summaryText(ctx, ctx.t) });
    },
    async reserve(ctx, { count }) {
      const { app, guild } = ctx;
      await setReserved(app.db, guild.id, count, app.now());
      await ctx.reply({ content: await summaryText(ctx, ctx.t) });
    },
    async confirm(ctx, { hours, keep_place = true }) {
      await setConfirmation(
        ctx.app.db,
        ctx.guild.id,
        hours === 0 ? null : hours,
        keep_place ? 'keep' : 'drop',
        ctx.app.now(),
      );
      await ctx.reply({
        content: hours === 0 ? ctx.t('seats.confirmOff') : await summaryText(ctx, ctx.t),
      });
    },
    async waitlist(ctx) {
      await ctx.reply(await waitlistPayload(ctx, 0));
    },
    async admit(ctx, { member }) {
      const { app, guild } = ctx;
      const now = app.now();
      requireMemberRole(ctx);
      if (!(await guild.members.fetch({ user: member.id, cache: false }).catch(() => null)))
        throw new UserError('seats.notInServer');
      const { seat } = await admitNow(
        app.db,
        guild.id,
        member.id,
        now,
        barSubjectOf(app, guild.id, member.id),
      );
      await ctx.reply({ content: ctx.t('seats.admitted', { member: `<@${member.id}>`, seat }) });
    },
    async remove(ctx, { member }) {
      const { app, guild } = ctx;
      const { was } = await removeMember(app.db, guild.id, member.id, app.now(), ctx.userId);
      await ctx.reply({
        content: ctx.t(was === 'waiting' ? 'seats.removedFromWaitlist' : 'seats.removedSeat', {
          member: `<@${member.id}>`,
        }),
      });
    },
    async move(ctx, { member, position }) {
      const moved = await moveInWaitlist(
        ctx.app.db,
        ctx.guild.id,
        member.id,
        position,
        ctx.app.now(),
      );
      await ctx.reply({
        content: ctx.t('seats.moved', { member: `<@${member.id}>`, position: moved }),
      });
    },
    async inactive(ctx, { weeks }) {
      await ctx.reply(await inactivePayload(ctx, weeks, 0));
    },
    async sync(ctx) {
      requireMemberRole(ctx);
      // Answers once Discord shows the changes.
      const result = await reconcileGuildMemberships(ctx.app, ctx.guild, { wait: true });
      await ctx.reply({ content: ctx.t('seats.synced', result) });
    },
  },
});

export const components = [
  component({
    kind: 'button',
    route: seatRoutes.waitlistPage,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      await ctx.update(await waitlistPayload(ctx, args.page));
    },
  }),
  component({
    kind: 'button',
    route: seatRoutes.inactivePage,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      // Weeks come from the id: only a reference, held to the command's own range.
      await ctx.update(
        await inactivePayload(ctx, Math.min(Math.max(args.weeks, 1), 104), args.page),
      );
    },
  }),
];
