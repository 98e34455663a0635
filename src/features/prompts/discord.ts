/**
 * Posts claimed prompt runs to Discord exactly once, each with a thread for replies: the
 * `prompts.post` effect, carried out by the outbox worker. Exactly once rests on three things:
 * the run and its outbox row are written in one transaction before any send; every send carries
 * the run's deterministic nonce with `enforce_nonce`, so a retry within Discord's nonce window
 * returns the first message; and a retry after that window first looks for the run in the channel
 * (by its button's custom id) before anything is sent again. Forum posts take no nonce: a retry
 * of one first looks for an earlier post among the forum's active threads.
 */
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
import type { AppDeps } from '../../core/context.js';
import { clip } from '../../core/text.js';
import { discordErrorCode } from '../../core/discord-actions.js';
import { getGuild } from '../../core/guilds.js';
import { clearNotice } from '../../core/notices.js';
import {
  effect,
  PermanentFailure,
  type EffectContext,
  type Failure,
} from '../../core/outbox/index.js';
import { findRecent, hasCustomId, postOnce } from '../../core/outbox/post.js';
import { promptPost, promptReview } from './effects.js';
import { translator } from './messages.js';
import { promptById } from './repository.js';
import { promptRoutes } from './routes.js';
import {
  claimDue,
  failAndPauseIn,
  markMessage,
  markPosted,
  runToPost,
  type PendingPost,
} from './schedules.js';

const THREAD_EXISTS = 160004;

/** The minute's claim: due runs become occurrences with their outbox rows; the worker posts them. */
export async function runPromptTick(app: AppDeps): Promise<void> {
  const result = await claimDue(app.db, app.now(), app.config.PROMPT_CATCHUP_HOURS * 3_600_000);
  if (result.broken.length > 0)
    app.logger.error(
      { schedules: result.broken },
      'schedules with a rule that cannot be read paused',
    );
}

function threadName(text: string): string {
  const firstLine = text.split('\n')[0]!.trim();
  // Thread and forum post names hold 100 characters; the post itself keeps the whole prompt.
  return clip(firstLine, 90);
}

/** Why a schedule pauses, from why its post was given up. */
function pauseReason(failure: Failure): 'channel' | 'permissions' | 'errors' {
  if (failure.code === `discord:${RESTJSONErrorCodes.UnknownChannel}`) return 'channel';
  if (
    failure.code === `discord:${RESTJSONErrorCodes.MissingPermissions}` ||
    failure.code === `discord:${RESTJSONErrorCodes.MissingAccess}`
  )
    return 'permissions';
  return 'errors';
}

export const promptPostEffect = effect(promptPost, {
  label: 'prompts.effect.post',
  async execute(ctx, { occurrence }) {
    const { app } = ctx;
    const post = await runToPost(app.db, occurrence);
    // Posted already, or failed with its paused schedule: nothing left to do.
    if (post === undefined) return;
    const settings = await getGuild(app.db, post.guildId);
    if (settings === undefined) throw new PermanentFailure('guild');
    const t = translator(settings.language, app.commandIds);
    const credit =
      post.credit && post.authorId !== null
        ? `\n\n${t('prompts.credit', { member: `<@${post.authorId}>` })}`
        : '';
    const mention = post.mentionRoleId === null ? '' : `<@&${post.mentionRoleId}>\n`;
    const content: RESTPostAPIChannelMessageJSONBody = {
      content: `${mention}**${t('prompts.postTitle')}**\n${post.text}${credit}`,
      // The credit names the author without pinging them; only the schedule's audience role, when
      // the managers chose one, is mentioned.
      allowed_mentions:
        post.mentionRoleId === null ? { parse: [] } : { parse: [], roles: [post.mentionRoleId] },
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
    const { messageId, threadId } = (await isForum(ctx, post.channelId))
      ? await postToForum(ctx, post, content)
      : await postToChannel(ctx, post, content);
    await markPosted(app.db, post.id, messageId, threadId, app.now());
    await clearNotice(app.db, post.guildId, `schedule:${post.scheduleId}`);
    await clearNotice(app.db, post.guildId, `empty:${post.scheduleId}`);
  },
  // The schedule pauses with its other pending runs, and managers hear once why.
  async onGiveUp(trx, { occurrence }, failure, { now }) {
    const reason = pauseReason(failure);
    const paused = await failAndPauseIn(trx, occurrence, reason, now);
    if (paused === undefined || !paused.firstTime) return null;
    return {
      key: `schedule:${paused.scheduleId}`,
      message: `prompts.paused.${reason}`,
      params: { schedule: paused.scheduleId, channel: `<#${paused.channelId}>` },
    };
  },
});

/** A member's suggestion, in the manager log with Approve and Reject, once. */
export const promptReviewPost = effect(promptReview, {
  label: 'prompts.effect.review',
  async execute(ctx, { prompt: promptId }) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    if (settings === undefined) throw new PermanentFailure('guild');
    const prompt = await promptById(ctx.app.db, ctx.guildId, promptId);
    // Reviewed already, or withdrawn with its author's data: nothing to ask.
    if (prompt === undefined || prompt.status !== 'pending') return;
    if (settings.logChannelId === null) throw new PermanentFailure('setting:log_channel_id');
    const t = translator(settings.language, ctx.app.commandIds);
    const approve = promptRoutes.review.build({ prompt: prompt.id, verdict: 'approve' });
    await postOnce(
      ctx,
      settings.logChannelId,
      {
        content: t('prompts.reviewPost', {
          member: prompt.authorId === null ? '—' : `<@${prompt.authorId}>`,
          text: prompt.text,
          credit: t(prompt.credit ? 'prompts.creditYes' : 'prompts.creditNo'),
        }),
        allowed_mentions: { parse: [] },
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Success,
                custom_id: approve,
                label: t('onboarding.approve'),
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Danger,
                custom_id: promptRoutes.review.build({ prompt: prompt.id, verdict: 'reject' }),
                label: t('onboarding.reject'),
              },
            ],
          },
        ],
      },
      { isMine: (m) => hasCustomId(m, approve) },
    );
  },
});

/** A text or announcement channel: the message (sent with the run's nonce), then a thread under it. */
async function postToChannel(
  ctx: EffectContext,
  post: PendingPost,
  content: RESTPostAPIChannelMessageJSONBody,
): Promise<{ messageId: string; threadId: string | null }> {
  let messageId = post.messageId;
  if (messageId === null && ctx.nonceExpired) {
    const marker = promptRoutes.suggest.build({ occurrence: post.id });
    messageId = (await findRecent(ctx, post.channelId, (m) => hasCustomId(m, marker)))?.id ?? null;
  }
  if (messageId === null) {
    const message = (await ctx.rest.post(Routes.channelMessages(post.channelId), {
      body: { ...content, nonce: post.nonce, enforce_nonce: true },
    })) as APIMessage;
    messageId = message.id;
  }
  // Recorded before the thread is opened, so a retry never sends the message again.
  await markMessage(ctx.app.db, post.id, messageId);
  return {
    messageId,
    threadId: await openThread(ctx, post.channelId, messageId, threadName(post.text)),
  };
}

/** A forum: the post is its own thread, and the thread's id is its first message's id. */
async function postToForum(
  ctx: EffectContext,
  post: PendingPost,
  content: RESTPostAPIChannelMessageJSONBody,
): Promise<{ messageId: string; threadId: string }> {
  let threadId =
    post.messageId ?? (ctx.retried ? await findEarlierForumPost(ctx, post) : undefined);
  if (threadId === undefined) {
    // No nonce here: the REST client never retries on its own, and a retry looks first (above).
    const thread = (await ctx.rest.post(Routes.threads(post.channelId), {
      body: { name: threadName(post.text), auto_archive_duration: 1440, message: content },
    })) as APIThreadChannel;
    threadId = thread.id;
  }
  return { messageId: threadId, threadId };
}

/** Channel types never change: looked up once per channel and process. */
const forums = new Map<string, boolean>();

async function isForum(ctx: EffectContext, channelId: string): Promise<boolean> {
  let forum = forums.get(channelId);
  if (forum === undefined) {
    let channel: APIChannel;
    try {
      channel = (await ctx.rest.get(Routes.channel(channelId))) as APIChannel;
    } catch (error) {
      // Deleted or hidden: the post itself gets the error Discord gives for it.
      if (discordErrorCode(error) !== undefined) return false;
      throw error;
    }
    forum = channel.type === ChannelType.GuildForum;
    if (forums.size > 10_000) forums.clear();
    forums.set(channelId, forum);
  }
  return forum;
}

/** The run's forum post, if an earlier attempt made it: the bot's newest active threads there, by button. */
async function findEarlierForumPost(
  ctx: EffectContext,
  post: PendingPost,
): Promise<string | undefined> {
  const marker = promptRoutes.suggest.build({ occurrence: post.id });
  const me = await ctx.botUserId();
  const { threads } = (await ctx.rest.get(
    Routes.guildActiveThreads(post.guildId),
  )) as RESTGetAPIGuildThreadsResult;
  const ours = (threads as APIThreadChannel[])
    .filter(
      (thread) =>
        thread.parent_id === post.channelId && (me === undefined || thread.owner_id === me),
    )
    .sort((x, y) => (BigInt(y.id) > BigInt(x.id) ? 1 : -1))
    .slice(0, 25);
  for (const thread of ours) {
    try {
      const starter = (await ctx.rest.get(
        Routes.channelMessage(thread.id, thread.id),
      )) as APIMessage;
      if (hasCustomId(starter, marker)) return thread.id;
    } catch (error) {
      if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMessage) throw error;
    }
  }
  return undefined;
}

async function openThread(
  ctx: EffectContext,
  channelId: string,
  messageId: string,
  name: string,
): Promise<string | null> {
  try {
    const thread = (await ctx.rest.post(Routes.threads(channelId, messageId), {
      body: { name, auto_archive_duration: 1440 },
    })) as APIThreadChannel;
    return thread.id;
  } catch (error) {
    if (discordErrorCode(error) === THREAD_EXISTS) {
      // An earlier attempt created it: the message knows its thread.
      const message = (await ctx.rest.get(
        Routes.channelMessage(channelId, messageId),
      )) as APIMessage;
      return message.thread?.id ?? null;
    }
    throw error;
  }
}
