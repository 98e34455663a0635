import { TimestampStyles, time } from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  option,
  subcommand,
} from '../src/core/command-options.js';
import { defineCommand } from '../src/core/handlers.js';
import { humanCount, overviewLines, trendsChart } from '../src/features/insights/discord.js';
import { answersEmbed } from '../src/features/onboarding/api.js';
import {
  dayOf,
  hiddenMembers,
  memberActivity,
  overview,
  retention,
  RETENTION_WEEKS,
  trends,
} from '../src/features/insights/service.js';
import { promptStats } from '../src/features/prompts/api.js';
// Registers the strings the definition below reads.
import '../src/features/insights/messages.js';

const PERIODS = { week: 7, month: 30, quarter: 91 } as const;
type Period = keyof typeof PERIODS;

const data = {
  ...managerCommand('insights', 'cmd.insights.description'),
  options: [
    subcommand('overview', 'cmd.insights.overview', [
      option.string('period', 'cmd.opt.period', {
        choices: localizedChoices(
          Object.keys(PERIODS) as Period[],
          (value) => `insights.period.${value}`,
        ),
      }),
    ]),
    subcommand('trends', 'cmd.insights.trends'),
    subcommand('prompts', 'cmd.insights.prompts'),
    subcommand('retention', 'cmd.insights.retention'),
    subcommand('member', 'cmd.insights.member', [
      option.user('member', 'cmd.opt.member', { required: true }),
    ]),
  ],
} as const;

const dayStamp = (day: number) =>
  time(Math.floor((day * 86_400_000) / 1000), TimestampStyles.ShortDate);

/** Whole days up to yesterday: today is still being written. */
const lastWholeDay = (now: number) => dayOf(now) - 1;

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async overview(ctx, { period = 'week' }) {
      const { app, guild, t } = ctx;
      const today = lastWholeDay(app.now());
      const o = await overview(
        app.db,
        guild.id,
        today - PERIODS[period] + 1,
        today,
        await humanCount(guild.client, guild.id),
      );
      await ctx.reply({
        embeds: [
          {
            title: t('insights.overviewTitle', {
              from: dayStamp(o.fromDay),
              to: dayStamp(o.toDay),
            }),
            description: overviewLines(o, t).join('\n'),
          },
        ],
      });
    },
    async trends(ctx) {
      const { app, guild, t } = ctx;
      const weeks = await trends(app.db, guild.id, lastWholeDay(app.now()), 12);
      await ctx.reply({
        embeds: [{ title: t('insights.chartTitle'), image: { url: 'attachment://trends.png' } }],
        files: [{ attachment: await trendsChart(weeks, t), name: 'trends.png' }],
      });
    },
    async prompts(ctx) {
      const { t } = ctx;
      const stats = await promptStats(ctx.app.db, ctx.guild.id);
      await ctx.reply({
        content:
          stats.length === 0
            ? t('prompts.statsEmpty')
            : [
                t('prompts.statsTitle'),
                ...stats.map((s, i) =>
                  t('prompts.statsLine', {
                    rank: i + 1,
                    text: s.text.slice(0, 80),
                    repliers: s.repliers,
                    replies: s.replies,
                    posts: s.posts,
                  }),
                ),
              ]
                .join('\n')
                .slice(0, 2000),
      });
    },
    async retention(ctx) {
      const { app, guild, t } = ctx;
      const cohorts = await retention(app.db, guild.id, lastWholeDay(app.now()));
      const header = t('insights.retentionHeader', { weeks: RETENTION_WEEKS.join(' / ') });
      const lines = cohorts.map((c) =>
        t('insights.retentionLine', {
          week: dayStamp(c.weekDay),
          joined: c.joined,
          after: c.activeAfter.map((n) => (n === null ? '…' : `${n}`)).join(' / '),
        }),
      );
      await ctx.reply({
        content:
          cohorts.length === 0
            ? t('insights.retentionEmpty')
            : [header, ...lines].join('\n').slice(0, 2000),
      });
    },
    async member(ctx, { member }) {
      const { app, guild, t } = ctx;
      const today = lastWholeDay(app.now());
      // A member who asked not to be shown by name is not shown, to anyone; their activity still counts in totals.
      if ((await hiddenMembers(app.db, guild.id)).has(member.id)) {
        await ctx.reply({ content: t('insights.memberHidden') });
        return;
      }
      const a = await memberActivity(app.db, guild.id, member.id, today - 27, today);
      const profile = await answersEmbed(app, guild.id, member.id, t, t('insights.memberTitle'));
      const activity = t('insights.memberActivity', {
        messages: a.messages,
        replies: a.replies,
        threads: a.threads,
        days: a.activeDays,
        last: a.lastDay === null ? t('insights.never') : dayStamp(a.lastDay),
        words: a.averageWords === null ? '—' : a.averageWords.toFixed(0),
      });
      await ctx.reply({ embeds: [{ ...profile, description: `<@${member.id}>\n${activity}` }] });
    },
  },
});
