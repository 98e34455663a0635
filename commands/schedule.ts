import { ChannelType, TimestampStyles, time } from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  option,
  pickedChannel,
  pickedMention,
  subcommand,
  type ArgumentsOf,
} from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import type { MessageKey, Translate } from '../src/features/prompts/messages.js';
import { component, defineCommand, type CommandContext } from '../src/core/handlers.js';
import { outboxOf } from '../src/core/outbox/index.js';
import type { InteractionContext } from '../src/core/context.js';
import { listMessage } from '../src/core/pages.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import { promptRoutes } from '../src/features/prompts/routes.js';
import { cleanTag, promptOf } from '../src/features/prompts/bank.js';
import {
  claimNow,
  createSchedule,
  listSchedules,
  parseTimeOfDay,
  pauseSchedule,
  previewNext,
  removeSchedule,
  resumeSchedule,
  skipNext,
  type Pick,
  type Schedule,
} from '../src/features/prompts/schedules.js';
import { localTime, type ScheduleRule } from '../src/core/local-time.js';
// Registers the strings the definition below reads.
import '../src/features/prompts/messages.js';
import { listSegments, segmentReach } from '../src/features/segments/api.js';

const scheduleOption = option.integer('schedule', 'cmd.opt.schedule', {
  required: true,
  autocomplete: true,
});
/** Where prompts can go: under a thread in a text or announcement channel, or as a forum post. */
const PROMPT_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
] as const;
const channelOption = option.channel('channel', 'cmd.opt.channel', {
  required: true,
  channel_types: [...PROMPT_CHANNELS],
});
const PICKS: readonly Pick[] = ['queue', 'least_used', 'random'];
const commonOptions = [
  option.string('tag', 'cmd.opt.tag', { max_length: 32 }),
  option.string('pick', 'cmd.opt.pick', {
    choices: localizedChoices(PICKS, (value) => `prompts.pick.${value}`),
  }),
  option.integer('segment', 'cmd.opt.scheduleSegment', { autocomplete: true }),
  option.role('mention', 'cmd.opt.mention'),
] as const;

const data = {
  ...managerCommand('schedule', 'cmd.schedule'),
  options: [
    subcommand('weekly', 'cmd.schedule.weekly', [
      channelOption,
      option.string('days', 'cmd.opt.days', { required: true, autocomplete: true, max_length: 60 }),
      option.string('time', 'cmd.opt.time', { required: true, max_length: 5 }),
      option.integer('every_weeks', 'cmd.opt.everyWeeks', { min_value: 1, max_value: 8 }),
      ...commonOptions,
    ]),
    subcommand('cron', 'cmd.schedule.cron', [
      channelOption,
      option.string('expression', 'cmd.opt.expression', { required: true, max_length: 100 }),
      ...commonOptions,
    ]),
    subcommand('list', 'cmd.schedule.list'),
    subcommand('pause', 'cmd.schedule.pause', [scheduleOption]),
    subcommand('resume', 'cmd.schedule.resume', [scheduleOption]),
    subcommand('skip', 'cmd.schedule.skip', [scheduleOption]),
    subcommand('now', 'cmd.schedule.now', [scheduleOption]),
    subcommand('preview', 'cmd.schedule.preview', [scheduleOption]),
    subcommand('remove', 'cmd.schedule.remove', [scheduleOption]),
  ],
} as const;

type Args = ArgumentsOf<typeof data>;

const DAY_NAMES: Record<string, number> = {
  sun: 0,
  sunday: 0,
  dom: 0,
  domenica: 0,
  mon: 1,
  monday: 1,
  lun: 1,
  lunedi: 1,
  lunedì: 1,
  tue: 2,
  tuesday: 2,
  mar: 2,
  martedi: 2,
  martedì: 2,
  wed: 3,
  wednesday: 3,
  mer: 3,
  mercoledi: 3,
  mercoledì: 3,
  thu: 4,
  thursday: 4,
  gio: 4,
  giovedi: 4,
  giovedì: 4,
  fri: 5,
  friday: 5,
  ven: 5,
  venerdi: 5,
  venerdì: 5,
  sat: 6,
  saturday: 6,
  sab: 6,
  sabato: 6,
};

/** "mon, thu", "lun gio", "Monday" → weekday numbers; a word it does not know is an error. */
export function parseWeekdays(text: string): number[] {
  const words = text
    .toLowerCase()
    .split(/[\s,;/]+/)
    .filter((w) => w.length > 0);
  const days = words.map((w) => DAY_NAMES[w]);
  if (words.length === 0 || days.some((d) => d === undefined))
    throw new UserError('prompts.badWeekdays');
  return [...new Set(days as number[])].sort();
}

function describeSchedule(s: Schedule, tr: Translate, zone: string): string {
  const rule =
    s.rule.kind === 'cron'
      ? `\`${s.rule.expression}\``
      : tr('prompts.weeklyRule', {
          days: s.rule.weekdays.map((d) => tr(`prompts.day.${d}` as MessageKey)).join(', '),
          time: `${String(s.rule.hour).padStart(2, '0')}:${String(s.rule.minute).padStart(2, '0')}`,
          every: s.rule.everyWeeks,
        });
  const next =
    s.state === 'paused'
      ? tr('prompts.pausedState')
      : s.nextRunAt === null
        ? tr('prompts.noNext')
        : time(Math.floor(s.nextRunAt / 1000), TimestampStyles.LongDateTime);
  return tr('prompts.scheduleLine', {
    id: s.id,
    channel: `<#${s.channelId}>`,
    rule,
    zone,
    tag: s.tag ?? tr('prompts.anyTag'),
    pick: tr(`prompts.pick.${s.pick}`),
    next,
  });
}

/** Creates a schedule from the options `/schedule weekly` and `/schedule cron` share. */
async function create(
  ctx: CommandContext,
  args: Args['weekly'] | Args['cron'],
  ruleOf: (zone: string, now: number) => ScheduleRule,
): Promise<void> {
  const { app, guild, t } = ctx;
  const zone = ctx.settings.timezone;
  const now = app.now();
  const channelId = pickedChannel(ctx, args.channel, PROMPT_CHANNELS);
  const tag = cleanTag(args.tag);
  const pick = args.pick ?? 'queue';
  const rule = ruleOf(zone, now);
  // Aimed at a segment: posted in a channel its members can see.
  const segmentId = args.segment ?? null;
  const reach =
    segmentId === null ? undefined : await segmentReach(app, guild, segmentId, channelId);
  if (reach !== undefined && reach.members > 0 && reach.cannotSee === reach.members)
    throw new UserError('prompts.segmentCannotSee', {
      segment: reach.name,
      channel: `<#${channelId}>`,
    });
  const mention =
    args.mention === undefined ? undefined : { id: pickedMention(ctx, args.mention, channelId) };
  const schedule = await createSchedule(
    app.db,
    guild.id,
    { channelId, rule, tag, pick, segmentId, mentionRoleId: mention?.id ?? null },
    zone,
    now,
  );
  const notes: string[] = [];
  if (reach !== undefined)
    notes.push(
      t('prompts.forSegment', { segment: reach.name, count: reach.members }),
      ...(reach.cannotSee > 0
        ? [
            t('prompts.segmentSomeCannotSee', {
              count: reach.cannotSee,
              channel: `<#${channelId}>`,
            }),
          ]
        : []),
    );
  if (mention !== undefined) notes.push(t('prompts.mentions', { role: `<@&${mention.id}>` }));
  await ctx.reply({
    content: [`${t('prompts.scheduled')}\n${describeSchedule(schedule, t, zone)}`, ...notes].join(
      '\n',
    ),
  });
}

/** After a change to one schedule: that schedule as it is now. */
async function showSchedule(ctx: CommandContext, id: number): Promise<void> {
  const all = await listSchedules(ctx.app.db, ctx.guild.id);
  await ctx.reply({
    content: describeSchedule(
      all.find((s) => s.id === id)!,
      ctx.t,
      ctx.settings.timezone,
    ),
  });
}

/** One page of the schedules with their next posts. */
async function schedulesPayload(ctx: InteractionContext, page: number) {
  const schedules = await listSchedules(ctx.app.db, ctx.guild.id);
  if (schedules.length === 0) return { content: ctx.t('prompts.noSchedules'), components: [] };
  const { content, components } = listMessage({
    header: ctx.t('prompts.schedulesTitle', { count: schedules.length }),
    lines: schedules.map((s) => describeSchedule(s, ctx.t, ctx.settings.timezone)),
    page,
    customIdOf: (n) => promptRoutes.schedulesPage.build({ page: n }),
    t: ctx.t,
  });
  return { content, components };
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    weekly: (ctx, args) =>
      create(ctx, args, (zone, now) => {
        const at = parseTimeOfDay(args.time);
        if (at === undefined) throw new UserError('prompts.badTime');
        const today = localTime(zone, now);
        return {
          kind: 'weekly',
          weekdays: parseWeekdays(args.days),
          ...at,
          everyWeeks: args.every_weeks ?? 1,
          anchor: `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
        };
      }),
    cron: (ctx, args) => create(ctx, args, () => ({ kind: 'cron', expression: args.expression })),
    async list(ctx) {
      await ctx.reply(await schedulesPayload(ctx, 0));
    },
    async pause(ctx, { schedule }) {
      await pauseSchedule(ctx.app.db, ctx.guild.id, schedule);
      await showSchedule(ctx, schedule);
    },
    async resume(ctx, { schedule }) {
      const { app } = ctx;
      await resumeSchedule(app.db, ctx.guild.id, schedule, ctx.settings.timezone, app.now());
      await showSchedule(ctx, schedule);
    },
    async skip(ctx, { schedule }) {
      const { app } = ctx;
      await skipNext(app.db, ctx.guild.id, schedule, ctx.settings.timezone, app.now());
      await showSchedule(ctx, schedule);
    },
    async remove(ctx, { schedule }) {
      await removeSchedule(ctx.app.db, ctx.guild.id, schedule);
      await ctx.reply({ content: ctx.t('prompts.scheduleRemoved', { id: schedule }) });
    },
    async now(ctx, { schedule }) {
      const { app, guild } = ctx;
      // The same worker as scheduled runs posts it; concurrent requests make one run.
      await claimNow(app.db, guild.id, schedule, app.now());
      outboxOf(app).kick();
      await ctx.reply({ content: ctx.t('prompts.postingNow') });
    },
    async preview(ctx, { schedule }) {
      const { app, guild, t } = ctx;
      const next = await previewNext(app.db, guild.id, schedule);
      const prompt =
        next.promptId === null ? undefined : await promptOf(app.db, guild.id, next.promptId);
      await ctx.reply({
        content: t('prompts.preview', {
          at:
            next.at === null
              ? t('prompts.noNext')
              : time(Math.floor(next.at / 1000), TimestampStyles.LongDateTime),
          text: prompt?.text ?? t('prompts.bankEmpty'),
        }),
      });
    },
  },
  autocomplete: {
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({ name: `${s.name} (${s.shownCount})`.slice(0, 100), value: s.id }));
    },
    days({ locale }, typed) {
      const presets =
        locale === 'it'
          ? [
              'lun',
              'mer',
              'ven',
              'lun, gio',
              'lun, mer, ven',
              'sab, dom',
              'lun, mar, mer, gio, ven',
            ]
          : [
              'mon',
              'wed',
              'fri',
              'mon, thu',
              'mon, wed, fri',
              'sat, sun',
              'mon, tue, wed, thu, fri',
            ];
      return Promise.resolve(
        [...new Set([typed.trim(), ...presets].filter((p) => p.length > 0))]
          .slice(0, 25)
          .map((p) => ({ name: p, value: p })),
      );
    },
    async schedule({ app, guild }) {
      const schedules = await listSchedules(app.db, guild.id);
      return schedules.map((s) => ({ name: scheduleLabel(s), value: s.id }));
    },
  },
});

/** How a schedule reads in the autocomplete list: its id and rule, at most 100 characters. */
function scheduleLabel(s: Schedule): string {
  const rule =
    s.rule.kind === 'cron'
      ? s.rule.expression
      : `${s.rule.weekdays.join(',')} ${s.rule.hour}:${String(s.rule.minute).padStart(2, '0')}`;
  return clip(`#${s.id} ${rule}`, DISCORD_LIMITS.autocompleteName);
}

export const components = [
  component({
    kind: 'button',
    route: promptRoutes.schedulesPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await schedulesPayload(ctx, args.page)),
  }),
];
