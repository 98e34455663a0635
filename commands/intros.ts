import { ButtonStyle, ChannelType } from 'discord.js';
import {
  guildOnly,
  localizedChoices,
  named,
  option,
  pickedChannel,
  subcommand,
} from '../src/core/command-options.js';
import type { InteractionContext } from '../src/core/context.js';
import { button } from '../src/core/discord-actions.js';
import { UserError } from '../src/core/errors.js';
import { component, defineCommand } from '../src/core/handlers.js';
import { localTime } from '../src/core/local-time.js';
import { erasureKeyOf } from '../src/core/member-data.js';
import { isManager } from '../src/core/router.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
// Registers the strings the definition below reads.
import '../src/features/intros/messages.js';
import type { MessageKey } from '../src/features/intros/messages.js';
import { missingInIntroChannel } from '../src/features/intros/health.discord.js';
import { introRoutes } from '../src/features/intros/routes.js';
import { eligibilityOf } from '../src/features/intros/discord.js';
import {
  CADENCES,
  LIMITS,
  MET,
  STAY,
  answerCheckIn,
  answerStay,
  avoidMember,
  disableIntros,
  introStatus,
  joinIntros,
  leaveIntros,
  pauseIntros,
  requireSettings,
  setupIntros,
  unavoidMember,
  type Criterion,
} from '../src/features/intros/service.js';
import { activeQuestions } from '../src/features/onboarding/api.js';
import { isInSegment, listSegments, segmentOf } from '../src/features/segments/api.js';

const THREAD_PARENTS = [ChannelType.GuildText] as const;
const DAYS = ['0', '1', '2', '3', '4', '5', '6'] as const;
const memberOption = option.user('member', 'cmd.opt.introMember', { required: true });

const data = {
  ...named('intros', 'cmd.intros'),
  ...guildOnly(),
  options: [
    subcommand('join', 'cmd.intros.join'),
    subcommand('leave', 'cmd.intros.leave'),
    subcommand('pause', 'cmd.intros.pause', [
      option.integer('weeks', 'cmd.opt.introWeeks', {
        required: true,
        min_value: LIMITS.pauseWeeks.min,
        max_value: LIMITS.pauseWeeks.max,
      }),
    ]),
    subcommand('avoid', 'cmd.intros.avoid', [memberOption]),
    subcommand('unavoid', 'cmd.intros.unavoid', [memberOption]),
    subcommand('setup', 'cmd.intros.setup', [
      option.channel('channel', 'cmd.opt.introChannel', {
        required: true,
        channel_types: [...THREAD_PARENTS],
      }),
      option.string('cadence', 'cmd.opt.introCadence', {
        required: true,
        choices: localizedChoices(CADENCES, (c) => `intros.cadence.${c}` as MessageKey),
      }),
      option.string('day', 'cmd.opt.introDay', {
        required: true,
        choices: localizedChoices(DAYS, (d) => `intros.day.${d}` as MessageKey),
      }),
      option.integer('hour', 'cmd.opt.introHour', { required: true, min_value: 0, max_value: 23 }),
      option.integer('size', 'cmd.opt.introSize', { min_value: 2, max_value: 3 }),
      option.role('role', 'cmd.opt.introRole'),
      option.integer('segment', 'cmd.opt.introSegment', { autocomplete: true }),
      option.integer('share', 'cmd.opt.introShare', { autocomplete: true }),
      option.integer('give', 'cmd.opt.introGive', { autocomplete: true }),
      option.integer('get', 'cmd.opt.introGet', { autocomplete: true }),
      option.integer('mix', 'cmd.opt.introMix', { autocomplete: true }),
      option.integer('no_repeat', 'cmd.opt.introHistory', {
        min_value: LIMITS.historyRounds.min,
        max_value: LIMITS.historyRounds.max,
      }),
    ]),
    subcommand('off', 'cmd.intros.off'),
    subcommand('status', 'cmd.intros.status'),
  ],
} as const;

const stamp = (ms: number, style: 'F' | 'R' | 'f' = 'F') => `<t:${Math.floor(ms / 1000)}:${style}>`;

function requireManager(ctx: InteractionContext): void {
  if (!isManager(ctx.interaction, ctx.settings)) throw new UserError('intros.managersOnly');
}

/** Who may join: holders of the role, or members of the segment now. */
async function checkAudience(ctx: InteractionContext): Promise<void> {
  const { app, guild } = ctx;
  const settings = await requireSettings(app.db, guild.id);
  if (settings.audienceSegmentId !== null) {
    const segment = await segmentOf(app.db, guild.id, settings.audienceSegmentId).catch(
      () => undefined,
    );
    if (
      segment === undefined ||
      !(await isInSegment(app.db, guild.id, segment.id, ctx.userId, app.now()))
    )
      throw new UserError('intros.notAudience', { audience: `**${segment?.name ?? '—'}**` });
    return;
  }
  if (settings.audienceRoleId === null) return;
  const member = ctx.interaction.member;
  const roles =
    member === null
      ? []
      : Array.isArray(member.roles)
        ? member.roles
        : [...member.roles.cache.keys()];
  if (!roles.includes(settings.audienceRoleId))
    throw new UserError('intros.notAudience', { audience: `<@&${settings.audienceRoleId}>` });
}

async function join(ctx: InteractionContext): Promise<void> {
  await checkAudience(ctx);
  const { already } = await joinIntros(ctx.app.db, ctx.guild.id, ctx.userId, ctx.app.now());
  await ctx.reply({ content: ctx.t(already ? 'intros.alreadyIn' : 'intros.joined') });
}

/** A bot is never matched, and never avoided. */
function memberOf(user: { id: string; bot?: boolean }): string {
  if (user.bot === true) throw new UserError('error.invalidReference');
  return user.id;
}

async function criteriaOf(
  ctx: InteractionContext,
  args: { share?: number; give?: number; get?: number; mix?: number },
): Promise<Criterion[]> {
  if ((args.give === undefined) !== (args.get === undefined))
    throw new UserError('intros.giveAndGet');
  const questions = new Map(
    (await activeQuestions(ctx.app.db, ctx.guild.id)).map((q) => [q.id, q.definition]),
  );
  const choice = (id: number) => {
    const q = questions.get(id);
    if (q === undefined) throw new UserError('intros.noSuchQuestion');
    if (q.kind !== 'single' && q.kind !== 'multi') throw new UserError('intros.choicesOnly');
    return id;
  };
  const criteria: Criterion[] = [];
  if (args.share !== undefined) criteria.push({ mode: 'share', question: choice(args.share) });
  if (args.give !== undefined && args.get !== undefined)
    criteria.push({ mode: 'complement', question: choice(args.give), other: choice(args.get) });
  if (args.mix !== undefined) {
    const q = questions.get(args.mix);
    if (q === undefined) throw new UserError('intros.noSuchQuestion');
    if (q.kind !== 'scale') throw new UserError('intros.scaleOnly');
    criteria.push({ mode: 'mix', question: args.mix });
  }
  return criteria;
}

async function questionChoices(
  ctx: { app: InteractionContext['app']; guild: { id: string } },
  typed: string,
) {
  return (await activeQuestions(ctx.app.db, ctx.guild.id))
    .filter((q) => q.definition.label.toLowerCase().includes(typed.toLowerCase()))
    .map((q) => ({
      name: clip(`${q.position}. ${q.definition.label}`, DISCORD_LIMITS.autocompleteName),
      value: q.id,
    }));
}

export const command = defineCommand(data, {
  audience: 'everyone',
  // Its settings (and their autocomplete: segment names, questionnaire text) are for managers.
  managerSubcommands: ['setup', 'off', 'status'],
  defer: 'ephemeral',
  subcommands: {
    join: (ctx) => join(ctx),
    async leave(ctx) {
      const { already } = await leaveIntros(ctx.app.db, ctx.guild.id, ctx.userId, ctx.app.now());
      await ctx.reply({ content: ctx.t(already ? 'intros.alreadyOut' : 'intros.left') });
    },
    async pause(ctx, args) {
      await checkAudience(ctx);
      const { until } = await pauseIntros(
        ctx.app.db,
        ctx.guild.id,
        ctx.userId,
        args.weeks,
        ctx.app.now(),
      );
      await ctx.reply({ content: ctx.t('intros.paused', { until: stamp(until, 'F') }) });
    },
    async avoid(ctx, args) {
      const other = memberOf(args.member);
      const { already } = await avoidMember(
        ctx.app.db,
        erasureKeyOf(ctx.app),
        ctx.guild.id,
        ctx.userId,
        other,
        ctx.app.now(),
      );
      await ctx.reply({
        content: ctx.t(already ? 'intros.alreadyAvoided' : 'intros.avoided', {
          member: `<@${other}>`,
        }),
      });
    },
    async unavoid(ctx, args) {
      const other = memberOf(args.member);
      const { removed } = await unavoidMember(
        ctx.app.db,
        erasureKeyOf(ctx.app),
        ctx.guild.id,
        ctx.userId,
        other,
      );
      await ctx.reply({
        content: ctx.t(removed ? 'intros.unavoided' : 'intros.notAvoided', {
          member: `<@${other}>`,
        }),
      });
    },
    async setup(ctx, args) {
      requireManager(ctx);
      const { app, guild, settings: guildSettings, t } = ctx;
      const channelId = pickedChannel(ctx, args.channel, THREAD_PARENTS);
      // What a round needs there, checked like /hearth status checks it.
      const missing = missingInIntroChannel(guild, channelId);
      if (missing !== 'gone' && missing.length > 0)
        throw new UserError('intros.channelMissing', {
          channel: `<#${channelId}>`,
          permissions: missing.map((name) => t(`perm.${name}`)).join(', '),
        });
      const segmentId = args.segment ?? null;
      if (segmentId !== null) await segmentOf(app.db, guild.id, segmentId);
      if (
        args.role !== undefined &&
        (args.role.id === guild.id || !guild.roles.cache.has(args.role.id))
      )
        throw new UserError('error.invalidReference');
      const weekday = Number(args.day);
      const settings = await setupIntros(
        app.db,
        guild.id,
        {
          cadence: args.cadence,
          weekday,
          hour: args.hour,
          minute: 0,
          groupSize: args.size === 3 ? 3 : 2,
          channelId,
          audienceRoleId: args.role?.id ?? null,
          audienceSegmentId: segmentId,
          criteria: await criteriaOf(ctx, args),
          ...(args.no_repeat === undefined ? {} : { historyRounds: args.no_repeat }),
          zone: guildSettings.timezone,
        },
        app.now(),
      );
      const local = localTime(guildSettings.timezone, settings.nextRoundAt);
      await ctx.reply({
        content: t('intros.setupDone', {
          cadence: t(`intros.cadence.${settings.cadence}`),
          day: t(`intros.day.${settings.weekday}` as MessageKey),
          time: `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`,
          size: settings.groupSize,
          channel: `<#${settings.channelId}>`,
          next: stamp(settings.nextRoundAt, 'F'),
        }),
        components: [
          button(introRoutes.join.build({}), t('intros.joinButton'), ButtonStyle.Success),
        ],
      });
    },
    async off(ctx) {
      requireManager(ctx);
      const done = await disableIntros(ctx.app.db, ctx.guild.id, ctx.app.now());
      await ctx.reply({ content: ctx.t(done ? 'intros.offDone' : 'intros.offAlready') });
    },
    async status(ctx) {
      requireManager(ctx);
      const { app, guild, t } = ctx;
      // The pool as the next round would see it: in the server and in the audience (role or
      // segment) now, read from Discord as a round reads it.
      const settings = await requireSettings(app.db, guild.id);
      const eligibility = await eligibilityOf(app, guild.client, guild.id, settings, app.now());
      const status = await introStatus(app.db, guild.id, app.now(), eligibility);
      const s = status.settings;
      const paused = status.paused
        .slice(0, 20)
        .map((p) =>
          t('intros.pausedLine', { member: `<@${p.userId}>`, until: stamp(p.until, 'f') }),
        );
      const lines = [
        t('intros.statusHeader', {
          cadence: t(`intros.cadence.${s.cadence}`),
          size: s.groupSize,
          next: stamp(s.nextRoundAt, 'F'),
          pool: status.pool,
          paused: status.paused.length,
          asked: status.asked,
          outside: status.outside,
        }),
        status.round === undefined
          ? t('intros.statusNoRound')
          : t('intros.statusRound', { ...status.round, at: stamp(status.round.createdAt, 'f') }),
        ...paused,
      ];
      await ctx.reply({ content: clip(lines.join('\n'), DISCORD_LIMITS.content) });
    },
  },
  autocomplete: {
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({
          name: clip(`${s.name} (${s.shownCount})`, DISCORD_LIMITS.autocompleteName),
          value: s.id,
        }));
    },
    share: (ctx, typed) => questionChoices(ctx, typed),
    give: (ctx, typed) => questionChoices(ctx, typed),
    get: (ctx, typed) => questionChoices(ctx, typed),
    mix: (ctx, typed) => questionChoices(ctx, typed),
  },
});

export const components = [
  component({
    kind: 'button',
    route: introRoutes.join,
    audience: 'everyone',
    defer: 'ephemeral',
    execute: (ctx) => join(ctx),
  }),
  // "Did you meet?": the group is reloaded in the server Discord named, and only its members
  // answer, each for themselves (the id names the group, never who answers).
  component({
    kind: 'button',
    route: introRoutes.met,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const answer = MET.find((m) => m === args.answer);
      if (answer === undefined) throw new UserError('error.unknownInteraction');
      const { before } = await answerCheckIn(
        ctx.app.db,
        ctx.guild.id,
        args.group,
        ctx.userId,
        answer,
        ctx.app.now(),
      );
      await ctx.reply({
        // A first answer, or the same one again, is noted; a different one updates it.
        content: ctx.t(
          before === null || before === answer ? 'intros.checkInSaved' : 'intros.checkInChanged',
        ),
      });
    },
  }),
  // Stay / Pause / Leave, in a DM: the guild in the id is a reference, checked by the router, and
  // only someone Hearth asked (in that server) can answer, for themselves.
  component({
    kind: 'button',
    route: introRoutes.stay,
    audience: 'everyone',
    defer: 'ephemeral',
    guildFromArgs: (args) => args.guild,
    async execute(ctx, args) {
      const choice = STAY.find((c) => c === args.choice);
      if (choice === undefined) throw new UserError('error.unknownInteraction');
      const { asked } = await answerStay(
        ctx.app.db,
        ctx.guild.id,
        ctx.userId,
        choice,
        ctx.app.now(),
      );
      await ctx.reply({
        content: ctx.t(asked ? `intros.stayDone.${choice}` : 'intros.stayNotAsked'),
      });
    },
  }),
];
