/**
 * Sending a message exactly once from an effect. The first attempts carry the effect's nonce with
 * `enforce_nonce`, so Discord answers a retry with the message it already made. Once Discord has
 * forgotten that nonce, a retry first looks among the channel's recent messages (by a marker the
 * caller knows: its button's custom id, its exact text) before sending again.
 */
import { RESTJSONErrorCodes, Routes, type APIMessage } from 'discord-api-types/v10';
import { discordErrorCode } from '../discord-actions.js';
import type { RawFile } from '@discordjs/rest';
import type { EffectContext } from './effects.js';

/** How far back a retry looks for its earlier message. */
const LOOK_BACK = 50;

export interface PostOnceOptions {
  /** Recognizes the message an earlier attempt made, when it must be looked for. */
  readonly isMine: (message: APIMessage) => boolean;
  readonly files?: readonly RawFile[];
  /** A second nonce for a second message of the same effect (say, a fallback). */
  readonly nonceSuffix?: string;
}

/** Posts `body` in `channelId` once, however many attempts it takes. */
export async function postOnce(
  ctx: EffectContext,
  channelId: string,
  body: Record<string, unknown>,
  options: PostOnceOptions,
): Promise<APIMessage> {
  if (ctx.nonceExpired) {
    const earlier = await findRecent(ctx, channelId, options.isMine);
    if (earlier !== undefined) return earlier;
  }
  return (await ctx.rest.post(Routes.channelMessages(channelId), {
    body: { ...body, nonce: `${ctx.nonce}${options.nonceSuffix ?? ''}`, enforce_nonce: true },
    ...(options.files === undefined ? {} : { files: options.files }),
  })) as APIMessage;
}

/** The newest of the channel's recent messages that `isMine` recognizes, if any. */
export async function findRecent(
  ctx: EffectContext,
  channelId: string,
  isMine: (message: APIMessage) => boolean,
): Promise<APIMessage | undefined> {
  const recent = (await ctx.rest.get(Routes.channelMessages(channelId), {
    query: new URLSearchParams({ limit: String(LOOK_BACK) }),
  })) as APIMessage[];
  return recent.find(isMine);
}

/** True when a message carries a component with this custom id. */
export function hasCustomId(message: APIMessage, customId: string): boolean {
  return JSON.stringify(message.components ?? []).includes(`"${customId}"`);
}

/** A direct message channel with a member (Discord returns the same one every time). */
export async function dmChannel(ctx: EffectContext, userId: string): Promise<string> {
  const channel = (await ctx.rest.post(Routes.userChannels(), {
    body: { recipient_id: userId },
  })) as { id: string };
  return channel.id;
}

/** A message for one member, as {@link tellMember} sends it. */
export interface TellBody {
  readonly content: string;
  readonly components?: readonly unknown[];
}

/** Where a member whose DMs are closed is told instead, and what. */
export interface TellWhere {
  readonly channelId: string;
  readonly body: TellBody & Record<string, unknown>;
}

/**
 * Tells one member something: by direct message, or, when their DMs are closed (50007), with a
 * mention where `fallback` says (the welcome channel, under an event), or not at all when there
 * is no fallback. Each message is sent once however many attempts it takes; a retry after the
 * DM was refused goes straight to the fallback. `fallback` is read only when it is needed.
 */
export async function tellMember(
  ctx: EffectContext,
  user: string,
  dm: TellBody,
  fallback?: () => Promise<TellWhere | undefined> | TellWhere | undefined,
): Promise<'dm' | 'fallback' | 'unreachable'> {
  if (ctx.progress<{ closed: true }>() === undefined) {
    try {
      await postOnce(
        ctx,
        await dmChannel(ctx, user),
        { ...dm, allowed_mentions: { parse: [] } },
        { isMine: (m) => m.content === dm.content },
      );
      return 'dm';
    } catch (error) {
      if (discordErrorCode(error) !== RESTJSONErrorCodes.CannotSendMessagesToThisUser) throw error;
      if (fallback === undefined) return 'unreachable';
      await ctx.saveProgress({ closed: true });
    }
  }
  const where = await fallback?.();
  if (where === undefined) return 'unreachable';
  const { content } = where.body;
  await postOnce(
    ctx,
    where.channelId,
    { allowed_mentions: { users: [user] }, ...where.body },
    { isMine: (m) => m.content === content, nonceSuffix: 'f' },
  );
  return 'fallback';
}
