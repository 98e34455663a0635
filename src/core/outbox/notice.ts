/**
 * The one notice managers get about a problem, as an outbox effect: claimed (one per problem, see
 * notices.ts) and enqueued in the transaction that found the problem, posted in the manager log
 * by the worker (notice-effect.ts). Discord-free, so services can call it.
 */
import { z } from 'zod';
import { getGuild } from '../guilds.js';
import { claimNotice } from '../notices.js';
import type { NoticeRequest } from './effects.js';
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
      channelId: settings?.logChannelId ?? null,
    },
    now,
  );
  return true;
}
