import { ButtonStyle, ChannelType, ComponentType } from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  option,
  pickedChannel,
  subcommand,
  type OptionsArgs,
} from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import type { MessageKey } from '../src/features/polls/messages.js';
// Registers the strings the definition below reads.
import '../src/features/polls/messages.js';
import type { InteractionContext } from '../src/core/context.js';
import { component, defineCommand, type CommandContext } from '../src/core/handlers.js';
import { listMessage } from '../src/core/pages.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import {
  pageModal,
  resultLines,
  suggestionModal,
  voteModal,
  pollKeyOf,
  rendererOf,
  withheldLine,
} from '../src/features/polls/discord.js';
import { outboxOf, reasonOf, render } from '../src/core/outbox/index.js';
import { trustPolicy } from '../src/core/config.js';
import { toCsv } from '../src/core/csv.js';
import { decodeSubmission } from '../src/forms/index.js';
import {
  LIMITS,
  POLL_KINDS,
  ballotFromAnswers,
  checkAnonymousReach,
  checkVoter,
  closePoll,
  createPoll,
  editPoll,
  exportRows,
  formVersion,
  isPaged,
  saveSurveyPage,
  surveyProgress,
  listPolls,
  retryResults,
  pollOf,
  pollTemplate,
  pollTiming,
  splitOptions,
  visibleResults,
  visibleTexts,
  vote,
  voterKey,
  voterSecretOf,
  type Ballot,
  type Poll,
  type PollKind,
  type PollQuestion,
} from '../src/features/polls/service.js';
import { pollRoutes } from '../src/features/polls/routes.js';
import {
  checkCanSuggest,
  decideSuggestion,
  suggestOption,
} from '../src/features/polls/suggestions.js';
import { fieldValue } from '../src/core/modal-fields.js';
import { listSegments, segmentMembers, segmentOf } from '../src/features/segments/api.js';

const POLL_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const pollOption = option.integer('poll', 'cmd.opt.poll', { required: true, autocomplete: true });
const channelOption = option.channel(
  'channel',
  { name: 'cmd.opt.channel.name', description: 'cmd.opt.pollChannel.description' },
  { required: true, channel_types: [...POLL_CHANNELS] },
);
const settingsOptions = [
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
  option.boolean('add_options', 'cmd.opt.addOptions'),
] as const;
const KIND_KEYS: Record<PollKind, MessageKey> = {
  single: 'polls.kind.single',
  multi: 'polls.kind.multi',
  rating: 'polls.kind.rating',
  nps: 'polls.kind.nps',
  text: 'polls.kind.text',
  short: 'polls.kind.short',
  ranking: 'polls.kind.ranking',
};
const TEMPLATES = ['product', 'event', 'feature', 'nps'] as const;

const data = {
  ...managerCommand('poll', 'cmd.poll'),
  options: [
    subcommand('create', 'cmd.poll.create', [
      channelOption,
      option.string('question', 'cmd.opt.pollQuestion', {
        required: true,
        max_length: LIMITS.label,
      }),
      option.string(
        'kind',
        { name: 'cmd.opt.kind.name', description: 'cmd.opt.pollKind.description' },
        { required: true, choices: localizedChoices(POLL_KINDS, (value) => KIND_KEYS[value]) },
      ),
      option.string('options', 'cmd.opt.options', { max_length: 2000 }),
      option.integer(
        'max_choices',
        { name: 'cmd.opt.maxChoices.name', description: 'cmd.opt.pollMaxChoices.description' },
        { min_value: 1, max_value: 25 },
      ),
      option.string('why', 'cmd.opt.why', { max_length: 45 }),
      ...settingsOptions,
    ]),
    subcommand('template', 'cmd.poll.template', [
      channelOption,
      option.string('template', 'cmd.opt.template', {
        required: true,
        choices: localizedChoices(TEMPLATES, (value) => `polls.template.${value}`),
      }),
      option.string('topic', 'cmd.opt.topic', { required: true, max_length: 60 }),
      ...settingsOptions,
    ]),
    subcommand('edit', 'cmd.poll.edit', [
      pollOption,
      option.integer('number', 'cmd.opt.pollNumber', {
        min_value: 1,
        max_value: LIMITS.surveyQuestions,
      }),
      option.string('question', 'cmd.opt.pollQuestion', { max_length: LIMITS.label }),
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
      option.string('results', 'cmd.opt.results', {
        choices: localizedChoices(['live', 'hidden'], (value) => `polls.results.${value}`),
      }),
      option.boolean('anonymous', 'cmd.opt.anonymous'),
    ]),
    subcommand('close', 'cmd.poll.close', [pollOption]),
    subcommand('results', 'cmd.poll.results', [pollOption]),
    subcommand('export', 'cmd.poll.export', [pollOption]),
  ],
} as const;

/** Where and how a new poll runs: the options `/poll create` and `/poll template` share. */
type PublishArgs = OptionsArgs<readonly [typeof channelOption, ...typeof settingsOptions]>;

/** How long a command waits for the post it asked for before answering anyway. */
const SETTLE_MS = 8_000;

/**
 * Who a poll or survey is for, checked: a role or a segment (not both), of this server (a forged
 * id from another one is refused), and, when anonymous, large enough whatever its kind (a role,
 * a segment, everyone: see `audienceSize`, the count the shrink guard repeats at every vote).
 */
export async function checkedAudience(
  ctx: CommandContext,
  args: {
    anonymous?: boolean | undefined;
    audience?: { readonly id: string } | undefined;
    segment?: number | undefined;
  },
): Promise<{ audience: string[]; segmentId: number | null }> {
  const { app, guild } = ctx;
  const audienceRole = args.audience;
  const segmentId = args.segment ?? null;
  if (audienceRole !== undefined && segmentId !== null)
    throw new UserError('polls.audienceAndSegment');
  if (segmentId !== null) {
    await segmentOf(app.db, guild.id, segmentId);
    // The segment's count brought up to date before it is read.
    await segmentMembers(app.db, guild.id, segmentId, app.now());
  }
  if (
    audienceRole !== undefined &&
    (audienceRole.id === guild.id || !guild.roles.cache.has(audienceRole.id))
  )
    throw new UserError('error.invalidReference');
  const audience = audienceRole === undefined ? [] : [audienceRole.id];
  await checkAnonymousReach(
    app.db,
    guild.id,
    { anonymous: args.anonymous === true, segmentId, audience },
    trustPolicy(app.config).anonymityMinResponses,
  );
  return { audience, segmentId };
}

/** Creates a poll; the outbox worker posts its message, and the answer says how that went. */
async function publish(
  ctx: CommandContext,
  args: PublishArgs,
  title: string,
  questions: PollQuestion[],
): Promise<Poll> {
  const { app, guild } = ctx;
  const now = app.now();
  const { closesAt, remindAt } = pollTiming(now, args);
  const { audience, segmentId } = await checkedAudience(ctx, args);
  const poll = await createPoll(
    app.db,
    guild.id,
    {
      channelId: pickedChannel(ctx, args.channel, POLL_CHANNELS),
      title,
      questions,
      anonymous: args.anonymous ?? false,
      results: args.results ?? 'live',
      audience,
      segmentId,
      closesAt,
      remindAt,
      optionsOpen: args.add_options ?? false,
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
  return poll;
}

/** What `/poll edit` and `/survey edit` (a published round) were given. */
export interface EditArgs {
  readonly number?: number | undefined;
  readonly question?: string | undefined;
  readonly kind?: PollKind | undefined;
  readonly options?: string | undefined;
  readonly max_choices?: number | undefined;
  readonly required?: boolean | undefined;
  readonly results?: 'live' | 'hidden' | undefined;
  readonly anonymous?: boolean | undefined;
}

/**
 * Edits a published poll (the rules are polls/edits.ts'), then answers once its message shows the
 * change (or after a few seconds: the edit effect is queued either way).
 */
export async function editAndSay(
  ctx: CommandContext,
  pollId: number,
  args: EditArgs,
  check: (poll: Poll) => void = () => {},
): Promise<void> {
  const { app, guild } = ctx;
  const current = await pollOf(app.db, guild.id, pollId);
  check(current);
  const max = args.max_choices;
  const patch: Partial<PollQuestion> = {
    ...(args.question === undefined ? {} : { label: args.question }),
    ...(args.kind === undefined ? {} : { kind: args.kind }),
    ...(args.options === undefined ? {} : { options: splitOptions(args.options) }),
    ...(max === undefined ? {} : { min: 1, max, positions: max }),
    ...(args.required === undefined ? {} : { required: args.required }),
  };
  const { poll, afterAnswers, effectId } = await editPoll(
    app.db,
    guild.id,
    current.id,
    {
      ...(Object.keys(patch).length === 0 ? {} : { question: (args.number ?? 1) - 1, patch }),
      ...(args.results === undefined ? {} : { results: args.results }),
      ...(args.anonymous === undefined ? {} : { anonymous: args.anonymous }),
    },
    ctx.userId,
    app.now(),
  );
  await outboxOf(app).settle([effectId], SETTLE_MS);
  await ctx.reply({
    content: ctx.t(afterAnswers ? 'polls.edit.doneEdited' : 'polls.edit.done', { id: poll.id }),
  });
}

/** One page of a poll's results: counts per choice, the NPS score, how many wrote an answer. */
async function resultsPayload(ctx: InteractionContext, pollId: number, page: number) {
  const { t } = ctx;
  const poll = await pollOf(ctx.app.db, ctx.guild.id, pollId);
  // An anonymous poll shows what may be shown: nothing below the threshold, then its snapshot.
  const minimum = trustPolicy(ctx.app.config).anonymityMinResponses;
  const visible = await visibleResults(ctx.app.db, poll, minimum);
  const lines: string[] = [];
  for (const [i, r] of visible.results.entries()) {
    lines.push(`**${i + 1}. ${r.question.label}**`);
    if (visible.withheld) continue;
    lines.push(...resultLines(r, t, 'counts'));
  }
  if (visible.withheld) lines.push(withheldLine(poll, minimum, t));
  const { content, components } = listMessage({
    header: t('polls.voters', { count: poll.voters }),
    lines,
    page,
    customIdOf: (n) => pollRoutes.resultsPage.build({ poll: poll.id, page: n }),
    t,
  });
  return { content, components };
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async create(ctx, args) {
      const { kind, question: label } = args;
      const list = splitOptions(args.options);
      const max = args.max_choices;
      const question: PollQuestion = {
        kind,
        label,
        required: true,
        // Every kind gets what was typed; the poll's rules keep what its kind uses.
        options: list,
        // max_choices: the most picks of a multiple choice, how many options a ranking orders.
        ...(max === undefined ? {} : { min: 1, max, positions: max }),
      };
      // An optional free-text follow-up ("Why?") turns the question into a two-step survey.
      const why = args.why?.trim() ?? '';
      if (why.length > 0 && (kind === 'text' || kind === 'short'))
        throw new UserError('polls.whyNeedsChoice');
      await publish(
        ctx,
        args,
        label,
        why.length > 0 ? [question, { kind: 'text', label: why, required: false }] : [question],
      );
    },
    async template(ctx, args) {
      const survey = pollTemplate(args.template, ctx.settings.language, args.topic.trim());
      await publish(ctx, args, survey.title, survey.questions);
    },
    async edit(ctx, args) {
      await editAndSay(ctx, args.poll, {
        number: args.number,
        question: args.question,
        kind: args.kind,
        options: args.options,
        max_choices: args.max_choices,
        required: args.required,
        results: args.results,
        anonymous: args.anonymous,
      });
    },
    async close(ctx, args) {
      const { app, guild, t } = ctx;
      const { poll, closedNow, effectId } = await closePoll(
        app.db,
        guild.id,
        (await pollOf(app.db, guild.id, args.poll)).id,
        app.now(),
      );
      if (closedNow && effectId !== undefined) {
        // Answer once the results are out (or after a few seconds: they are queued either way).
        await outboxOf(app).settle([effectId], SETTLE_MS);
        await ctx.reply({ content: t('polls.closedNow', { title: poll.title }) });
        return;
      }
      // Closed before, but its results were given up (say, a permission since fixed): again.
      await ctx.reply({
        content: (await retryResults(app.db, poll.id, app.now()))
          ? t('polls.resultsAgain')
          : t('polls.alreadyClosed'),
      });
    },
    async results(ctx, args) {
      const { app, guild } = ctx;
      const poll = await pollOf(app.db, guild.id, args.poll);
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      const visible = await visibleResults(app.db, poll, minimum);
      const texts: string[] = [];
      if (!visible.withheld)
        for (const [i, q] of poll.questions.entries())
          if (q.kind === 'paragraph' || q.kind === 'short')
            for (const answer of await visibleTexts(app.db, poll, i, minimum))
              texts.push(`[${q.label}] ${answer.text}`);
      // Free text goes in a file: it can be long, and it never names anyone in an anonymous poll.
      await ctx.reply({
        ...(await resultsPayload(ctx, poll.id, 0)),
        ...(texts.length === 0
          ? {}
          : {
              files: [
                {
                  attachment: Buffer.from(texts.join('\n\n'), 'utf8'),
                  name: `poll-${poll.id}-answers.txt`,
                },
              ],
            }),
      });
    },
    async export(ctx, args) {
      const { app, guild, t } = ctx;
      const poll = await pollOf(app.db, guild.id, args.poll);
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      if (poll.anonymous && (await visibleResults(app.db, poll, minimum)).withheld) {
        await ctx.reply({ content: withheldLine(poll, minimum, t) });
        return;
      }
      const rows = await exportRows(app.db, poll, minimum);
      const header = [
        t('polls.csv.time'),
        t('polls.csv.question'),
        t('polls.csv.answer'),
        ...(poll.anonymous ? [] : [t('onboarding.csv.member')]),
      ];
      const csv = toCsv([
        header,
        ...rows.map((r) => [
          // An anonymous poll's only time is its day, the same on every row.
          r.time,
          r.question,
          r.answer,
          ...(poll.anonymous ? [] : [r.member]),
        ]),
      ]);
      await ctx.reply({
        content: t('polls.exported', { count: rows.length }),
        files: [{ attachment: Buffer.from(csv, 'utf8'), name: `poll-${poll.id}.csv` }],
      });
    },
  },
  autocomplete: {
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({ name: `${s.name} (${s.shownCount})`.slice(0, 100), value: s.id }));
    },
    async poll({ app, guild }) {
      return (await listPolls(app.db, guild.id)).map((p) => ({
        name: clip(`#${p.id} ${p.title} (${p.status})`, DISCORD_LIMITS.autocompleteName),
        value: p.id,
      }));
    },
  },
});

/**
 * The audience rule: only members holding one of its roles may vote, or, for a poll aimed at a
 * segment, only the segment's members (as it stands now).
 */
/** The roles of the member who clicked, as the interaction carries them. */
function rolesOf(ctx: InteractionContext): readonly string[] {
  const member = ctx.interaction.member;
  if (member === null) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/** Records the member's vote; `ballotOf` reads it against the poll as loaded. */
async function castVote(
  ctx: InteractionContext,
  pollId: number,
  ballotOf: (poll: Poll) => Ballot,
  /** The poll's version the form or button was rendered from (checked in the vote's transaction). */
  version: number,
): Promise<void> {
  const { app, guild } = ctx;
  const poll = await pollOf(app.db, guild.id, pollId);
  if (poll.status !== 'open') throw new UserError('polls.closed');
  await checkVoter(
    app.db,
    poll,
    { userId: ctx.userId, roles: rolesOf(ctx) },
    app.now(),
    trustPolicy(app.config).anonymityMinResponses,
  );
  const { replaced } = await vote(app.db, {
    guildId: guild.id,
    pollId: poll.id,
    voter: voterKey(poll, ctx.userId, voterSecretOf(poll, pollKeyOf(app))),
    ballot: ballotOf(poll),
    now: app.now(),
    minResponses: trustPolicy(app.config).anonymityMinResponses,
    version,
  });
  await ctx.reply({
    content: [
      ctx.t(replaced ? 'polls.voteChanged' : 'polls.voteSaved'),
      ctx.t(poll.anonymous ? 'polls.youAreAnonymous' : 'polls.youAreNamed'),
    ].join(' '),
  });
  rendererOf(app, guild.client).touch(guild.id, poll.id, poll.renderedAt);
}

export const components = [
  // "Suggest an option": refused before the member types when the poll takes none from them.
  component({
    kind: 'button',
    route: pollRoutes.suggest,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild } = ctx;
      const poll = await pollOf(app.db, guild.id, args.poll);
      if (poll.status !== 'open') throw new UserError('polls.closed');
      await checkVoter(
        app.db,
        poll,
        { userId: ctx.userId, roles: rolesOf(ctx) },
        app.now(),
        trustPolicy(app.config).anonymityMinResponses,
      );
      await checkCanSuggest(app.db, poll, ctx.userId, pollKeyOf(app), app.now());
      await ctx.showModal(suggestionModal(poll, ctx.t));
    },
  }),
  component({
    kind: 'modal',
    route: pollRoutes.suggestion,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild } = ctx;
      // The id is a reference: the poll is reloaded in this server and checked again.
      const poll = await pollOf(app.db, guild.id, args.poll);
      if (poll.status !== 'open') throw new UserError('polls.closed');
      await checkVoter(
        app.db,
        poll,
        { userId: ctx.userId, roles: rolesOf(ctx) },
        app.now(),
        trustPolicy(app.config).anonymityMinResponses,
      );
      await suggestOption(app.db, {
        guildId: guild.id,
        pollId: poll.id,
        userId: ctx.userId,
        text: fieldValue(ctx.interaction.fields.fields, 'option') ?? '',
        now: app.now(),
        masterKey: pollKeyOf(app),
      });
      await ctx.reply({ content: ctx.t('polls.suggest.sent') });
    },
  }),
  // Approve or Reject in the manager log: the router lets managers only, and the suggestion is
  // reloaded in this server and decided once (see suggestions.ts).
  component({
    kind: 'button',
    route: pollRoutes.review,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      if (args.verdict !== 'approve' && args.verdict !== 'reject')
        throw new UserError('error.unknownInteraction');
      const { app, guild } = ctx;
      const { effectId } = await decideSuggestion(app.db, {
        guildId: guild.id,
        id: args.suggestion,
        approve: args.verdict === 'approve',
        by: ctx.userId,
        now: app.now(),
      });
      if (effectId !== undefined) await outboxOf(app).settle([effectId], SETTLE_MS);
      const original = ctx.interaction.message.content;
      await ctx.update({
        content: clip(
          `${original}\n\n${ctx.guildT(
            args.verdict === 'approve' ? 'polls.suggest.approvedBy' : 'polls.suggest.rejectedBy',
            { manager: ctx.interaction.user.username },
          )}`,
          DISCORD_LIMITS.content,
        ),
        components: [],
        allowedMentions: { parse: [] },
      });
    },
  }),
  component({
    kind: 'button',
    route: pollRoutes.resultsPage,
    audience: 'managers',
    defer: 'update',
    execute: async (ctx, args) => ctx.update(await resultsPayload(ctx, args.poll, args.page)),
  }),
  component({
    kind: 'button',
    route: pollRoutes.pick,
    audience: 'everyone',
    defer: 'ephemeral',
    execute: (ctx, args) =>
      castVote(ctx, args.poll, () => new Map([[0, { choices: [args.choice] }]]), args.version),
  }),
  component({
    kind: 'button',
    route: pollRoutes.vote,
    audience: 'everyone',
    defer: 'ephemeral',
    // Posted before polls had versions: such a button shows version 0.
    execute: (ctx, args) =>
      castVote(ctx, args.poll, () => new Map([[0, { choices: [args.choice] }]]), 0),
  }),
  component({
    kind: 'button',
    route: pollRoutes.open,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const poll = await pollOf(ctx.app.db, ctx.guild.id, args.poll);
      if (poll.status !== 'open') throw new UserError('polls.closed');
      await checkVoter(
        ctx.app.db,
        poll,
        { userId: ctx.userId, roles: rolesOf(ctx) },
        ctx.app.now(),
        trustPolicy(ctx.app.config).anonymityMinResponses,
      );
      if (!isPaged(poll)) return ctx.showModal(voteModal(poll, ctx.t));
      // A survey: the page the member is on (where they stopped, or the first).
      const voter = voterKey(poll, ctx.userId, voterSecretOf(poll, pollKeyOf(ctx.app)));
      await ctx.showModal(pageModal(poll, await surveyProgress(ctx.app.db, poll, voter), ctx.t));
    },
  }),
  component({
    kind: 'modal',
    route: pollRoutes.page,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild } = ctx;
      // The id is a reference: the poll is reloaded in this server, and the page checked in the
      // transaction that saves it (a page out of order is refused there).
      const poll = await pollOf(app.db, guild.id, args.poll);
      if (poll.status !== 'open') throw new UserError('polls.closed');
      await checkVoter(
        app.db,
        poll,
        { userId: ctx.userId, roles: rolesOf(ctx) },
        app.now(),
        trustPolicy(app.config).anonymityMinResponses,
      );
      const saved = await saveSurveyPage(app.db, {
        guildId: guild.id,
        pollId: poll.id,
        voter: voterKey(poll, ctx.userId, voterSecretOf(poll, pollKeyOf(app))),
        page: args.page,
        answers: decodeSubmission(ctx.interaction.components),
        now: app.now(),
        minResponses: trustPolicy(app.config).anonymityMinResponses,
      });
      if (!saved.done) {
        // A modal cannot open another: the next page is behind a button.
        await ctx.reply({
          content: ctx.t('polls.pageSaved', { page: args.page + 1, pages: saved.next.pages }),
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Primary,
                  custom_id: pollRoutes.open.build({ poll: poll.id }),
                  label: ctx.t('polls.continueButton', { page: saved.next.page + 1 }),
                },
              ],
            },
          ],
        });
        return;
      }
      await ctx.reply({
        content: [
          ctx.t(saved.replaced ? 'polls.voteChanged' : 'polls.voteSaved'),
          ctx.t(poll.anonymous ? 'polls.youAreAnonymous' : 'polls.youAreNamed'),
        ].join(' '),
      });
      rendererOf(app, guild.client).touch(guild.id, poll.id, poll.renderedAt);
    },
  }),
  component({
    kind: 'modal',
    route: pollRoutes.answer,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const answers = decodeSubmission(ctx.interaction.components);
      await castVote(
        ctx,
        args.poll,
        (poll) => ballotFromAnswers(poll, answers),
        formVersion(answers),
      );
    },
  }),
];
