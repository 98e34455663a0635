import {
  ApplicationCommandOptionType,
  ChannelType,
  TimestampStyles,
  time,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  pickedChannel,
  subcommand,
} from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { commandText, type MessageKey, type Translate } from '../src/features/prompts/messages.js';
import type { Command } from '../src/core/handlers.js';
import { pacerOf, runPromptTick } from '../src/features/prompts/discord.js';
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
import { localTime } from '../src/core/local-time.js';

const scheduleOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.schedule.name', 'cmd.opt.schedule.description'),
  required: true,
  autocomplete: true,
};
/** Where prompts can go: under a thread in a text or announcement channel, or as a forum post. */
const PROMPT_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
] as const;
const channelOption = {
  type: ApplicationCommandOptionType.Channel as const,
  ...commandText('cmd.opt.channel.name', 'cmd.opt.channel.description'),
  required: true,
  channel_types: [...PROMPT_CHANNELS],
};
const PICKS: readonly Pick[] = ['queue', 'least_used', 'random'];
const commonOptions = [
  {
    type: ApplicationCommandOptionType.String as const,
    ...commandText('cmd.opt.tag.name', 'cmd.opt.tag.description'),
    max_length: 32,
  },
  {
    type: ApplicationCommandOptionType.String as const,
    ...commandText('cmd.opt.pick.name', 'cmd.opt.pick.description'),
    choices: localizedChoices(PICKS, (value) => `prompts.pick.${value}`),
  },
];

const data = {
  ...managerCommand('schedule', 'cmd.schedule.description'),
  options: [
    subcommand('cmd.schedule.weekly.name', 'cmd.schedule.weekly.description', [
      channelOption,
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.days.name', 'cmd.opt.days.description'),
        required: true,
        autocomplete: true,
        max_length: 60,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.time.name', 'cmd.opt.time.description'),
        required: true,
        max_length: 5,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.everyWeeks.name', 'cmd.opt.everyWeeks.description'),
        min_value: 1,
        max_value: 8,
      },
      ...commonOptions,
    ]),
    subcommand('cmd.schedule.cron.name', 'cmd.schedule.cron.description', [
      channelOption,
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.expression.name', 'cmd.opt.expression.description'),
        required: true,
        max_length: 100,
      },
      ...commonOptions,
    ]),
    subcommand('cmd.schedule.list.name', 'cmd.schedule.list.description'),
    subcommand('cmd.schedule.pause.name', 'cmd.schedule.pause.description', [scheduleOption]),
    subcommand('cmd.schedule.resume.name', 'cmd.schedule.resume.description', [scheduleOption]),
    subcommand('cmd.schedule.skip.name', 'cmd.schedule.skip.description', [scheduleOption]),
    subcommand('cmd.schedule.now.name', 'cmd.schedule.now.description', [scheduleOption]),
    subcommand('cmd.schedule.preview.name', 'cmd.schedule.preview.description', [scheduleOption]),
    subcommand('cmd.schedule.remove.name', 'cmd.schedule.remove.description', [scheduleOption]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

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

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t } = ctx;
    const zone = ctx.settings.timezone;
    const options = ctx.interaction.options;
    const now = app.now();
    const sub = options.getSubcommand(true);
    if (sub === 'weekly' || sub === 'cron') {
      const channelId = pickedChannel(ctx, PROMPT_CHANNELS);
      const tag = cleanTag(options.getString('tag'));
      const pick = (options.getString('pick') ?? 'queue') as Pick;
      if (!PICKS.includes(pick)) throw new UserError('error.invalidReference');
      let rule;
      if (sub === 'weekly') {
        const at = parseTimeOfDay(options.getString('time', true));
        if (at === undefined) throw new UserError('prompts.badTime');
        const today = localTime(zone, now);
        rule = {
          kind: 'weekly' as const,
          weekdays: parseWeekdays(options.getString('days', true)),
          ...at,
          everyWeeks: options.getInteger('every_weeks') ?? 1,
          anchor: `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`,
        };
      } else {
        rule = { kind: 'cron' as const, expression: options.getString('expression', true) };
      }
      const schedule = await createSchedule(
        app.db,
        guild.id,
        { channelId, rule, tag, pick },
        zone,
        now,
      );
      await ctx.reply({
        content: `${t('prompts.scheduled')}\n${describeSchedule(schedule, t, zone)}`,
      });
      return;
    }
    if (sub === 'list') {
      const schedules = await listSchedules(app.db, guild.id);
      await ctx.reply({
        content:
          schedules.length === 0
            ? t('prompts.noSchedules')
            : schedules
                .map((s) => describeSchedule(s, t, zone))
                .join('\n')
                .slice(0, 2000),
      });
      return;
    }
    const id = options.getInteger('schedule', true);
    switch (sub) {
      case 'pause':
        await pauseSchedule(app.db, guild.id, id);
        break;
      case 'resume':
        await resumeSchedule(app.db, guild.id, id, zone, now);
        break;
      case 'skip':
        await skipNext(app.db, guild.id, id, zone, now);
        break;
      case 'remove':
        await removeSchedule(app.db, guild.id, id);
        await ctx.reply({ content: t('prompts.scheduleRemoved', { id }) });
        return;
      case 'now': {
        await claimNow(app.db, guild.id, id, now);
        await ctx.reply({ content: t('prompts.postingNow') });
        await runPromptTick(app, guild.client, pacerOf(app));
        return;
      }
      case 'preview': {
        const next = await previewNext(app.db, guild.id, id);
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
        return;
      }
      default:
        throw new UserError('error.unknownInteraction');
    }
    const all = await listSchedules(app.db, guild.id);
    await ctx.reply({
      content: describeSchedule(
        all.find((s) => s.id === id)!,
        t,
        zone,
      ),
    });
  },
  async autocomplete({ interaction, app, guild, locale }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'days') {
      const it = locale === 'it';
      const presets = it
        ? ['lun', 'mer', 'ven', 'lun, gio', 'lun, mer, ven', 'sab, dom', 'lun, mar, mer, gio, ven']
        : ['mon', 'wed', 'fri', 'mon, thu', 'mon, wed, fri', 'sat, sun', 'mon, tue, wed, thu, fri'];
      const typed = String(focused.value).trim();
      return [...new Set([typed, ...presets].filter((p) => p.length > 0))]
        .slice(0, 25)
        .map((p) => ({ name: p, value: p }));
    }
    const schedules = await listSchedules(app.db, guild.id);
    return schedules.map((s) => ({
      name: `#${s.id} ${s.rule.kind === 'cron' ? s.rule.expression : `${s.rule.weekdays.join(',')} ${s.rule.hour}:${String(s.rule.minute).padStart(2, '0')}`}`.slice(
        0,
        100,
      ),
      value: s.id,
    }));
  },
};
