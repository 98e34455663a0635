import {
  ApplicationCommandOptionType,
  TimestampStyles,
  time,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { localizedChoices, managerCommand, subcommand } from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { commandText } from '../src/features/insights/messages.js';
import type { Command } from '../src/core/handlers.js';
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

const PERIODS = { week: 7, month: 30, quarter: 91 } as const;
type Period = keyof typeof PERIODS;

const data = {
  ...managerCommand('insights', 'cmd.insights.description'),
  options: [
    subcommand('cmd.insights.overview.name', 'cmd.insights.overview.description', [
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.period.name', 'cmd.opt.period.description'),
        choices: localizedChoices(
          Object.keys(PERIODS) as Period[],
          (value) => `insights.period.${value}`,
        ),
      },
    ]),
    subcommand('cmd.insights.trends.name', 'cmd.insights.trends.description'),
    subcommand('cmd.insights.prompts.name', 'cmd.insights.prompts.description'),
    subcommand('cmd.insights.retention.name', 'cmd.insights.retention.description'),
    subcommand('cmd.insights.member.name', 'cmd.insights.member.description', [
      {
        type: ApplicationCommandOptionType.User,
        ...commandText('cmd.opt.member.name', 'cmd.opt.member.description'),
        required: true,
      },
    ]),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const dayStamp = (day: number) =>
  time(Math.floor((day * 86_400_000) / 1000), TimestampStyles.ShortDate);

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t } = ctx;
    const options = ctx.interaction.options;
    // Whole days up to yesterday: today is still being written.
    const today = dayOf(app.now()) - 1;
    switch (options.getSubcommand(true)) {
      case 'overview': {
        const period = (options.getString('period') ?? 'week') as Period;
        if (!(period in PERIODS)) throw new UserError('error.invalidReference');
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
        return;
      }
      case 'trends': {
        const weeks = await trends(app.db, guild.id, today, 12);
        await ctx.reply({
          embeds: [{ title: t('insights.chartTitle'), image: { url: 'attachment://trends.png' } }],
          files: [{ attachment: await trendsChart(weeks, t), name: 'trends.png' }],
        });
        return;
      }
      case 'prompts': {
        const stats = await promptStats(app.db, guild.id);
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
        return;
      }
      case 'retention': {
        const cohorts = await retention(app.db, guild.id, today);
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
        return;
      }
      case 'member': {
        const user = options.getUser('member', true);
        // A member who asked not to be shown by name is not shown, to anyone; their activity still counts in totals.
        if ((await hiddenMembers(app.db, guild.id)).has(user.id)) {
          await ctx.reply({ content: t('insights.memberHidden') });
          return;
        }
        const a = await memberActivity(app.db, guild.id, user.id, today - 27, today);
        const profile = await answersEmbed(app, guild.id, user.id, t, t('insights.memberTitle'));
        const activity = t('insights.memberActivity', {
          messages: a.messages,
          replies: a.replies,
          threads: a.threads,
          days: a.activeDays,
          last: a.lastDay === null ? t('insights.never') : dayStamp(a.lastDay),
          words: a.averageWords === null ? '—' : a.averageWords.toFixed(0),
        });
        await ctx.reply({ embeds: [{ ...profile, description: `<@${user.id}>\n${activity}` }] });
        return;
      }
      default:
        throw new UserError('error.unknownInteraction');
    }
  },
};
