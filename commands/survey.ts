import { ChannelType } from 'discord.js';
import { checkedAudience, editAndSay } from './poll.js';
import { UserError } from '../src/core/errors.js';
import {
  localizedChoices,
  managerCommand,
  option,
  pickedChannel,
  subcommand,
} from '../src/core/command-options.js';
import { translator, type MessageKey, type Translate } from '../src/core/i18n.js';
// Registers the strings the definition below reads (polls' through its api).
import '../src/features/surveys/messages.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, defineCommand, type CommandContext } from '../src/core/handlers.js';
import { listMessage } from '../src/core/pages.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import { outboxOf, reasonOf, render } from '../src/core/outbox/index.js';
import {
  checkQuestion,
  LIMITS,
  exportRows,
  listPolls,
  namedResponses,
  POLL_KINDS,
  pollOf,
  visibleResults,
  pollKeyOf,
  pollTiming,
  splitOptions,
  surveyPages,
  type PollKind,
  type PollQuestion,
} from '../src/features/polls/api.js';
import { listSegments } from '../src/features/segments/api.js';
import {
  addQuestion,
  createSurvey,
  deleteSurvey,
  editQuestion,
  listSurveys,
  moveQuestion,
  publishSurvey,
  removeBranch,
  removeQuestion,
  setBranch,
  surveyForPoll,
  surveyOf,
  SURVEY_LIMITS,
  type Survey,
} from '../src/features/surveys/service.js';
import { surveyRoutes } from '../src/features/surveys/routes.js';
import {
  CADENCES,
  repeatSurvey,
  stopRepeating,
  surveyTrend,
} from '../src/features/surveys/pulse.js';
import { trendCharts, trendLines } from '../src/features/surveys/discord.js';
import { parseSplit, surveyCrossTab } from '../src/features/surveys/results.js';
import {
  ATTACHMENT_BYTES,
  CONTENT_MAX,
  crossTabBlock,
  crossTabCsv,
  responsesCsv,
} from '../src/features/surveys/results-view.js';
import { activeQuestions } from '../src/features/onboarding/api.js';
import { trustPolicy } from '../src/core/config.js';
import { toCsv } from '../src/core/csv.js';

const SURVEY_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const KIND_KEYS: Record<PollKind, MessageKey> = {
  single: 'polls.kind.single',
  multi: 'polls.kind.multi',
  rating: 'polls.kind.rating',
  nps: 'polls.kind.nps',
  text: 'polls.kind.text',
  short: 'polls.kind.short',
  ranking: 'polls.kind.ranking',
};

const surveyOption = option.integer('survey', 'cmd.opt.survey', {
  required: true,
  autocomplete: true,
});
const questionOption = option.integer('question', 'cmd.opt.surveyQuestion', {
  required: true,
  autocomplete: true,
  min_value: 1,
  max_value: SURVEY_LIMITS.questions,
});

const roundOption = option.integer('round', 'cmd.opt.surveyResults', {
  required: true,
  autocomplete: true,
});

const data = {
  ...managerCommand('survey', 'cmd.survey'),
  options: [
    subcommand('create', 'cmd.survey.create', [
      option.string('title', 'cmd.opt.surveyTitle', {
        required: true,
        max_length: SURVEY_LIMITS.title,
      }),
    ]),
    subcommand('add', 'cmd.survey.add', [
      surveyOption,
      option.string(
        'kind',
        { name: 'cmd.opt.kind.name', description: 'cmd.opt.pollKind.description' },
        { required: true, choices: localizedChoices(POLL_KINDS, (value) => KIND_KEYS[value]) },
      ),
      option.string('text', 'cmd.opt.surveyLabel', { required: true, max_length: LIMITS.label }),
      option.string('options', 'cmd.opt.options', { max_length: 2000 }),
      option.integer(
        'max_choices',
        { name: 'cmd.opt.maxChoices.name', description: 'cmd.opt.pollMaxChoices.description' },
        { min_value: 1, max_value: 25 },
      ),
      option.boolean('required', 'cmd.opt.required'),
      option.integer(
        'position',
        { name: 'cmd.opt.position.name', description: 'cmd.opt.surveyAt.description' },
        { min_value: 1, max_value: SURVEY_LIMITS.questions },
      ),
    ]),
    subcommand('edit', 'cmd.survey.edit', [
      surveyOption,
      questionOption,
      option.string('text', 'cmd.opt.surveyLabel', { max_length: LIMITS.label }),
      option.string(
        'kind',
        { name: 'cmd.opt.kind.name', description: 'cmd.opt.pollKind.description' },
        { choices: localizedChoices(POLL_KINDS, (value) => KIND_KEYS[value]) },
      ),
      option.string('options', 'cmd.opt.options', { max_length: 2000 }),
      option.integer(
        'max_choices',
        { name: 'cmd.opt.maxChoices.name', description: 'cmd.opt.pollMaxChoices.description' },
        { min_value: 1, max_value: 25 },
      ),
      option.boolean('required', 'cmd.opt.required'),
      option.integer('poll', 'cmd.opt.surveyRound', { autocomplete: true }),
    ]),
    subcommand('remove', 'cmd.survey.remove', [surveyOption, questionOption]),
    subcommand('move', 'cmd.survey.move', [
      surveyOption,
      questionOption,
      option.integer('position', 'cmd.opt.position', {
        required: true,
        min_value: 1,
        max_value: SURVEY_LIMITS.questions,
      }),
    ]),
    subcommand('branch', 'cmd.survey.branch', [
      surveyOption,
      questionOption,
      option.integer('answer', 'cmd.opt.branchOption', {
        required: true,
        min_value: 1,
        max_value: 25,
      }),
      option.integer('skip_to', 'cmd.opt.branchTo', {
        required: true,
        min_value: 0,
        max_value: SURVEY_LIMITS.questions,
      }),
    ]),
    subcommand('unbranch', 'cmd.survey.unbranch', [
      surveyOption,
      questionOption,
      option.integer('answer', 'cmd.opt.branchOption', {
        required: true,
        min_value: 1,
        max_value: 25,
      }),
    ]),
    subcommand('list', 'cmd.survey.list'),
    subcommand('show', 'cmd.survey.show', [surveyOption]),
    subcommand('publish', 'cmd.survey.publish', [
      surveyOption,
      option.channel(
        'channel',
        { name: 'cmd.opt.channel.name', description: 'cmd.opt.surveyChannel.description' },
        { required: true, channel_types: [...SURVEY_CHANNELS] },
      ),
      option.boolean('anonymous', 'cmd.opt.anonymous'),
      option.string('results', 'cmd.opt.results', {
        choices: localizedChoices(['live', 'hidden'], (value) => `polls.results.${value}`),
      }),
      option.integer(
        'hours',
        { name: 'cmd.opt.hours.name', description: 'cmd.opt.closeHours.description' },
        { min_value: 1, max_value: 24 * 60 },
      ),
      option.role('audience', 'cmd.opt.audience'),
      option.boolean('reminder', 'cmd.opt.reminder'),
      option.integer('segment', 'cmd.opt.pollSegment', { autocomplete: true }),
    ]),
    subcommand('delete', 'cmd.survey.delete', [surveyOption]),
    subcommand('repeat', 'cmd.survey.repeat', [
      surveyOption,
      option.string('every', 'cmd.opt.cadence', {
        required: true,
        choices: localizedChoices([...CADENCES, 'off'], (value) => `surveys.cadence.${value}`),
      }),
      option.channel(
        'channel',
        { name: 'cmd.opt.channel.name', description: 'cmd.opt.roundChannel.description' },
        { channel_types: [...SURVEY_CHANNELS] },
      ),
      option.integer('hour', 'cmd.opt.roundHour', { min_value: 0, max_value: 23 }),
      option.boolean('anonymous', 'cmd.opt.anonymous'),
      option.string('results', 'cmd.opt.results', {
        choices: localizedChoices(['live', 'hidden'], (value) => `polls.results.${value}`),
      }),
      option.integer(
        'hours',
        { name: 'cmd.opt.hours.name', description: 'cmd.opt.closeHours.description' },
        { min_value: 1, max_value: 24 * 60 },
      ),
      option.role('audience', 'cmd.opt.audience'),
      option.integer('segment', 'cmd.opt.pollSegment', { autocomplete: true }),
    ]),
    subcommand('trend', 'cmd.survey.trend', [surveyOption]),
    subcommand('export', 'cmd.survey.export', [roundOption]),
    subcommand('crosstab', 'cmd.survey.crosstab', [
      roundOption,
      option.integer('question', 'cmd.opt.crosstabQuestion', {
        required: true,
        autocomplete: true,
        min_value: 1,
        max_value: SURVEY_LIMITS.questions,
      }),
      option.string('by', 'cmd.opt.crosstabBy', { required: true, autocomplete: true }),
    ]),
  ],
} as const;

/** A published round of a survey in this server (another server's id is unknown here). */
async function roundOf(ctx: CommandContext, pollId: number) {
  const poll = await pollOf(ctx.app.db, ctx.guild.id, pollId);
  if (poll.surveyId === null) throw new UserError('surveys.notSurvey');
  return poll;
}

/** How long publishing waits for the post it asked for before answering anyway. */
const SETTLE_MS = 8_000;

/** The option a skip rule reads, as the manager numbered it, for the confirmation. */
function optionText(survey: Survey, position: number, answer: number): string {
  return survey.questions[position - 1]?.question.options?.[answer - 1] ?? String(answer);
}

/**
 * The survey as a member meets it: each page (for a member who skips nothing), its questions with
 * their kinds and options, and the skip rules under the question they read. Lines are paged by
 * listMessage, so any survey fits Discord's 2,000 characters.
 */
function showLines(survey: Survey, t: Translate): { lines: string[]; pages: number } {
  const { questions, branches } = surveyForPoll(survey);
  let pages: number[][] = [];
  try {
    if (questions.length > 0)
      pages = surveyPages(questions.map(checkQuestion), branches, () => undefined);
  } catch {
    // A draft saved before a rule tightened: shown as one list rather than not at all.
    pages = [questions.map((_, i) => i)];
  }
  const lines: string[] = [];
  const position = new Map(survey.questions.map((q, i) => [q.id, i + 1]));
  for (const [p, page] of pages.entries()) {
    lines.push(t('surveys.pageLine', { page: p + 1 }));
    for (const i of page) {
      const entry = survey.questions[i]!;
      const q = entry.question;
      lines.push(
        t(q.required ? 'surveys.questionRequired' : 'surveys.questionOptional', {
          position: i + 1,
          label: q.label,
          kind: t(KIND_KEYS[q.kind]),
        }),
      );
      if (q.kind === 'single' || q.kind === 'multi' || q.kind === 'ranking')
        for (const [n, o] of (q.options ?? []).entries())
          lines.push(t('surveys.optionLine', { number: n + 1, option: o }));
      for (const b of survey.branches.filter((r) => r.from === entry.id)) {
        const option = q.options?.[b.choice] ?? String(b.choice + 1);
        lines.push(
          b.to === 0
            ? t('surveys.ruleEnd', { option })
            : t('surveys.ruleTo', { option, to: position.get(b.to) ?? '?' }),
        );
      }
    }
  }
  return { lines, pages: pages.length };
}

async function showPayload(ctx: InteractionContext, surveyId: number, page: number, prefix = '') {
  const survey = await surveyOf(ctx.app.db, ctx.guild.id, surveyId);
  const { lines, pages } = showLines(survey, ctx.t);
  const { content, components } = listMessage({
    prefix,
    header: ctx.t('surveys.showHeader', {
      title: survey.title,
      id: survey.id,
      count: survey.questions.length,
      pages,
    }),
    lines,
    empty: ctx.t('surveys.empty'),
    page,
    customIdOf: (n) => surveyRoutes.showPage.build({ survey: survey.id, page: n }),
    t: ctx.t,
  });
  return { content, components };
}

async function listPayload(ctx: InteractionContext, page: number) {
  const surveys = await listSurveys(ctx.app.db, ctx.guild.id);
  const { content, components } = listMessage({
    header: ctx.t('surveys.listHeader', { count: surveys.length }),
    lines: surveys.map((s) =>
      ctx.t('surveys.listLine', { id: s.id, title: s.title, count: s.questions.length }),
    ),
    empty: ctx.t('surveys.listEmpty'),
    page,
    customIdOf: (n) => surveyRoutes.listPage.build({ page: n }),
    t: ctx.t,
  });
  return { content, components };
}

/** Confirms a change and shows the survey as it now stands (its first page). */
async function confirm(ctx: CommandContext, surveyId: number, said: string): Promise<void> {
  await ctx.reply(await showPayload(ctx, surveyId, 0, said));
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async create(ctx, args) {
      const survey = await createSurvey(
        ctx.app.db,
        ctx.guild.id,
        { title: args.title, createdBy: ctx.userId },
        ctx.app.now(),
      );
      await ctx.reply({
        content: ctx.t('surveys.created', { id: survey.id, title: clip(survey.title, 100) }),
      });
    },
    async add(ctx, args) {
      const max = args.max_choices;
      const question: PollQuestion = {
        kind: args.kind,
        label: args.text,
        required: args.required ?? true,
        // Every kind gets what was typed; the poll's rules keep what its kind uses.
        options: splitOptions(args.options),
        ...(max === undefined ? {} : { min: 1, max, positions: max }),
      };
      const { survey, result } = await addQuestion(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        question,
        ctx.app.now(),
        args.position,
      );
      await confirm(
        ctx,
        survey.id,
        ctx.t('surveys.added', { position: result, count: survey.questions.length }),
      );
    },
    async edit(ctx, args) {
      const max = args.max_choices;
      if (args.poll !== undefined) {
        // A published round: the poll's own edit rules (anything before the first answer, then
        // only wording fixes), on that round's question of this number.
        const survey = await surveyOf(ctx.app.db, ctx.guild.id, args.survey);
        await editAndSay(
          ctx,
          args.poll,
          {
            number: args.question,
            question: args.text,
            kind: args.kind,
            options: args.options,
            max_choices: max,
            required: args.required,
          },
          (poll) => {
            if (poll.surveyId !== survey.id)
              throw new UserError('polls.edit.notThisSurvey', { id: poll.id });
          },
        );
        return;
      }
      // The draft: anything may change (its questions are checked as a whole, as on every change).
      const patch: Partial<PollQuestion> = {
        ...(args.text === undefined ? {} : { label: args.text }),
        ...(args.kind === undefined ? {} : { kind: args.kind }),
        ...(args.options === undefined ? {} : { options: splitOptions(args.options) }),
        ...(max === undefined ? {} : { min: 1, max, positions: max }),
        ...(args.required === undefined ? {} : { required: args.required }),
      };
      if (Object.keys(patch).length === 0) throw new UserError('polls.edit.nothing');
      const { survey, result } = await editQuestion(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        args.question,
        patch,
        ctx.app.now(),
      );
      const said = [ctx.t('surveys.edited', { position: args.question })];
      if (result > 0) said.push(ctx.t('surveys.rulesDropped', { count: result }));
      await confirm(ctx, survey.id, said.join(' '));
    },
    async remove(ctx, args) {
      const { survey, result } = await removeQuestion(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        args.question,
        ctx.app.now(),
      );
      const said = [ctx.t('surveys.removed', { position: args.question })];
      if (result > 0) said.push(ctx.t('surveys.rulesDropped', { count: result }));
      await confirm(ctx, survey.id, said.join(' '));
    },
    async move(ctx, args) {
      const { survey, result } = await moveQuestion(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        args.question,
        args.position,
        ctx.app.now(),
      );
      await confirm(ctx, survey.id, ctx.t('surveys.moved', { position: result }));
    },
    async branch(ctx, args) {
      const { survey } = await setBranch(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        { from: args.question, option: args.answer, to: args.skip_to },
        ctx.app.now(),
      );
      const option = clip(optionText(survey, args.question, args.answer), 100);
      await confirm(
        ctx,
        survey.id,
        args.skip_to === 0
          ? ctx.t('surveys.branchedEnd', { option, from: args.question })
          : ctx.t('surveys.branchedTo', { option, from: args.question, to: args.skip_to }),
      );
    },
    async unbranch(ctx, args) {
      const { survey } = await removeBranch(
        ctx.app.db,
        ctx.guild.id,
        args.survey,
        { from: args.question, option: args.answer },
        ctx.app.now(),
      );
      await confirm(ctx, survey.id, ctx.t('surveys.unbranched'));
    },
    async list(ctx) {
      await ctx.reply(await listPayload(ctx, 0));
    },
    async show(ctx, args) {
      await ctx.reply(await showPayload(ctx, args.survey, 0));
    },
    async publish(ctx, args) {
      const { app, guild } = ctx;
      const now = app.now();
      const { closesAt, remindAt } = pollTiming(now, args);
      const { audience, segmentId } = await checkedAudience(ctx, args);
      const poll = await publishSurvey(
        app.db,
        guild.id,
        args.survey,
        {
          channelId: pickedChannel(ctx, args.channel, SURVEY_CHANNELS),
          anonymous: args.anonymous ?? false,
          results: args.results ?? 'live',
          audience,
          segmentId,
          closesAt,
          remindAt,
        },
        now,
        { masterKey: pollKeyOf(app) },
      );
      const channel = `<#${poll.channelId}>`;
      const settled = (await outboxOf(app).settle([poll.effectId], SETTLE_MS)).get(poll.effectId);
      await ctx.reply({
        content:
          settled?.state === 'done'
            ? ctx.t('polls.created', { channel, id: poll.id })
            : settled?.state === 'failed'
              ? ctx.t('polls.postFailedNow', {
                  channel,
                  id: poll.id,
                  reason: render(ctx.t, reasonOf(settled.lastError)),
                })
              : ctx.t('polls.createdSoon', { channel, id: poll.id }),
      });
    },
    async repeat(ctx, args) {
      const { app, guild } = ctx;
      const survey = await surveyOf(app.db, guild.id, args.survey);
      if (args.every === 'off') {
        await stopRepeating(app.db, guild.id, survey.id);
        await ctx.reply({ content: ctx.t('surveys.stopped', { title: clip(survey.title, 100) }) });
        return;
      }
      if (args.channel === undefined) throw new UserError('surveys.needChannel');
      const { audience, segmentId } = await checkedAudience(ctx, args);
      const hour = args.hour ?? 10;
      const series = await repeatSurvey(
        app.db,
        guild.id,
        {
          surveyId: survey.id,
          channelId: pickedChannel(ctx, args.channel, SURVEY_CHANNELS),
          cadence: args.every,
          hour,
          settings: {
            anonymous: args.anonymous ?? false,
            results: args.results ?? 'live',
            audience,
            segmentId,
            hours: args.hours ?? null,
          },
          createdBy: ctx.userId,
        },
        app.now(),
      );
      await ctx.reply({
        content: ctx.t('surveys.repeating', {
          title: clip(survey.title, 100),
          cadence: ctx.t(`surveys.cadence.${args.every}`),
          hour: String(hour).padStart(2, '0'),
          channel: `<#${series.channelId}>`,
          round: series.nextRound,
          at: Math.floor((series.nextRoundAt ?? 0) / 1000),
        }),
      });
    },
    async trend(ctx, args) {
      const { app, guild, t } = ctx;
      const survey = await surveyOf(app.db, guild.id, args.survey);
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      const trend = await surveyTrend(app.db, guild.id, survey.id, minimum);
      if (trend.rounds.length === 0) {
        await ctx.reply({ content: t('surveys.trendEmpty', { id: survey.id }) });
        return;
      }
      const { content } = listMessage({
        header: t('surveys.trendHeader', {
          title: clip(survey.title, 100),
          count: trend.rounds.length,
        }),
        lines: trendLines(trend, minimum, t),
        empty: '',
        page: 0,
        customIdOf: (n) => surveyRoutes.showPage.build({ survey: survey.id, page: n }),
        t,
      });
      const files = (
        await trendCharts(trend, t, (error) =>
          app.logger.warn({ err: error, survey: survey.id }, 'trend chart not drawn'),
        )
      ).map((c) => ({ attachment: c.data, name: c.name }));
      await ctx.reply({ content, ...(files.length === 0 ? {} : { files }) });
    },
    async delete(ctx, args) {
      const survey = await surveyOf(ctx.app.db, ctx.guild.id, args.survey);
      await deleteSurvey(ctx.app.db, ctx.guild.id, survey.id);
      await ctx.reply({ content: ctx.t('surveys.deleted', { title: clip(survey.title, 100) }) });
    },
    async export(ctx, args) {
      const { app, t } = ctx;
      const poll = await roundOf(ctx, args.round);
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      let csv: string;
      let content: string;
      if (poll.anonymous) {
        // Anonymous: the poll export's rows (per answer, neutral order, only the day), withheld
        // whole below the threshold. There are no whole responses to put in rows (results.ts).
        if ((await visibleResults(app.db, poll, minimum)).withheld) {
          await ctx.reply({
            content: t(poll.status === 'closed' ? 'polls.withheldClosed' : 'polls.withheld', {
              min: minimum,
            }),
          });
          return;
        }
        const rows = await exportRows(app.db, poll, minimum);
        csv = toCsv([
          [t('polls.csv.time'), t('polls.csv.question'), t('polls.csv.answer')],
          ...rows.map((r) => [r.time, r.question, r.answer]),
        ]);
        content = `${t('polls.exported', { count: rows.length })} ${t('surveys.exportedAnonymous')}`;
      } else {
        const responses = await namedResponses(app.db, poll);
        csv = responsesCsv(poll, responses, t);
        content = t('surveys.exported', { count: responses.length });
      }
      const file = Buffer.from(csv, 'utf8');
      if (file.length > ATTACHMENT_BYTES)
        throw new UserError('surveys.exportTooLarge', { max: ATTACHMENT_BYTES / 1024 / 1024 });
      await ctx.reply({ content, files: [{ attachment: file, name: `survey-${poll.id}.csv` }] });
    },
    async crosstab(ctx, args) {
      const { app, t } = ctx;
      const poll = await roundOf(ctx, args.round);
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      const { table, question, by } = await surveyCrossTab(
        app.db,
        poll,
        args.question - 1,
        parseSplit(args.by),
        minimum,
        {
          inSegment: (name) => t('surveys.crosstabInSegment', { name }),
          outsideSegment: (name) => t('surveys.crosstabOutside', { name }),
          noAnswer: t('surveys.crosstabNoAnswer'),
        },
        app.now(),
      );
      const header = t('surveys.crosstabHeader', {
        question: clip(question, 300),
        by: clip(by, 200),
        count: table.total.shown ? table.total.count : 0,
      });
      if (!table.total.shown) {
        await ctx.reply({ content: t('surveys.crosstabWithheld', { min: minimum }) });
        return;
      }
      const legend = t('surveys.crosstabLegend', { min: minimum });
      const room = CONTENT_MAX - header.length - legend.length - 4;
      const block = crossTabBlock(table, t, room) ?? t('surveys.crosstabTooWide');
      await ctx.reply({
        content: `${header}\n${block}\n${legend}`,
        files: [
          {
            attachment: Buffer.from(crossTabCsv(table, question, t), 'utf8'),
            name: `survey-${poll.id}-crosstab.csv`,
          },
        ],
      });
    },
  },
  autocomplete: {
    async survey({ app, guild }, typed) {
      const needle = typed.toLowerCase();
      return (await listSurveys(app.db, guild.id))
        .filter((s) => `#${s.id} ${s.title}`.toLowerCase().includes(needle))
        .map((s) => ({
          name: clip(
            `#${s.id} ${s.title} (${s.questions.length})`,
            DISCORD_LIMITS.autocompleteName,
          ),
          value: s.id,
        }));
    },
    async question({ app, guild }, typed, soFar) {
      // /survey crosstab: the choice questions of the round picked so far.
      const roundId = (soFar as { round?: number }).round;
      if (roundId !== undefined) {
        const poll = (await listPolls(app.db, guild.id)).find((p) => p.id === roundId);
        const needle = typed.toLowerCase();
        return (poll?.questions ?? [])
          .map((q, i) => ({ position: i + 1, label: q.label, kind: q.kind }))
          .filter((q) => q.kind === 'single' || q.kind === 'multi' || q.kind === 'scale')
          .filter((q) => `${q.position}. ${q.label}`.toLowerCase().includes(needle))
          .slice(0, 25)
          .map((q) => ({
            name: clip(`${q.position}. ${q.label}`, DISCORD_LIMITS.autocompleteName),
            value: q.position,
          }));
      }
      // The questions of the survey picked so far, in this server only (another's id shows none).
      const surveyId = (soFar as { survey?: number }).survey;
      if (surveyId === undefined) return [];
      let survey: Survey;
      try {
        survey = await surveyOf(app.db, guild.id, surveyId);
      } catch {
        return [];
      }
      const needle = typed.toLowerCase();
      return survey.questions
        .map((q, i) => ({ position: i + 1, label: q.question.label }))
        .filter((q) => `${q.position}. ${q.label}`.toLowerCase().includes(needle))
        .slice(0, 25)
        .map((q) => ({
          name: clip(`${q.position}. ${q.label}`, DISCORD_LIMITS.autocompleteName),
          value: q.position,
        }));
    },
    async round({ app, guild }, typed) {
      // Published rounds of surveys, open or closed, newest first, in this server only.
      const needle = typed.toLowerCase();
      return (await listPolls(app.db, guild.id))
        .filter((p) => p.surveyId !== null)
        .filter((p) => `#${p.id} ${p.title}`.toLowerCase().includes(needle))
        .map((p) => ({
          name: clip(`#${p.id} ${p.title} (${p.status})`, DISCORD_LIMITS.autocompleteName),
          value: p.id,
        }));
    },
    async by({ app, guild, locale }, typed, soFar) {
      const t = translator(locale);
      const roundId = (soFar as { round?: number }).round;
      if (roundId === undefined) return [];
      const poll = (await listPolls(app.db, guild.id)).find((p) => p.id === roundId);
      if (poll === undefined) return [];
      const choices: { name: string; value: string }[] = [];
      if (!poll.anonymous) {
        for (const [i, q] of poll.questions.entries())
          if (q.kind === 'single' || q.kind === 'multi' || q.kind === 'scale')
            choices.push({
              name: t('surveys.byQuestion', { position: i + 1, label: q.label }),
              value: `q${i + 1}`,
            });
        for (const s of await listSegments(app.db, guild.id))
          choices.push({ name: t('surveys.bySegment', { name: s.name }), value: `s${s.id}` });
        for (const q of await activeQuestions(app.db, guild.id))
          if (q.definition.kind !== 'short' && q.definition.kind !== 'paragraph')
            choices.push({
              name: t('surveys.byOnboarding', { label: q.definition.label }),
              value: `o${q.id}`,
            });
      }
      const needle = typed.toLowerCase();
      return choices
        .filter((c) => c.name.toLowerCase().includes(needle))
        .map((c) => ({ name: clip(c.name, DISCORD_LIMITS.autocompleteName), value: c.value }));
    },
    async poll({ app, guild }, _typed, soFar) {
      // The published rounds of the survey picked so far, in this server only.
      const surveyId = (soFar as { survey?: number }).survey;
      if (surveyId === undefined) return [];
      return (await listPolls(app.db, guild.id))
        .filter((p) => p.surveyId === surveyId && p.status === 'open')
        .map((p) => ({
          name: clip(`#${p.id} ${p.title}`, DISCORD_LIMITS.autocompleteName),
          value: p.id,
        }));
    },
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({
          name: clip(`${s.name} (${s.shownCount})`, DISCORD_LIMITS.autocompleteName),
          value: s.id,
        }));
    },
  },
});

export const components = [
  component({
    kind: 'button',
    route: surveyRoutes.showPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await showPayload(ctx, args.survey, args.page)),
  }),
  component({
    kind: 'button',
    route: surveyRoutes.listPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await listPayload(ctx, args.page)),
  }),
];
