import { TimestampStyles, time } from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  option,
  subcommand,
} from '../src/core/command-options.js';
import { component, defineCommand } from '../src/core/handlers.js';
import type { InteractionContext } from '../src/core/context.js';
import { fitEmbed, replyWithEmbeds } from '../src/core/embeds.js';
import { listMessage } from '../src/core/pages.js';
import { clip } from '../src/core/text.js';
import { insightsRoutes } from '../src/features/insights/routes.js';
import {
  eventLines,
  humanCount,
  overviewLines,
  trendsChart,
} from '../src/features/insights/discord.js';
import { answerMessages } from '../src/features/onboarding/api.js';
import {
  dayOf,
  FIGURE_MIN,
  hiddenLeftOut,
  hiddenMembers,
  memberActivity,
  overview,
  retention,
  RETENTION_WEEKS,
  trends,
} from '../src/features/insights/service.js';
import { promptStats } from '../src/features/prompts/api.js';
import { introHistory } from '../src/features/intros/api.js';
import { introFigures, type Rate } from '../src/features/insights/intros.js';

import { eventFigures } from '../src/features/insights/events.js';
import { endedEventsBetween } from '../src/features/events/api.js';

import { trustPolicy } from '../src/core/config.js';
import {
  listSegments,
  segmentMembers,
  segmentOf,
  shownMembership,
} from '../src/features/segments/api.js';
// Registers the strings the definition below reads.
import '../src/features/insights/messages.js';

const PERIODS = { week: 7, month: 30, quarter: 91 } as const;
type Period = keyof typeof PERIODS;

const data = {
  ...managerCommand('insights', 'cmd.insights'),
  options: [
    subcommand('overview', 'cmd.insights.overview', [
      option.string('period', 'cmd.opt.period', {
        choices: localizedChoices(
          Object.keys(PERIODS) as Period[],
          (value) => `insights.period.${value}`,
        ),
      }),
      option.integer('segment', 'cmd.opt.insightsSegment', { autocomplete: true }),
    ]),
    subcommand('trends', 'cmd.insights.trends'),
    subcommand('prompts', 'cmd.insights.prompts'),
    subcommand('retention', 'cmd.insights.retention'),
    subcommand('member', 'cmd.insights.member', [
      option.user('member', 'cmd.opt.member', { required: true }),
    ]),
    subcommand('intros', 'cmd.insights.intros'),
    subcommand('events', 'cmd.insights.events', [
      option.string('period', 'cmd.opt.eventsPeriod', {
        choices: localizedChoices(
          Object.keys(PERIODS) as Period[],
          (value) => `insights.period.${value}`,
        ),
      }),
    ]),
  ],
} as const;

/** A segment's figures are shown only for this many members or more (no pointing at individuals). */
const SEGMENT_MIN = FIGURE_MIN;

/** The latest rounds listed one by one in /insights intros (all count in the totals). */
const INTRO_ROUNDS_SHOWN = 8;

const dayStamp = (day: number) =>
  time(Math.floor((day * 86_400_000) / 1000), TimestampStyles.ShortDate);

/** Whole days up to yesterday: today is still being written. */
const lastWholeDay = (now: number) => dayOf(now) - 1;

/** One page of the prompts that started conversations. */
async function promptsPayload(ctx: InteractionContext, page: number) {
  const { t } = ctx;
  const stats = await promptStats(ctx.app.db, ctx.guild.id);
  if (stats.length === 0) return { content: t('prompts.statsEmpty'), components: [] };
  const { content, components } = listMessage({
    header: t('prompts.statsTitle'),
    lines: stats.map((s, i) =>
      t('prompts.statsLine', {
        rank: i + 1,
        text: clip(s.text.replace(/\s+/g, ' '), 80),
        repliers: s.repliers,
        replies: s.replies,
        posts: s.posts,
      }),
    ),
    page,
    customIdOf: (n) => insightsRoutes.promptsPage.build({ page: n }),
    t,
  });
  return { content, components };
}

/** One page of the join cohorts of the last weeks and who is still active. */
async function retentionPayload(ctx: InteractionContext, page: number) {
  const { t } = ctx;
  const min = trustPolicy(ctx.app.config).anonymityMinResponses;
  const cohorts = await retention(ctx.app.db, ctx.guild.id, lastWholeDay(ctx.app.now()), 12, min);
  if (cohorts.length === 0) return { content: t('insights.retentionEmpty'), components: [] };
  // Each cohort leaves out its hidden members when fewer than the minimum joined in it: said
  // whenever the server has any, so the line itself says nothing of when they joined.
  const hidden = (await hiddenMembers(ctx.app.db, ctx.guild.id)).size > 0;
  const { content, components } = listMessage({
    header: [
      t('insights.retentionHeader', { weeks: RETENTION_WEEKS.join(' / ') }),
      ...(hidden ? [t('insights.hiddenLeftOut', { min })] : []),
    ].join('\n'),
    lines: cohorts.map((c) =>
      t('insights.retentionLine', {
        week: dayStamp(c.weekDay),
        joined: c.joined,
        after: c.activeAfter.map((n) => (n === null ? '…' : `${n}`)).join(' / '),
      }),
    ),
    page,
    customIdOf: (n) => insightsRoutes.retentionPage.build({ page: n }),
    t,
  });
  return { content, components };
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async overview(ctx, { period = 'week', segment: segmentId }) {
      const { app, guild, t } = ctx;
      const today = lastWholeDay(app.now());
      const segment =
        segmentId === undefined ? undefined : await segmentOf(app.db, guild.id, segmentId);
      const inSegment =
        segment === undefined
          ? undefined
          : await segmentMembers(app.db, guild.id, segment.id, app.now());
      // A segment's figures leave out members who asked not to be named: else two segments
      // differing by one of them would give away that member's activity by subtraction. What is
      // said of the segment (its size, who is left out) follows the rule of /segment show, so
      // none of it moves with a hidden member's activity.
      const hidden = await hiddenMembers(app.db, guild.id);
      const shown =
        segment === undefined || inSegment === undefined
          ? undefined
          : shownMembership(segment.rules, inSegment, hidden);
      if (segment !== undefined && shown !== undefined && shown.count < SEGMENT_MIN) {
        await ctx.reply({
          content: t('insights.segmentTooSmall', {
            segment: segment.name,
            count: shown.count,
            min: SEGMENT_MIN,
          }),
        });
        return;
      }
      const members = shown?.named.slice();
      const left = shown?.hiddenCounted ?? 0;
      if (segment !== undefined && members !== undefined && members.length < SEGMENT_MIN) {
        await ctx.reply({
          content: t('insights.segmentTooFewNamed', {
            segment: segment.name,
            count: members.length,
            min: SEGMENT_MIN,
          }),
        });
        return;
      }
      const minHidden = trustPolicy(app.config).anonymityMinResponses;
      const o = await overview(
        app.db,
        guild.id,
        today - PERIODS[period] + 1,
        today,
        members?.length ?? (await humanCount(guild.client, guild.id)),
        members,
        minHidden,
      );
      const lines = overviewLines(o, t, { segment: segment !== undefined, minHidden });
      if (segment !== undefined && members !== undefined)
        lines.unshift(
          t('insights.segmentLine', {
            segment: segment.name,
            count: shown?.count ?? members.length,
          }),
          ...(left > 0 ? [t('insights.segmentHiddenLeftOut', { count: left })] : []),
          ...(shown?.hiddenLeftOut === true ? [t('insights.segmentHiddenActivity')] : []),
        );
      await ctx.reply({
        embeds: [
          fitEmbed({
            title: t('insights.overviewTitle', {
              from: dayStamp(o.fromDay),
              to: dayStamp(o.toDay),
            }),
            description: lines.join('\n'),
          }),
        ],
      });
    },
    async trends(ctx) {
      const { app, guild, t } = ctx;
      const min = trustPolicy(app.config).anonymityMinResponses;
      const weeks = await trends(app.db, guild.id, lastWholeDay(app.now()), 12, min);
      await ctx.reply({
        embeds: [
          {
            title: t('insights.chartTitle'),
            ...(weeks.some((w) => w.hiddenLeftOut === true)
              ? { description: t('insights.hiddenLeftOut', { min }) }
              : {}),
            image: { url: 'attachment://trends.png' },
          },
        ],
        files: [{ attachment: await trendsChart(weeks, t), name: 'trends.png' }],
      });
    },
    async prompts(ctx) {
      await ctx.reply(await promptsPayload(ctx, 0));
    },
    async retention(ctx) {
      await ctx.reply(await retentionPayload(ctx, 0));
    },
    async member(ctx, { member }) {
      const { app, guild, t } = ctx;
      const today = lastWholeDay(app.now());
      // A member who asked not to be shown by name is not shown, to anyone; their activity counts
      // in totals only among at least the minimum of such members (see leftOutOfFigure).
      if ((await hiddenMembers(app.db, guild.id)).has(member.id)) {
        await ctx.reply({
          content: t('insights.memberHidden', {
            min: trustPolicy(app.config).anonymityMinResponses,
          }),
        });
        return;
      }
      const a = await memberActivity(app.db, guild.id, member.id, today - 27, today);
      const activity = t('insights.memberActivity', {
        messages: a.messages,
        replies: a.replies,
        threads: a.threads,
        days: a.activeDays,
        last: a.lastDay === null ? t('insights.never') : dayStamp(a.lastDay),
        words: a.averageWords === null ? '—' : a.averageWords.toFixed(0),
      });
      const { messages } = await answerMessages(
        app,
        guild.id,
        member.id,
        t,
        t('insights.memberTitle'),
        { description: `<@${member.id}>\n${activity}` },
      );
      await replyWithEmbeds(ctx, messages);
    },
    async intros(ctx) {
      const { app, guild, t } = ctx;
      const history = await introHistory(app.db, guild.id);
      if (history === undefined || history.rounds.length === 0) {
        await ctx.reply({ content: t('insights.introsNone') });
        return;
      }
      const min = trustPolicy(app.config).anonymityMinResponses;
      const f = introFigures(history, await hiddenMembers(app.db, guild.id), min, app.now());
      const percent = (r: Extract<Rate, { shown: true }>) =>
        `${Math.round((r.part / r.of) * 100)}%`;
      const tooFew = (figure: 'repeats' | 'met' | 'connections', r: Rate) =>
        t('insights.introsTooFew', {
          figure: t(`insights.introsFigure.${figure}`),
          count: r.of,
          min: FIGURE_MIN,
        });
      const shownRounds = f.rounds.slice(-INTRO_ROUNDS_SHOWN);
      const lines = [
        t('insights.introsPairs', { pairs: f.pairs, rounds: f.rounds.length }),
        ...shownRounds.map((r) =>
          t('insights.introsRound', {
            seq: r.seq,
            at: dayStamp(dayOf(r.createdAt)),
            pairs: r.pairs,
            groups: r.groups,
            repeats: r.repeats,
          }),
        ),
        ...(f.rounds.length > shownRounds.length
          ? [t('insights.introsEarlier', { count: f.rounds.length - shownRounds.length })]
          : []),
        f.repeats.shown
          ? t('insights.introsRepeats', {
              share: percent(f.repeats),
              repeats: f.repeats.part,
              pairs: f.repeats.of,
              window: f.historyRounds,
            })
          : tooFew('repeats', f.repeats),
        f.met.shown
          ? t('insights.introsMet', {
              share: percent(f.met),
              met: f.met.part,
              answered: f.met.of,
              unanswered: f.unanswered,
            })
          : tooFew('met', f.met),
        f.connections.shown
          ? t('insights.introsConnections', {
              count: f.connections.part,
              share: percent(f.connections),
              pairs: f.connections.of,
              before: f.before,
            })
          : tooFew('connections', f.connections),
        ...(f.hiddenLeftOut ? [t('insights.hiddenLeftOut', { min })] : []),
      ];
      await ctx.reply({
        embeds: [fitEmbed({ title: t('insights.introsTitle'), description: lines.join('\n') })],
      });
    },
    async events(ctx, { period = 'month' }) {
      const { app, guild, t } = ctx;
      const min = trustPolicy(app.config).anonymityMinResponses;
      const to = app.now();
      const from = to - PERIODS[period] * 86_400_000;
      const leftOut = await hiddenLeftOut(app.db, guild.id, min);
      const f = eventFigures(await endedEventsBetween(app.db, guild.id, from, to), leftOut, min);
      const lines =
        f.events.length === 0
          ? [t('insights.eventsNone')]
          : [
              ...eventLines(f, t, min),
              ...(leftOut.size > 0 ? [t('insights.hiddenLeftOut', { min })] : []),
            ];
      await ctx.reply({
        embeds: [
          fitEmbed({
            title: t('insights.eventsTitle', {
              from: dayStamp(dayOf(from)),
              to: dayStamp(dayOf(to)),
            }),
            description: lines.join('\n'),
          }),
        ],
      });
    },
  },
  autocomplete: {
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((x) => x.name.toLowerCase().includes(typed.toLowerCase()))
        .map((x) => ({ name: `${x.name} (${x.shownCount})`.slice(0, 100), value: x.id }));
    },
  },
});

export const components = [
  component({
    kind: 'button',
    route: insightsRoutes.promptsPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await promptsPayload(ctx, args.page)),
  }),
  component({
    kind: 'button',
    route: insightsRoutes.retentionPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await retentionPayload(ctx, args.page)),
  }),
];
