/**
 * Posts claimed prompt runs to Discord exactly once, each with a thread for replies, and keeps
 * track of who replied. Exactly once rests on three things: the occurrence row is claimed before
 * any send; every send carries the occurrence's deterministic nonce with `enforce_nonce`, so a
 * retry within Discord's nonce window returns the first message; and a run whose first attempt
 * is older than that window is first looked for in the channel (by its button's custom id)
 * before anything is sent again. Forum posts take no nonce: they are sent without the REST
 * client's automatic retries, and any later attempt first looks for an earlier post among the
 * forum's active threads.
 */
import { REST } from '@discordjs/rest';
import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  RESTJSONErrorCodes,
  Routes,
  type APIChannel,
  type APIMessage,
  type APIThreadChannel,
  type RESTGetAPIGuildThreadsResult,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { Guild } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { perApp } from '../../core/feature.js';
import { discordErrorCode, isManagerFixable, notifyManagers } from '../../core/discord-actions.js';
import { Pacer } from '../../core/pacer.js';
import { translator } from './messages.js';
import { getGuild } from '../../core/guilds.js';
import { clearNotice } from '../../core/notices.js';
import {
  claimDue,
  countAttempt,
  failAndPause,
  markMessage,
  markPosted,
  pendingPosts,
  type PendingPost,
} from './schedules.js';
import { promptRoutes } from './routes.js';

/** How long Discord honours a nonce, with a margin: past it, look before sending again. */
const NONCE_TRUST_MS = 2 * 60_000;
/** Transient failures (5xx, network) are retried on later ticks, this many times in all. */
const MAX_ATTEMPTS = 5;
const THREAD_EXISTS = 160004;

export function createPacer(): Pacer {
  // Discord: about 5 messages per 5 s per channel, 50 requests per second per bot.
  return new Pacer({
    perKey: { limit: 5, windowMs: 5_000 },
    global: { limit: 40, windowMs: 1_000 },
  });
}

/** The pacer of one running Hearth: scheduled posts share it, whoever triggers them. */
export const pacerOf = perApp(() => createPacer());

/** What the poster needs of the client: REST, and the cached guilds to tell managers. */
export interface PosterClient {
  readonly rest: REST;
  readonly token: string | null;
  readonly user: { readonly id: string } | null;
  readonly guilds: { readonly cache: { get(id: string): Guild | undefined } };
}

/** Claims what is due and posts it, telling managers about runs missed while Hearth was down. */
export async function runPromptTick(
  app: AppDeps,
  client: PosterClient,
  pacer: Pacer,
): Promise<void> {
  const result = await claimDue(app.db, app.now(), app.config.PROMPT_CATCHUP_HOURS * 3_600_000);
  for (const missed of result.missed) {
    const guild = client.guilds.cache.get(missed.guildId);
    if (guild === undefined) continue;
    await notifyManagers(app, guild, `missed:${missed.scheduleId}:${missed.dueAt}`, (t) =>
      t('prompts.missedNotice', {
        schedule: missed.scheduleId,
        at: `<t:${Math.floor(missed.dueAt / 1000)}:F>`,
        hours: app.config.PROMPT_CATCHUP_HOURS,
      }),
    );
  }
  for (const empty of result.empty) {
    const guild = client.guilds.cache.get(empty.guildId);
    if (guild !== undefined)
      await notifyManagers(app, guild, `empty:${empty.scheduleId}`, (t) =>
        t('prompts.emptyNotice', { schedule: empty.scheduleId }),
      );
  }
  const failedSchedules = new Set<number>();
  for (const post of await pendingPosts(app.db)) {
    // A schedule paused by an earlier post in this batch: its other runs were failed with it.
    if (failedSchedules.has(post.scheduleId)) continue;
    if (!(await postOne(app, client, pacer, post))) failedSchedules.add(post.scheduleId);
  }
}

function threadName(text: string): string {
  const firstLine = text.split('\n')[0]!.trim();
  return firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine;
}

/** Posts one run. Returns false when its schedule was paused (nothing else of it should be tried). */
async function postOne(
  app: AppDeps,
  client: PosterClient,
  pacer: Pacer,
  post: PendingPost,
): Promise<boolean> {
  // Posting needs only REST and the database; the cached guild is needed just to tell managers.
  const settings = await getGuild(app.db, post.guildId);
  if (settings === undefined || settings.left_at !== null) return true;
  const guildId = post.guildId;
  const t = translator(settings.language);
  const attempts = await countAttempt(app.db, post.id);
  try {
    const credit =
      post.credit && post.authorId !== null
        ? `\n\n${t('prompts.credit', { member: `<@${post.authorId}>` })}`
        : '';
    const content: RESTPostAPIChannelMessageJSONBody = {
      content: `**${t('prompts.postTitle')}**\n${post.text}${credit}`,
      // The credit names the author without pinging them; a prompt never pings anyone.
      allowed_mentions: { parse: [] },
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Secondary,
              custom_id: promptRoutes.suggest.build({ occurrence: post.id }),
              label: t('prompts.suggestButton'),
            },
          ],
        },
      ],
    };
    const { messageId, threadId } = (await isForum(client, post))
      ? await postToForum(client, pacer, post, attempts, content)
      : await postToChannel(app, client, pacer, post, content);
    await markPosted(app.db, post.id, messageId, threadId, app.now());
    await clearNotice(app.db, guildId, `schedule:${post.scheduleId}`);
    await clearNotice(app.db, guildId, `empty:${post.scheduleId}`);
    return true;
  } catch (error) {
    if (isManagerFixable(error) || attempts >= MAX_ATTEMPTS) {
      const reason =
        discordErrorCode(error) === RESTJSONErrorCodes.UnknownChannel
          ? 'channel'
          : isManagerFixable(error)
            ? 'permissions'
            : 'errors';
      const paused = await failAndPause(app.db, post.id, reason);
      app.logger.warn(
        { err: error, guild: guildId, schedule: post.scheduleId },
        'prompt schedule paused',
      );
      const guild = client.guilds.cache.get(guildId);
      if (paused?.firstTime === true && guild !== undefined) {
        await notifyManagers(app, guild, `schedule:${post.scheduleId}`, (tr) =>
          tr(`prompts.paused.${reason}`, {
            schedule: post.scheduleId,
            channel: `<#${post.channelId}>`,
          }),
        );
      }
      return false;
    }
    app.logger.warn(
      { err: error, guild: guildId, occurrence: post.id, attempts },
      'prompt post failed; will retry on the next tick',
    );
    return true;
  }
}

/** A text or announcement channel: the message (sent with the run's nonce), then a thread under it. */
async function postToChannel(
  app: AppDeps,
  client: PosterClient,
  pacer: Pacer,
  post: PendingPost,
  content: RESTPostAPIChannelMessageJSONBody,
): Promise<{ messageId: string; threadId: string | null }> {
  let message: APIMessage | undefined;
  if (post.messageId === null && app.now() - post.claimedAt > NONCE_TRUST_MS)
    message = await findEarlierPost(client, post);
  if (post.messageId === null && message === undefined) {
    await pacer.wait(post.channelId);
    message = (await client.rest.post(Routes.channelMessages(post.channelId), {
      body: { ...content, nonce: post.nonce, enforce_nonce: true },
    })) as APIMessage;
  }
  const messageId = message?.id ?? post.messageId!;
  // Recorded before the thread is opened, so a retry never sends the message again.
  await markMessage(app.db, post.id, messageId);
  return {
    messageId,
    threadId: await openThread(client, post.channelId, messageId, threadName(post.text)),
  };
}

/** A forum: the post is its own thread, and the thread's id is its first message's id. */
async function postToForum(
  client: PosterClient,
  pacer: Pacer,
  post: PendingPost,
  attempts: number,
  content: RESTPostAPIChannelMessageJSONBody,
): Promise<{ messageId: string; threadId: string }> {
  let threadId =
    post.messageId ?? (attempts > 1 ? await findEarlierForumPost(client, post) : undefined);
  if (threadId === undefined) {
    await pacer.wait(post.channelId);
    threadId = await createForumPost(client, post.channelId, threadName(post.text), content);
  }
  return { messageId: threadId, threadId };
}

/** The run's message, if an earlier attempt did post it (found by its button's custom id). */
async function findEarlierPost(
  client: PosterClient,
  post: PendingPost,
): Promise<APIMessage | undefined> {
  const marker = promptRoutes.suggest.build({ occurrence: post.id });
  const recent = (await client.rest.get(Routes.channelMessages(post.channelId), {
    query: new URLSearchParams({ limit: '50' }),
  })) as APIMessage[];
  return recent.find((m) => JSON.stringify(m.components ?? []).includes(`"${marker}"`));
}

async function isForum(client: PosterClient, post: PendingPost): Promise<boolean> {
  const cached = client.guilds.cache.get(post.guildId)?.channels.cache.get(post.channelId);
  if (cached !== undefined) return cached.type === ChannelType.GuildForum;
  return (
    ((await client.rest.get(Routes.channel(post.channelId))) as APIChannel).type ===
    ChannelType.GuildForum
  );
}

/** The run's forum post, if an earlier attempt made it: the bot's newest active threads there, by button. */
async function findEarlierForumPost(
  client: PosterClient,
  post: PendingPost,
): Promise<string | undefined> {
  const marker = `"${promptRoutes.suggest.build({ occurrence: post.id })}"`;
  const { threads } = (await client.rest.get(
    Routes.guildActiveThreads(post.guildId),
  )) as RESTGetAPIGuildThreadsResult;
  const ours = (threads as APIThreadChannel[])
    .filter((thread) => thread.parent_id === post.channelId && thread.owner_id === client.user?.id)
    .sort((x, y) => (BigInt(y.id) > BigInt(x.id) ? 1 : -1))
    .slice(0, 25);
  for (const thread of ours) {
    try {
      const starter = (await client.rest.get(
        Routes.channelMessage(thread.id, thread.id),
      )) as APIMessage;
      if (JSON.stringify(starter.components ?? []).includes(marker)) return thread.id;
    } catch (error) {
      if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMessage) throw error;
    }
  }
  return undefined;
}

/**
 * Without a nonce, the REST client's own retry of a post whose answer was lost would post twice;
 * forum posts go through a client that never retries, and our next tick looks before posting.
 */
const withoutRetries = new WeakMap<REST, REST>();
async function createForumPost(
  client: PosterClient,
  forumId: string,
  name: string,
  message: RESTPostAPIChannelMessageJSONBody,
): Promise<string> {
  let rest = withoutRetries.get(client.rest);
  if (rest === undefined) {
    rest = new REST({
      ...client.rest.options,
      retries: 0,
      handlerSweepInterval: 0,
      hashSweepInterval: 0,
    }).setToken(client.token ?? '');
    withoutRetries.set(client.rest, rest);
  }
  const thread = (await rest.post(Routes.threads(forumId), {
    body: { name, auto_archive_duration: 1440, message },
  })) as APIThreadChannel;
  return thread.id;
}

async function openThread(
  client: PosterClient,
  channelId: string,
  messageId: string,
  name: string,
): Promise<string | null> {
  try {
    const thread = (await client.rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: 1440 },
    })) as APIThreadChannel;
    return thread.id;
  } catch (error) {
    if (discordErrorCode(error) === THREAD_EXISTS) {
      // An earlier attempt created it: the message knows its thread.
      const message = (await client.rest.get(
        Routes.channelMessage(channelId, messageId),
      )) as APIMessage;
      return message.thread?.id ?? null;
    }
    throw error;
  }
}
