/**
 * The Discord side of polls: the poll message (with its buttons or its Vote form), live results
 * re-rendered at most once every few seconds, closing with a results message and charts, and the
 * one reminder. Votes themselves are decided in services/polls.ts.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import {
  ButtonStyle,
  ComponentType,
  RESTJSONErrorCodes,
  Routes,
  TextInputStyle,
  type APIEmbed,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Client, Guild } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { perApp } from '../../core/feature.js';
import { fitEmbed } from '../../core/embeds.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import { loadSecret } from '../../core/secret.js';
import { discordErrorCode, listMembers, notifyManagers } from '../../core/discord-actions.js';
import { translator, type Translate } from './messages.js';
import { getGuild } from '../../core/guilds.js';
import {
  choiceCount,
  choiceLabel,
  claimReminders,
  closePoll,
  dirtyPolls,
  dueClosures,
  markRendered,
  pollOf,
  pollResults,
  type Poll,
  type QuestionResult,
} from './service.js';
import { pollRoutes } from './routes.js';
import { segmentMembers, segmentOf } from '../segments/api.js';

Chart.register(...registerables);

/** Discord allows about 5 edits per 5 s per channel; one per poll every 3 s leaves room. */
export const RENDER_INTERVAL_MS = 3_000;

function bar(count: number, total: number): string {
  const share = total === 0 ? 0 : count / total;
  const filled = Math.round(share * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(share * 100)}% · ${count}`;
}

/** A question's results as text lines. */
function resultLines(r: QuestionResult, t: Translate): string[] {
  if (r.question.kind === 'text') return [t('polls.textAnswers', { count: r.answered })];
  const total = r.question.kind === 'multi' ? r.counts.reduce((a, b) => a + b, 0) : r.answered;
  const lines = r.counts.map(
    (count, choice) => `${choiceLabel(r.question, choice)}  ${bar(count, total)}`,
  );
  if (r.nps !== undefined) lines.push(t('polls.npsScore', { score: r.nps }));
  if (r.average !== undefined) lines.push(t('polls.average', { average: r.average.toFixed(1) }));
  return lines;
}

/** Buttons for one short single-choice question; otherwise a Vote button opening the form. */
function voteComponents(poll: Poll, t: Translate) {
  const q = poll.questions[0]!;
  const quick = poll.questions.length === 1 && q.kind === 'single' && (q.options?.length ?? 0) <= 5;
  return [
    {
      type: ComponentType.ActionRow,
      components: quick
        ? q.options!.map((option, choice) => ({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: pollRoutes.vote.build({ poll: poll.id, choice }),
            label: clip(option, DISCORD_LIMITS.buttonLabel),
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
  ];
}

/** The poll message: questions, whether it is anonymous (said before anyone votes), results when shown. */
export async function pollMessage(
  app: AppDeps,
  poll: Poll,
  t: Translate,
): Promise<{ embeds: APIEmbed[]; components: unknown[] }> {
  const show = poll.results === 'live' || poll.status === 'closed';
  const results = show ? await pollResults(app.db, poll) : [];
  const lines: string[] = [];
  for (const [i, q] of poll.questions.entries()) {
    lines.push(`**${i + 1}. ${q.label}**`);
    if (show) lines.push(...resultLines(results[i]!, t));
  }
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

/** The Vote form: every question of the poll in one modal. */
export function voteModal(poll: Poll, t: Translate): APIModalInteractionResponseCallbackData {
  return {
    custom_id: pollRoutes.answer.build({ poll: poll.id }),
    title: poll.title.slice(0, 45),
    components: poll.questions.map((q, index) => {
      const id = `q${index}`;
      const label = { type: ComponentType.Label as const, label: q.label };
      if (q.kind === 'text')
        return {
          ...label,
          component: {
            type: ComponentType.TextInput,
            custom_id: id,
            style: TextInputStyle.Paragraph,
            required: q.required,
            max_length: 1000,
          },
        };
      const options = Array.from({ length: choiceCount(q) }, (_, choice) => ({
        value: String(choice),
        label: choiceLabel(q, choice),
      }));
      if (q.kind === 'multi') {
        return options.length <= 10
          ? {
              ...label,
              component: {
                type: ComponentType.CheckboxGroup,
                custom_id: id,
                required: q.required,
                min_values: q.required ? (q.min ?? 1) : 0,
                max_values: q.max ?? options.length,
                options,
              },
            }
          : {
              ...label,
              component: {
                type: ComponentType.StringSelect,
                custom_id: id,
                required: q.required,
                min_values: q.required ? (q.min ?? 1) : 0,
                max_values: q.max ?? options.length,
                options,
              },
            };
      }
      return options.length <= 10
        ? {
            ...label,
            component: {
              type: ComponentType.RadioGroup,
              custom_id: id,
              required: q.required,
              options,
            },
          }
        : {
            ...label,
            component: {
              type: ComponentType.StringSelect,
              custom_id: id,
              required: q.required,
              min_values: q.required ? 1 : 0,
              max_values: 1,
              options,
              placeholder: t('polls.pick'),
            },
          };
    }),
  };
}

/** A chart per question with choices: a bar chart, or the distribution of a rating or NPS scale. */
export async function renderCharts(
  results: readonly QuestionResult[],
): Promise<{ name: string; data: Buffer }[]> {
  const charts: { name: string; data: Buffer }[] = [];
  for (const [index, r] of results.entries()) {
    if (r.question.kind === 'text' || charts.length >= 4) continue;
    const canvas = createCanvas(800, 400);
    const colors =
      r.question.kind === 'nps'
        ? r.counts.map((_, i) => (i >= 9 ? '#3ba55c' : i >= 7 ? '#faa61a' : '#ed4245'))
        : '#5865f2';
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: r.counts.map((_, c) => choiceLabel(r.question, c)),
        datasets: [{ data: [...r.counts], backgroundColor: colors }],
      },
      options: {
        responsive: false,
        animation: false,
        indexAxis: r.question.kind === 'single' || r.question.kind === 'multi' ? 'y' : 'x',
        plugins: {
          legend: { display: false },
          title: { display: true, text: r.question.label, font: { size: 18 } },
        },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    };
    // @napi-rs/canvas implements the 2D context Chart.js draws on; the types differ only in name.
    const context = canvas.getContext('2d');
    const chart = new Chart(context, config);
    // A white background behind the drawn chart, so it reads in Discord's dark theme too.
    context.globalCompositeOperation = 'destination-over';
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    charts.push({ name: `question-${index + 1}.png`, data: await canvas.encode('png') });
    chart.destroy();
  }
  return charts;
}

/** Edits poll messages whose counts changed, at most once per poll every few seconds. */
/**
 * The key of anonymous votes' hashes, read from (or created beside the database as) `hearth.key`;
 * never stored in the database.
 */
export const pollKeyOf = perApp((app) =>
  loadSecret(app.config.DATABASE_PATH, app.config.POLL_SECRET),
);

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
    await markRendered(this.#app.db, poll.id, Date.now());
    try {
      await this.#client.rest.patch(Routes.channelMessage(poll.channelId, poll.messageId), {
        body: {
          ...(await pollMessage(this.#app, poll, translator(settings.language))),
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
async function audienceSize(
  app: AppDeps,
  client: Client,
  guild: Guild,
  poll: Poll,
): Promise<number> {
  if (poll.segmentId !== null)
    return (await segmentMembers(app.db, guild.id, poll.segmentId, app.now()).catch(() => []))
      .length;
  const members = (await listMembers(client, guild.id)).filter((m) => m.user.bot !== true);
  return poll.audience.length === 0
    ? members.length
    : members.filter((m) => m.roles.some((r) => poll.audience.includes(r))).length;
}

/** Closes a poll (by time or by hand): results message with charts, and the poll message closed. */
export async function finishPoll(
  app: AppDeps,
  client: Client,
  guildId: string,
  pollId: number,
  renderer: PollRenderer,
): Promise<Poll | undefined> {
  const { poll, closedNow } = await closePoll(app.db, guildId, pollId, app.now());
  if (!closedNow) return undefined;
  const guild = client.guilds.cache.get(guildId);
  const settings = await getGuild(app.db, guildId);
  if (guild === undefined || settings === undefined) return poll;
  const t = translator(settings.language);
  const results = await pollResults(app.db, poll);
  const charts = await renderCharts(results);
  const size = await audienceSize(app, client, guild, poll);
  const description = results
    .flatMap((r, i) => [`**${i + 1}. ${r.question.label}**`, ...resultLines(r, t)])
    .join('\n');
  try {
    await client.rest.post(Routes.channelMessages(poll.channelId), {
      body: {
        embeds: [
          fitEmbed({
            title: t('polls.resultsTitle', { title: poll.title }),
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
      files: charts.map((c) => ({ name: c.name, data: c.data, contentType: 'image/png' })),
    });
  } catch (error) {
    app.logger.warn({ err: error, poll: poll.id }, 'could not post poll results');
    await notifyManagers(app, guild, `poll-results:${poll.id}`, (tr) =>
      tr('polls.resultsFailed', { title: poll.title, channel: `<#${poll.channelId}>` }),
    );
  }
  await renderer
    .render(guildId, pollId)
    .catch((error: unknown) =>
      app.logger.warn({ err: error, poll: pollId }, 'could not close the poll message'),
    );
  return poll;
}

/** The minute ticker's work for polls: reminders, closings, and messages left stale. */
export async function runPollTick(
  app: AppDeps,
  client: Client,
  renderer: PollRenderer,
): Promise<void> {
  for (const poll of await claimReminders(app.db, app.now())) {
    const settings = await getGuild(app.db, poll.guildId);
    if (settings === undefined) continue;
    const t = translator(settings.language);
    const link =
      poll.messageId === null
        ? ''
        : `https://discord.com/channels/${poll.guildId}/${poll.channelId}/${poll.messageId}`;
    await client.rest
      .post(Routes.channelMessages(poll.channelId), {
        body: {
          content: t('polls.reminder', {
            title: poll.title,
            at: `<t:${Math.floor((poll.closesAt ?? app.now()) / 1000)}:R>`,
            link,
            roles: poll.audience.map((r) => `<@&${r}>`).join(' '),
          }).trim(),
          // The reminder is for the audience: its roles may be pinged, nobody else.
          allowed_mentions: { parse: [], roles: [...poll.audience] },
        },
      })
      .then((message) => void (message as APIMessage))
      .catch((error: unknown) =>
        app.logger.warn({ err: error, poll: poll.id }, 'could not post a poll reminder'),
      );
  }
  for (const due of await dueClosures(app.db, app.now()))
    await finishPoll(app, client, due.guildId, due.pollId, renderer);
  await renderer.flush();
}
