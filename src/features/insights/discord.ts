/**
 * The Discord side of insights: turns message and thread events into stored events (never their
 * text), folds old events, draws the trends chart, and posts the weekly digest.
 */
import type { ChartConfiguration } from 'chart.js';
import { renderChart } from '../../core/charts/index.js';
import {
  RESTJSONErrorCodes,
  Routes,
  type APIGuildMember,
  type GatewayMessageCreateDispatchData,
  type GatewayThreadCreateDispatchData,
} from 'discord-api-types/v10';
import { TimestampStyles, time, type Client } from 'discord.js';
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../core/context.js';
import { effect, PermanentFailure } from '../../core/outbox/index.js';
import { postOnce } from '../../core/outbox/post.js';
import { digestEffect } from './effects.js';
import { discordErrorCode, listMembers } from '../../core/discord-actions.js';
import { fitEmbed } from '../../core/embeds.js';
import { translator, type Translate } from './messages.js';
import { getGuild } from '../../core/guilds.js';
import {
  claimDigest,
  countWords,
  dayOf,
  foldEvents,
  hiddenLeftOut,
  ingestEvents,
  overview,
  trends,
  type MessageEvent,
  type Overview,
  type WeekTrend,
} from './service.js';
import { nextRun } from '../../core/local-time.js';
import { digestGuilds } from './repository.js';
import { DEFAULT_ANONYMITY_MIN, trustPolicy } from '../../core/config.js';
import { clip } from '../../core/text.js';
import { endedEventsBetween } from '../events/api.js';
import { eventFigures, type EventsFigures } from './events.js';

const FLUSH_EVERY_MS = 1_000;
const DIGEST_LATEST_MS = 12 * 3_600_000;
const FLUSH_AT = 500;

/** How long what Hearth learnt of a member's roles (staff or not) is trusted before asking again. */
const STAFF_TTL_MS = 10 * 60_000;
const STAFF_CACHE_MAX = 10_000;

interface Person {
  readonly bot: boolean;
  readonly staff: boolean;
}

/**
 * Who is staff, from the manager role set in `/hearth setup` and the member's roles on Discord:
 * read from a message's own member roles, or asked of Discord for someone only replied to. Never
 * learnt from having seen them write since the last restart.
 */
export class StaffDirectory {
  readonly #app: AppDeps;
  readonly #client: Client;
  readonly #known = new Map<string, Person & { at: number }>();

  constructor(app: AppDeps, client: Client) {
    this.#app = app;
    this.#client = client;
  }

  /** What a message says of its author: whether they are a bot, and their roles now. */
  remember(guildId: string, userId: string, person: Person): void {
    if (this.#known.size >= STAFF_CACHE_MAX) this.#known.clear();
    this.#known.set(`${guildId}:${userId}`, { ...person, at: this.#app.now() });
  }

  async lookup(guildId: string, userId: string, managerRoleId: string | null): Promise<Person> {
    const cached = this.#known.get(`${guildId}:${userId}`);
    if (cached !== undefined && cached.at > this.#app.now() - STAFF_TTL_MS) return cached;
    let member: APIGuildMember;
    try {
      member = (await this.#client.rest.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
    } catch (error) {
      // Someone who left is a former member, not staff. Any other failure (Discord having a bad
      // minute) counts them as a member this once, without remembering it.
      const person = { bot: false, staff: false };
      if (discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember)
        this.remember(guildId, userId, person);
      return person;
    }
    const person = {
      bot: member.user.bot === true,
      staff: managerRoleId !== null && member.roles.includes(managerRoleId),
    };
    this.remember(guildId, userId, person);
    return person;
  }
}

/**
 * Collects message events and writes them in batches (one transaction per second or per 500
 * events), so a busy channel costs one write now and then instead of one per message. Only people
 * count: Hearth's own posts and other bots' are never recorded.
 */
export class EventIngester {
  readonly #app: AppDeps;
  readonly #buffer: MessageEvent[] = [];
  readonly #client: Client;
  readonly #staff: StaffDirectory;
  #timer: NodeJS.Timeout | undefined;

  constructor(app: AppDeps, client: Client) {
    this.#app = app;
    this.#client = client;
    this.#staff = new StaffDirectory(app, client);
  }

  async onMessage(message: GatewayMessageCreateDispatchData): Promise<void> {
    const guildId = message.guild_id;
    if (guildId === undefined || message.webhook_id !== undefined) return;
    // Hearth and other bots are not the community, in any figure.
    if (message.author.bot === true) return;
    const settings = await getGuild(this.#app.db, guildId);
    if (settings === undefined) return;
    const managerRole = settings.managerRoleId;
    const isStaff = managerRole !== null && (message.member?.roles ?? []).includes(managerRole);
    this.#staff.remember(guildId, message.author.id, { bot: false, staff: isStaff });
    const repliedTo = message.referenced_message?.author;
    let replyTo: MessageEvent['replyTo'] = null;
    if (repliedTo !== undefined && message.message_reference !== undefined) {
      const person =
        repliedTo.bot === true
          ? { bot: true, staff: false }
          : await this.#staff.lookup(guildId, repliedTo.id, managerRole);
      replyTo = person.bot ? 'bot' : person.staff ? 'staff' : 'member';
    }
    // Without the MessageContent intent Discord sends empty content: depth is unknown, not zero.
    const words =
      this.#app.config.ENABLE_MESSAGE_CONTENT && message.content.length > 0
        ? countWords(message.content)
        : null;
    this.#push({
      guildId,
      userId: message.author.id,
      channelId: message.channel_id,
      at: Date.parse(message.timestamp),
      staff: isStaff,
      replyTo,
      startsThread: false,
      words,
    });
  }

  async onThreadCreate(thread: GatewayThreadCreateDispatchData): Promise<void> {
    if (
      thread.newly_created !== true ||
      thread.guild_id === undefined ||
      thread.owner_id === undefined
    )
      return;
    // Threads Hearth opens under its own posts are not the community's.
    if (thread.owner_id === this.#client.user?.id) return;
    const settings = await getGuild(this.#app.db, thread.guild_id);
    if (settings === undefined) return;
    const owner = await this.#staff.lookup(
      thread.guild_id,
      thread.owner_id,
      settings.managerRoleId,
    );
    if (owner.bot) return;
    this.#push({
      guildId: thread.guild_id,
      userId: thread.owner_id,
      channelId: thread.id,
      at: this.#app.now(),
      staff: owner.staff,
      replyTo: null,
      startsThread: true,
      words: null,
    });
  }

  #push(event: MessageEvent): void {
    this.#buffer.push(event);
    if (this.#buffer.length >= FLUSH_AT) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer.splice(0);
    try {
      await ingestEvents(this.#app.db, batch);
    } catch (error) {
      this.#app.logger.error(
        { err: error, events: batch.length },
        'could not store message events',
      );
    }
  }
}

/** The daily job: events older than the retention window become daily aggregates. */
export async function foldOldEvents(app: AppDeps): Promise<void> {
  const folded = await foldEvents(app.db, dayOf(app.now()) - app.config.INSIGHTS_RETENTION_DAYS);
  if (folded > 0)
    app.logger.info({ events: folded }, 'message events folded into daily aggregates');
}

/** Members who are people (bots excluded), for shares. */
export async function humanCount(client: Client, guildId: string): Promise<number> {
  return (await listMembers(client, guildId)).filter((m) => m.user.bot !== true).length;
}

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** The overview as lines a manager reads. */
export function overviewLines(
  o: Overview,
  t: Translate,
  options: { segment?: boolean; minHidden?: number } = {},
): string[] {
  if (options.segment === true)
    return overviewLines(o, t, { ...options, segment: false }).map((line, i) =>
      // Depth and poll votes are not kept per member: for a segment they are not shown.
      i === 3 ? t('insights.depthSegment') : i === 7 ? t('insights.pollsSegment') : line,
    );
  return [
    t('insights.active', { active: o.activeMembers, share: percent(o.activeShare) }),
    t('insights.joinsLeaves', { joined: o.newMembers, left: o.departedMembers }),
    t('insights.messages', { count: o.messages }),
    o.hiddenLeftOut === true
      ? t('insights.depthHidden')
      : o.medianWords === null
        ? t('insights.depthUnknown')
        : t('insights.depth', { words: o.medianWords }),
    t('insights.memberStarted', { share: percent(o.memberStartedShare) }),
    t('insights.memberToMember', { share: percent(o.memberToMemberShare) }),
    o.promptResponseRate === null
      ? t('insights.promptsNone')
      : t('insights.prompts', { share: percent(o.promptResponseRate) }),
    o.pollParticipation === null
      ? t('insights.pollsNone')
      : t('insights.polls', { share: percent(o.pollParticipation) }),
    t('insights.onboarding', {
      joined: o.onboarding.joined,
      started: o.onboarding.started,
      completed: o.onboarding.completed,
    }),
    t('insights.waitlist', { count: o.waitlist }),
    ...(o.hiddenLeftOut === true
      ? [t('insights.hiddenLeftOut', { min: options.minHidden ?? DEFAULT_ANONYMITY_MIN })]
      : []),
  ];
}

/** Weekly active members, depth and the member-to-member share, as one line chart. */
export async function trendsChart(weeks: readonly WeekTrend[], t: Translate): Promise<Buffer> {
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: weeks.map((w) => new Date(w.fromDay * 86_400_000).toISOString().slice(5, 10)),
      datasets: [
        {
          label: t('insights.chartActive'),
          data: weeks.map((w) => w.activeMembers),
          borderColor: '#5865f2',
          yAxisID: 'y',
        },
        {
          label: t('insights.chartMemberToMember'),
          data: weeks.map((w) =>
            w.memberToMemberShare === null ? null : Math.round(w.memberToMemberShare * 100),
          ),
          borderColor: '#3ba55c',
          yAxisID: 'y1',
        },
        {
          label: t('insights.chartDepth'),
          data: weeks.map((w) => w.medianWords),
          borderColor: '#faa61a',
          yAxisID: 'y',
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, position: 'left' },
        y1: { beginAtZero: true, max: 100, position: 'right', grid: { drawOnChartArea: false } },
      },
      plugins: { title: { display: true, text: t('insights.chartTitle'), font: { size: 18 } } },
    },
  };
  return renderChart({ width: 900, height: 420, config: config });
}

/**
 * The weekly digest: due from Monday 09:00 in each server's time zone, claimed once per week
 * (and enqueued with the claim), each server in its own error boundary. A digest more than 12
 * hours late (Hearth was down) is skipped, not sent days later.
 */
export async function postDigests(app: AppDeps): Promise<void> {
  const now = app.now();
  const guilds = await digestGuilds(app.db);
  for (const guild of guilds) {
    try {
      const weekOf = nextRun(DIGEST_RULE, guild.timezone, now - 7 * 86_400_000);
      if (weekOf === undefined || weekOf > now || now - weekOf > DIGEST_LATEST_MS) continue;
      await claimDigest(app.db, guild.guild_id, weekOf, now, dayOf(now) - 1);
    } catch (error) {
      app.logger.error(
        { err: error, guild: guild.guild_id, ref: randomBytes(4).toString('hex') },
        'could not claim the weekly digest of one server',
      );
    }
  }
}

const DIGEST_RULE = {
  kind: 'weekly' as const,
  weekdays: [1],
  hour: 9,
  minute: 0,
  everyWeeks: 1,
  anchor: '2026-01-05',
};

const share = (part: number, of: number) => (of === 0 ? '—' : `${Math.round((part / of) * 100)}%`);

/** `/insights events`: one line per event, then repeat attendees. Never a member's name. */
export function eventLines(f: EventsFigures, t: Translate, minRatings: number): string[] {
  return [
    ...f.events.map((e) =>
      t('insights.eventsLine', {
        title: clip(e.title.replace(/\s+/g, ' '), 80),
        at: time(Math.floor(e.startsAt / 1000), TimestampStyles.ShortDate),
        attendedGoing: e.attendedGoing,
        going: e.going,
        turnout: share(e.attendedGoing, e.going),
        noShows: e.noShows,
        attended: e.attended,
        waitlist:
          e.joinedWaitlist === null
            ? t('insights.eventsWaitlistHidden')
            : t('insights.eventsWaitlist', { count: e.joinedWaitlist }),
        lapsed: e.offersLapsed,
        waiting: e.stillWaiting,
        feedback:
          e.ratings === 0
            ? t('insights.eventsFeedbackNone')
            : e.averageRating === null
              ? t('insights.eventsFeedbackFew', { count: e.ratings, min: minRatings })
              : t('insights.eventsFeedback', {
                  average: e.averageRating.toFixed(1),
                  count: e.ratings,
                }),
      }),
    ),
    t('insights.eventsRepeat', { repeat: f.repeatAttendees, attendees: f.attendees }),
  ];
}

/** The digest's event line: the week's ended events together, or nothing without any. */
export function eventDigestLine(f: EventsFigures, t: Translate): string[] {
  if (f.events.length === 0) return [];
  const sum = (pick: (e: EventsFigures['events'][number]) => number) =>
    f.events.reduce((n, e) => n + pick(e), 0);
  const going = sum((e) => e.going);
  const attended = sum((e) => e.attendedGoing);
  return [
    t('insights.eventsDigest', {
      count: f.events.length,
      attended,
      going,
      turnout: share(attended, going),
      noShows: sum((e) => e.noShows),
    }),
  ];
}

/** The digest, in the manager log: the week's figures and twelve weeks of trends, posted once. */
export const digestPost = effect(digestEffect, {
  label: 'insights.effect.digest',
  async execute(ctx, { day }) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    if (settings === undefined) throw new PermanentFailure('guild');
    if (settings.logChannelId === null) throw new PermanentFailure('setting:log_channel_id');
    const t = translator(settings.language, ctx.app.commandIds);
    const humans = (await listMembers({ rest: ctx.rest }, ctx.guildId)).filter(
      (m) => m.user.bot !== true,
    ).length;
    const minHidden = trustPolicy(ctx.app.config).anonymityMinResponses;
    const figures = await overview(
      ctx.app.db,
      ctx.guildId,
      day - 6,
      day,
      humans,
      undefined,
      minHidden,
    );
    // A chart that cannot be drawn leaves the digest without it, never without the digest.
    const weeks = await trends(ctx.app.db, ctx.guildId, day, 12, minHidden);
    const chart = await trendsChart(weeks, t).catch((error: unknown) => {
      ctx.app.logger.warn(
        { err: error, ref: randomBytes(4).toString('hex'), guild: ctx.guildId },
        'the digest chart could not be drawn; the digest goes without it',
      );
      return undefined;
    });
    const leftOut = await hiddenLeftOut(ctx.app.db, ctx.guildId, minHidden);
    const weekEnd = (day + 1) * 86_400_000;
    const events = eventFigures(
      await endedEventsBetween(ctx.app.db, ctx.guildId, weekEnd - 7 * 86_400_000, weekEnd),
      leftOut,
      minHidden,
    );
    const title = t('insights.digestTitle');
    await postOnce(
      ctx,
      settings.logChannelId,
      {
        embeds: [
          fitEmbed({
            title,
            // The chart's weeks leave hidden members out by the same rule, said here once.
            description: [
              ...overviewLines(figures, t, { minHidden }),
              ...eventDigestLine(events, t),
            ].join('\n'),
            ...(chart === undefined ? {} : { image: 'attachment://trends.png' }),
          }),
        ],
        attachments: chart === undefined ? [] : [{ id: 0, filename: 'trends.png' }],
        allowed_mentions: { parse: [] },
      },
      {
        files:
          chart === undefined
            ? []
            : [{ name: 'trends.png', data: chart, contentType: 'image/png' }],
        isMine: (m) =>
          m.embeds[0]?.title === title && Date.parse(m.timestamp) >= ctx.createdAt - 60_000,
      },
    );
  },
});
