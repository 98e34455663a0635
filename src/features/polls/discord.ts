/**
 * The Discord side of polls: the poll message (with its buttons or its Vote form), live results
 * re-rendered at most once every few seconds, closing with a results message and charts, and the
 * one reminder. The poll message, the results and the reminder are outbox effects, enqueued with
 * the decision that needs them (service.ts) and posted once by the outbox worker.
 */
import type { ChartConfiguration } from 'chart.js';
import { renderChart } from '../../core/charts/index.js';
import {
  ButtonStyle,
  ComponentType,
  RESTJSONErrorCodes,
  TextInputStyle,
  Routes,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { randomBytes } from 'node:crypto';
import type { APIMessage, Client } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { perApp } from '../../core/feature.js';
import { fitEmbed } from '../../core/embeds.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import { effect, PermanentFailure, type EffectContext } from '../../core/outbox/index.js';
import { postOnce } from '../../core/outbox/post.js';
import { discordErrorCode, listMembers } from '../../core/discord-actions.js';
import {
  pollEditEffect,
  pollMessageEffect,
  pollReminderEffect,
  pollResultsEffect,
  pollSuggestionEffect,
} from './effects.js';
import { trustPolicy } from '../../core/config.js';
import { translator, type Translate } from './messages.js';
import { getGuild } from '../../core/guilds.js';
import { assertNever, renderModal } from '../../forms/index.js';
import {
  attachMessage,
  choiceLabel,
  claimReminders,
  closePoll,
  dirtyPolls,
  dueClosures,
  markRendered,
  pollOf,
  visibleResults,
  withdrawPoll,
  type Poll,
  type QuestionResult,
  type SurveyProgress,
} from './service.js';
import { logChannelOf, pollHeading } from './repository.js';
import { LIMITS } from './questions.js';
import { suggestionOf, takesSuggestions } from './suggestions.js';
import { pollRoutes } from './routes.js';
import { pollKeyOf } from './key.js';

export { pollKeyOf };
import { segmentMembers, segmentOf } from '../segments/api.js';

/** Discord allows about 5 edits per 5 s per channel; one per poll every 3 s leaves room. */
export const RENDER_INTERVAL_MS = 3_000;

function bar(count: number, total: number): string {
  const share = total === 0 ? 0 : count / total;
  const filled = Math.round(share * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(share * 100)}% · ${count}`;
}

/**
 * A ranking's results: each option with its Borda score and average place, best first, and what
 * the score means. The results message and `/poll results` both show these lines.
 */
export function rankingLines(r: QuestionResult, t: Translate): string[] {
  if (r.question.kind !== 'ranking') return [];
  const q = r.question;
  return [
    ...(r.ranking ?? []).map((o) =>
      o.averageRank === null
        ? t('polls.rankUnranked', { place: o.place, option: choiceLabel(q, o.choice) })
        : t('polls.rankLine', {
            place: o.place,
            option: choiceLabel(q, o.choice),
            points: o.points,
            average: o.averageRank.toFixed(1),
          }),
    ),
    t('polls.rankNote', { top: q.positions }),
  ];
}

/** A question's results as text lines. */
/**
 * One question's results, the one way Hearth shows them: bars in the results post, plain counts
 * in `/poll results`; the NPS score and the average of a scale either way.
 */
export function resultLines(
  r: QuestionResult,
  t: Translate,
  style: 'bars' | 'counts' = 'bars',
): string[] {
  const q = r.question;
  const bars = (total: number) =>
    r.counts.map((count, choice) =>
      style === 'bars'
        ? `${choiceLabel(q, choice)}  ${bar(count, total)}`
        : `${choiceLabel(q, choice)}: ${count}`,
    );
  switch (q.kind) {
    case 'short':
    case 'paragraph':
      return [t('polls.textAnswers', { count: r.answered })];
    case 'multi':
      return bars(r.counts.reduce((a, b) => a + b, 0));
    case 'single':
      return bars(r.answered);
    case 'scale': {
      const lines = bars(r.answered);
      if (r.nps !== undefined) lines.push(t('polls.npsScore', { score: r.nps }));
      if (r.average !== undefined)
        lines.push(t('polls.average', { average: r.average.toFixed(1) }));
      return lines;
    }
    case 'ranking':
      return rankingLines(r, t);
    default:
      return assertNever(q);
  }
}

/** Why an anonymous poll shows no figures yet (or, closed with too few people, none at all). */
export function withheldLine(poll: Poll, minimum: number, t: Translate): string {
  return t(poll.status === 'closed' ? 'polls.withheldClosed' : 'polls.withheld', { min: minimum });
}

/**
 * Buttons for one short single-choice question; otherwise a Vote button opening the form. A poll
 * that takes suggested options has "Suggest an option" on a row of its own.
 */
function voteComponents(poll: Poll, t: Translate) {
  const q = poll.questions[0]!;
  const quick = poll.questions.length === 1 && q.kind === 'single' && q.choices.length <= 5;
  const suggest = takesSuggestions(poll)
    ? [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Secondary,
              custom_id: pollRoutes.suggest.build({ poll: poll.id }),
              label: t('polls.suggestButton'),
            },
          ],
        },
      ]
    : [];
  return [
    {
      type: ComponentType.ActionRow,
      components: quick
        ? q.choices.map((option, choice) => ({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: pollRoutes.pick.build({ poll: poll.id, version: poll.version, choice }),
            label: clip(option.label, DISCORD_LIMITS.buttonLabel),
          }))
        : [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              custom_id: pollRoutes.open.build({ poll: poll.id }),
              label: t('polls.voteButton'),
            },
          ],
    },
    ...suggest,
  ];
}

/** The form a member types a suggested option in. */
export function suggestionModal(poll: Poll, t: Translate): APIModalInteractionResponseCallbackData {
  return {
    custom_id: pollRoutes.suggestion.build({ poll: poll.id }),
    title: clip(t('polls.suggestTitle'), DISCORD_LIMITS.modalTitle),
    components: [
      {
        type: ComponentType.Label,
        label: t('polls.suggestField', { max: LIMITS.option }),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'option',
          style: TextInputStyle.Short,
          required: true,
          // What a select option can show: a longer option than a poll takes is refused with
          // its reason rather than cut by Discord as it is typed.
          max_length: DISCORD_LIMITS.selectOption,
        },
      },
    ],
  };
}

/** The poll message: questions, whether it is anonymous (said before anyone votes), results when shown. */
export async function pollMessage(
  app: AppDeps,
  poll: Poll,
  t: Translate,
): Promise<{ embeds: APIEmbed[]; components: unknown[] }> {
  const show = poll.results === 'live' || poll.status === 'closed';
  const minimum = trustPolicy(app.config).anonymityMinResponses;
  const visible = show ? await visibleResults(app.db, poll, minimum) : undefined;
  const lines: string[] = [];
  for (const [i, q] of poll.questions.entries()) {
    lines.push(`**${i + 1}. ${q.label}**`);
    if (visible !== undefined && !visible.withheld)
      lines.push(...resultLines(visible.results[i]!, t));
  }
  if (visible?.withheld === true) lines.push(withheldLine(poll, minimum, t));
  const facts = [
    t(poll.anonymous ? 'polls.isAnonymous' : 'polls.isNamed'),
    t(poll.results === 'live' ? 'polls.resultsLive' : 'polls.resultsHidden'),
    poll.status === 'closed'
      ? t('polls.closedNote')
      : poll.closesAt === null
        ? t('polls.closesByHand')
        : t('polls.closesAt', { at: `<t:${Math.floor(poll.closesAt / 1000)}:R>` }),
    poll.audience.length === 0
      ? ''
      : t('polls.audience', { roles: poll.audience.map((r) => `<@&${r}>`).join(' ') }),
    poll.segmentId === null
      ? ''
      : t('polls.segmentAudience', { segment: await segmentName(app, poll) }),
    t('polls.voters', { count: poll.voters }),
    // Fixed after people had answered: said on the message (the edits are recorded).
    poll.edited ? t('polls.edited') : '',
  ].filter((f) => f.length > 0);
  return {
    // One message, edited in place as votes come in: fitted to one embed.
    embeds: [
      fitEmbed({
        title: poll.title,
        fields: [{ name: '\u200b', value: facts.join('\n') }],
        description: lines.join('\n'),
        color: poll.status === 'closed' ? 0x99aab5 : 0x5865f2,
      }),
    ],
    components: poll.status === 'open' ? voteComponents(poll, t) : [],
  };
}

/** One page of a survey: its questions (by index), rendered by the forms kit. */
export function pageModal(
  poll: Poll,
  progress: SurveyProgress,
  t: Translate,
): APIModalInteractionResponseCallbackData {
  return renderModal({
    customId: pollRoutes.page.build({ poll: poll.id, page: progress.page }),
    title: t('polls.pageTitle', {
      title: poll.title,
      page: progress.page + 1,
      pages: progress.pages,
    }),
    t,
    selectPlaceholder: t('polls.pick'),
    // Each field carries the poll's version: a page rendered before an edit is refused.
    fields: progress.questions.map((index) => ({
      question: poll.questions[index]!,
      ref: { question: index, revision: poll.version },
      prefill: progress.saved?.[String(index)],
    })),
  });
}

/** The Vote form: every question of the poll in one modal, rendered by the forms kit. */
export function voteModal(poll: Poll, t: Translate): APIModalInteractionResponseCallbackData {
  return renderModal({
    customId: pollRoutes.answer.build({ poll: poll.id }),
    title: poll.title,
    t,
    selectPlaceholder: t('polls.pick'),
    // A poll's questions are identified by their index, and the revision is the poll's version
    // (checked in the vote's transaction: a form from before an edit is refused).
    fields: poll.questions.map((question, index) => ({
      question,
      ref: { question: index, revision: poll.version },
    })),
  });
}

/** A chart per question with choices: a bar chart, or the distribution of a rating or NPS scale. */
export async function renderCharts(
  results: readonly QuestionResult[],
  /** Told of a chart that could not be drawn: the results go without it. */
  onFailure: (error: unknown) => void = () => {},
): Promise<{ name: string; data: Buffer }[]> {
  const charts: { name: string; data: Buffer }[] = [];
  for (const [index, r] of results.entries()) {
    const q = r.question;
    if (charts.length >= 4) break;
    let colors: string | string[];
    let horizontal: boolean;
    // The bars: votes per choice, or for a ranking each option's Borda points, best first.
    let bars = r.counts.map((votes, choice) => ({ label: choiceLabel(q, choice), value: votes }));
    switch (q.kind) {
      case 'short':
      case 'paragraph':
        continue;
      case 'single':
      case 'multi':
        colors = '#5865f2';
        horizontal = true;
        break;
      case 'ranking':
        bars = (r.ranking ?? []).map((o) => ({ label: choiceLabel(q, o.choice), value: o.points }));
        colors = '#5865f2';
        horizontal = true;
        break;
      case 'scale':
        colors =
          q.scale.preset === 'nps'
            ? r.counts.map((_, i) => (i >= 9 ? '#3ba55c' : i >= 7 ? '#faa61a' : '#ed4245'))
            : '#5865f2';
        horizontal = false;
        break;
      default:
        assertNever(q);
    }
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: bars.map((b) => b.label),
        datasets: [{ data: bars.map((b) => b.value), backgroundColor: colors }],
      },
      options: {
        responsive: false,
        animation: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: false },
          // An image has room for a line; the results message holds the question in full.
          title: { display: true, text: clip(q.label, 90), font: { size: 18 } },
        },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    };
    try {
      const data = await renderChart({
        width: 800,
        height: 400,
        config: config,
      });
      charts.push({ name: `question-${index + 1}.png`, data });
    } catch (error) {
      onFailure(error);
    }
  }
  return charts;
}

/** Edits poll messages whose counts changed, at most once per poll every few seconds. */
/** The poll renderer of one running Hearth: it batches message edits after votes. */
export const rendererOf = perApp((app, client: Client) => new PollRenderer(app, client));

export class PollRenderer {
  readonly #timers = new Map<number, NodeJS.Timeout>();
  /** When this renderer last started editing each poll's message. */
  readonly #startedAt = new Map<number, number>();
  readonly #app: AppDeps;
  readonly #client: Client;

  constructor(app: AppDeps, client: Client) {
    this.#app = app;
    this.#client = client;
  }

  /** A vote changed poll `pollId`: schedule one edit, not one per vote. */
  touch(guildId: string, pollId: number, renderedAt: number): void {
    if (this.#timers.has(pollId)) return;
    // The caller's renderedAt may predate an edit already under way (it was read before the
    // vote): the time this renderer last started an edit counts too.
    const last = Math.max(renderedAt, this.#startedAt.get(pollId) ?? 0);
    const delay = Math.max(0, last + RENDER_INTERVAL_MS - Date.now());
    this.#timers.set(
      pollId,
      setTimeout(() => {
        this.#timers.delete(pollId);
        this.#startedAt.set(pollId, Date.now());
        this.render(guildId, pollId).catch((error: unknown) =>
          this.#app.logger.warn({ err: error, poll: pollId }, 'could not update a poll message'),
        );
      }, delay),
    );
  }

  async render(guildId: string, pollId: number): Promise<void> {
    const poll = await pollOf(this.#app.db, guildId, pollId);
    const settings = await getGuild(this.#app.db, guildId);
    if (poll.messageId === null || settings === undefined) return;
    await markRendered(this.#app.db, poll, Date.now());
    try {
      await this.#client.rest.patch(Routes.channelMessage(poll.channelId, poll.messageId), {
        body: {
          ...(await pollMessage(
            this.#app,
            poll,
            translator(settings.language, this.#app.commandIds),
          )),
          allowed_mentions: { parse: [] },
        },
      });
    } catch (error) {
      // A deleted poll message does not stop the poll: results still come at close.
      if (
        discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMessage &&
        discordErrorCode(error) !== RESTJSONErrorCodes.UnknownChannel
      )
        throw error;
    }
  }

  /** Polls left dirty (say, by a restart between a vote and its edit). */
  async flush(): Promise<void> {
    for (const p of await dirtyPolls(this.#app.db)) this.touch(p.guildId, p.pollId, p.renderedAt);
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** The name of a poll's audience segment (a removed one is said to be removed). */
async function segmentName(app: AppDeps, poll: Poll): Promise<string> {
  if (poll.segmentId === null) return '';
  const segment = await segmentOf(app.db, poll.guildId, poll.segmentId).catch(() => undefined);
  return segment?.name ?? '—';
}

/**
 * How many members may vote: everyone, the members holding an audience role, or the members of
 * the audience segment now.
 */
async function audienceSize(ctx: EffectContext, poll: Poll): Promise<number> {
  const { app } = ctx;
  if (poll.segmentId !== null) {
    // The segment's count as managers see it (a removed segment counts nobody): it must not move
    // with the activity of a member who asked not to be named.
    await segmentMembers(app.db, poll.guildId, poll.segmentId, app.now()).catch(() => []);
    const segment = await segmentOf(app.db, poll.guildId, poll.segmentId).catch(() => undefined);
    return segment?.shownCount ?? 0;
  }
  const members = (await listMembers({ rest: ctx.rest }, poll.guildId)).filter(
    (m) => m.user.bot !== true,
  );
  return poll.audience.length === 0
    ? members.length
    : members.filter((m) => m.roles.some((r) => poll.audience.includes(r))).length;
}

/** The poll, or undefined when it is gone (its server's data was purged meanwhile). */
async function pollIfAny(app: AppDeps, guildId: string, pollId: number): Promise<Poll | undefined> {
  try {
    return await pollOf(app.db, guildId, pollId);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

async function languageOf(app: AppDeps, guildId: string): Promise<Translate> {
  const settings = await getGuild(app.db, guildId);
  if (settings === undefined) throw new PermanentFailure('guild');
  return translator(settings.language, app.commandIds);
}

/** Whether a message carries a button of poll `pollId` (a choice of any version, or Answer). */
export function namesPoll(message: APIMessage, pollId: number): boolean {
  const ids = (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : []))
      : [],
  );
  return ids.some(
    (id) =>
      pollRoutes.pick.parse(id)?.poll === pollId ||
      pollRoutes.vote.parse(id)?.poll === pollId ||
      pollRoutes.open.parse(id)?.poll === pollId,
  );
}

/** The poll message, posted once; a poll whose message cannot be posted at all is withdrawn. */
export const pollMessagePost = effect(pollMessageEffect, {
  label: 'polls.effect.message',
  async execute(ctx, { poll: pollId }) {
    const poll = await pollIfAny(ctx.app, ctx.guildId, pollId);
    // Already posted, or closed before it could be: nothing to show.
    if (poll === undefined || poll.messageId !== null || poll.status !== 'open') return;
    const t = await languageOf(ctx.app, ctx.guildId);
    const body = await pollMessage(ctx.app, poll, t);
    // A retry recognises the message by its buttons naming this poll, whatever version they
    // carry: an edit between the first attempt and the retry changes the version, not the poll.
    const message = await postOnce(
      ctx,
      poll.channelId,
      { ...body, allowed_mentions: { parse: [] } },
      { isMine: (m) => namesPoll(m, poll.id) },
    );
    await attachMessage(ctx.app.db, poll.id, message.id);
  },
  async onGiveUp(trx, { poll: pollId }, _failure, { now }) {
    const poll = await withdrawPoll(trx, pollId, now);
    if (poll === undefined) return null;
    return {
      key: `poll-post:${poll.id}`,
      message: 'polls.postFailed',
      params: { title: poll.title, channel: `<#${poll.channelId}>` },
    };
  },
});

/**
 * The poll message shown again after an edit: whatever the poll is now (an older version's effect
 * running late shows the newest, and showing it twice changes nothing). A poll not posted yet is
 * shown as edited by its own post; one closed meanwhile by its results.
 */
export const pollEditPost = effect(pollEditEffect, {
  label: 'polls.effect.edit',
  async execute(ctx, { poll: pollId }) {
    const poll = await pollIfAny(ctx.app, ctx.guildId, pollId);
    if (poll === undefined || poll.messageId === null) return;
    const t = await languageOf(ctx.app, ctx.guildId);
    try {
      await ctx.rest.patch(Routes.channelMessage(poll.channelId, poll.messageId), {
        body: { ...(await pollMessage(ctx.app, poll, t)), allowed_mentions: { parse: [] } },
      });
      await markRendered(ctx.app.db, poll, Date.now());
    } catch (error) {
      // A deleted poll message does not stop the poll: results still come at close.
      const code = discordErrorCode(error);
      if (code !== RESTJSONErrorCodes.UnknownMessage && code !== RESTJSONErrorCodes.UnknownChannel)
        throw error;
    }
  },
});

/**
 * A member's suggested option, in the manager log with Approve and Reject, once. It never says who
 * suggested it (a named poll's voters are for managers to see in its export, not here; an
 * anonymous poll's are for nobody).
 */
export const pollSuggestionPost = effect(pollSuggestionEffect, {
  label: 'polls.effect.suggestion',
  async execute(ctx, { suggestion: id }) {
    const suggestion = await suggestionOf(ctx.app.db, ctx.guildId, id).catch(() => undefined);
    // Reviewed already, or gone with its poll's close: nothing to ask.
    if (suggestion === undefined || suggestion.status !== 'pending') return;
    const poll = await pollIfAny(ctx.app, ctx.guildId, suggestion.pollId);
    if (poll === undefined || poll.status !== 'open') return;
    const log = await logChannelOf(ctx.app.db, ctx.guildId);
    if (log === null) throw new PermanentFailure('setting:log_channel_id');
    const t = await languageOf(ctx.app, ctx.guildId);
    const approve = pollRoutes.review.build({ suggestion: suggestion.id, verdict: 'approve' });
    await postOnce(
      ctx,
      log,
      {
        content: clip(
          t('polls.suggest.reviewPost', {
            id: poll.id,
            title: poll.title,
            number: suggestion.question + 1,
            option: suggestion.label,
          }),
          DISCORD_LIMITS.content,
        ),
        allowed_mentions: { parse: [] },
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Success,
                custom_id: approve,
                label: t('polls.suggest.approve'),
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Danger,
                custom_id: pollRoutes.review.build({
                  suggestion: suggestion.id,
                  verdict: 'reject',
                }),
                label: t('polls.suggest.reject'),
              },
            ],
          },
        ],
      },
      {
        isMine: (m) =>
          (m.components ?? []).some(
            (row) =>
              'components' in row &&
              row.components.some((c) => 'custom_id' in c && c.custom_id === approve),
          ),
      },
    );
  },
});

/** The results with charts, under the poll; then the poll message shown closed. */
export const pollResultsPost = effect(pollResultsEffect, {
  label: 'polls.effect.results',
  async execute(ctx, { poll: pollId }) {
    const { app } = ctx;
    const poll = await pollIfAny(app, ctx.guildId, pollId);
    if (poll === undefined) return;
    const t = await languageOf(app, ctx.guildId);
    if (ctx.progress<{ posted: string }>() === undefined) {
      const minimum = trustPolicy(app.config).anonymityMinResponses;
      const visible = await visibleResults(app.db, poll, minimum);
      // Too few people answered an anonymous poll: the results stay hidden for good.
      const results = visible.withheld ? [] : visible.results;
      const charts = await renderCharts(results, (error) =>
        app.logger.warn(
          { err: error, ref: randomBytes(4).toString('hex'), poll: poll.id, guild: poll.guildId },
          'a poll chart could not be drawn; the results go without it',
        ),
      );
      const size = await audienceSize(ctx, poll);
      const description = visible.withheld
        ? withheldLine(poll, minimum, t)
        : results
            .flatMap((r, i) => [`**${i + 1}. ${r.question.label}**`, ...resultLines(r, t)])
            .join('\n');
      const title = t('polls.resultsTitle', { title: poll.title });
      const message = await postOnce(
        ctx,
        poll.channelId,
        {
          embeds: [
            fitEmbed({
              title,
              description,
              footer: t('polls.participation', { voters: poll.voters, audience: size }),
              ...(charts[0] ? { image: `attachment://${charts[0].name}` } : {}),
            }),
          ],
          allowed_mentions: { parse: [] },
          ...(poll.messageId === null
            ? {}
            : { message_reference: { message_id: poll.messageId, fail_if_not_exists: false } }),
          attachments: charts.map((c, id) => ({ id, filename: c.name })),
        },
        {
          files: charts.map((c) => ({ name: c.name, data: c.data, contentType: 'image/png' })),
          isMine: (m) =>
            m.embeds[0]?.title === title &&
            (m.message_reference?.message_id === undefined ||
              m.message_reference.message_id === poll.messageId),
        },
      );
      await ctx.saveProgress({ posted: message.id });
    }
    // The poll message, closed: its buttons go. A deleted poll message is no obstacle.
    if (poll.messageId === null) return;
    try {
      await ctx.rest.patch(Routes.channelMessage(poll.channelId, poll.messageId), {
        body: { ...(await pollMessage(app, poll, t)), allowed_mentions: { parse: [] } },
      });
      await markRendered(app.db, poll, Date.now());
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== RESTJSONErrorCodes.UnknownMessage && code !== RESTJSONErrorCodes.UnknownChannel)
        throw error;
    }
  },
  async onGiveUp(trx, { poll: pollId }) {
    const poll = await pollHeading(trx, pollId);
    if (poll === undefined) return null;
    return {
      key: `poll-results:${poll.id}`,
      message: 'polls.resultsFailed',
      params: { title: poll.title, channel: `<#${poll.channelId}>` },
    };
  },
});

/** The one reminder, for the audience: its roles may be pinged, nobody else. */
export const pollReminderPost = effect(pollReminderEffect, {
  label: 'polls.effect.reminder',
  async execute(ctx, { poll: pollId }) {
    const poll = await pollIfAny(ctx.app, ctx.guildId, pollId);
    if (poll === undefined || poll.status !== 'open') return;
    const t = await languageOf(ctx.app, ctx.guildId);
    const link =
      poll.messageId === null
        ? ''
        : `https://discord.com/channels/${poll.guildId}/${poll.channelId}/${poll.messageId}`;
    const content = t('polls.reminder', {
      title: poll.title,
      at: `<t:${Math.floor((poll.closesAt ?? ctx.app.now()) / 1000)}:R>`,
      link,
      roles: poll.audience.map((r) => `<@&${r}>`).join(' '),
    }).trim();
    await postOnce(
      ctx,
      poll.channelId,
      { content, allowed_mentions: { parse: [], roles: [...poll.audience] } },
      { isMine: (m) => m.content === content },
    );
  },
});

/**
 * The minute's poll decisions: reminders due and polls due to close, each in its own
 * transaction that also enqueues its post, each failure its own. Then messages left stale.
 */
export async function runPollTick(app: AppDeps, renderer: PollRenderer): Promise<void> {
  await claimReminders(app.db, app.now());
  for (const due of await dueClosures(app.db, app.now())) {
    try {
      await closePoll(app.db, due.guildId, due.pollId, app.now());
    } catch (error) {
      app.logger.error(
        { err: error, ref: randomBytes(4).toString('hex'), poll: due.pollId, guild: due.guildId },
        'could not close a poll',
      );
    }
  }
  await renderer.flush();
}
