/**
 * The one notice managers get about a problem, as an outbox effect: claimed (one per problem, see
 * notices.ts) and enqueued in the transaction that found the problem, posted in the manager log
 * by the worker. A notice that cannot be posted is logged, never reported about in turn.
 */
import { z } from 'zod';
import { getGuild } from '../guilds.js';
import { translator } from '../i18n.js';
import { render } from './describe.js';
import { claimNotice } from '../notices.js';
import { effect, type NoticeRequest } from './effects.js';
import { PermanentFailure } from './failures.js';
import { postOnce } from './post.js';
import { effectType, enqueue, type Tx } from './store.js';

type ParamValue =
  string | number | { key: string; params?: Record<string, ParamValue> | undefined };
const paramValue: z.ZodType<ParamValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.object({ key: z.string(), params: z.record(z.string(), paramValue).optional() }),
  ]),
);

export const noticeType = effectType(
  'core.notice',
  z.object({ message: z.string().min(1), params: z.record(z.string(), paramValue) }),
);

/**
 * Tells managers about a problem once: nothing happens if `key` was already reported and not
 * cleared since. Call it in the transaction that found the problem.
 */
export async function enqueueNotice(
  trx: Tx,
  guildId: string,
  notice: NoticeRequest,
  now: number,
): Promise<boolean> {
  if (!(await claimNotice(trx, guildId, notice.key, now))) return false;
  const settings = await getGuild(trx, guildId);
  await enqueue(
    trx,
    noticeType,
    {
      guildId,
      key: `${guildId}:${notice.key}:${now}`,
      payload: { message: notice.message, params: { ...(notice.params ?? {}) } },
      channelId: settings?.log_channel_id ?? null,
    },
    now,
  );
  return true;
}

export const noticeEffect = effect(noticeType, {
  label: 'outbox.kind.notice',
  silent: true,
  async execute(ctx, payload) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    if (settings?.log_channel_id === null || settings === undefined)
      throw new PermanentFailure('setting:log_channel_id');
    const content = render(translator(settings.language), {
      key: payload.message,
      params: payload.params,
    });
    const me = await ctx.botUserId();
    await postOnce(
      ctx,
      settings.log_channel_id,
      { content, allowed_mentions: { parse: [] } },
      { isMine: (m) => m.content === content && (me === undefined || m.author.id === me) },
    );
  },
});
