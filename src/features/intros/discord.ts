/**
 * Introductions on Discord: the four effects a round enqueues, carried out by the outbox worker,
 * and the minute job that makes rounds and check-ins due.
 *
 * A group's thread is made once. Discord takes no nonce for a thread, so the thread's id is
 * stored with the group as soon as Discord returns it, and an attempt after one cut short (a
 * crash, a lost answer) first looks among the intro channel's active private threads for one
 * Hearth made under the same name that no group owns yet. Adding members is idempotent, and the
 * introduction and the check-in are sent with the effect's nonce (postOnce).
 */
import {
  ButtonStyle,
  ComponentType,
  ChannelType,
  MessageReferenceType,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildMember,
  type GatewayMessageCreateDispatchData,
  type APIThreadChannel,
  type RESTGetAPIGuildThreadsResult,
} from 'discord-api-types/v10';
import type { Client } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { discordErrorCode, listMembers } from '../../core/discord-actions.js';
import { UserError } from '../../core/errors.js';
import { getGuild } from '../../core/guilds.js';
import { erasureKeyOf } from '../../core/member-data.js';
import { clearNotice } from '../../core/notices.js';
import { effect, type EffectContext } from '../../core/outbox/index.js';
import { CHANNEL_LEVEL } from '../../core/outbox/failures.js';
import { hasCustomId, postOnce, tellMember } from '../../core/outbox/post.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import { segmentMembers } from '../segments/api.js';
import { introAskEffect, introCheckInEffect, introOpenEffect, introTellEffect } from './effects.js';
import { translator, type Translate } from './messages.js';
import { introRoutes } from './routes.js';
import {
  MET,
  STAY,
  attachThread,
  attachedThreads,
  claimCheckIns,
  recordReply,
  dropFromGroup,
  dueGuilds,
  groupCommon,
  groupOf,
  guildsWithIntroMembers,
  latestThreadOf,
  pauseForChannel,
  reconcileIntroMembers,
  runRound,
  settingsOf,
  stillTakingPart,
  type Eligibility,
  type GroupInfo,
  type IntroSettings,
} from './service.js';

/** A week: a thread stays open across the check-in of a weekly round. */
const ARCHIVE_MINUTES = 10_080;

/** The group, or undefined when it is gone (erased with a member, another server's id). */
async function loadGroup(
  app: AppDeps,
  guildId: string,
  id: number,
): Promise<GroupInfo | undefined> {
  try {
    return await groupOf(app.db, guildId, id);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

async function translate(app: AppDeps, guildId: string): Promise<Translate> {
  const settings = await getGuild(app.db, guildId);
  return translator(settings?.language ?? 'en', app.commandIds);
}

function displayName(member: APIGuildMember): string {
  const name = member.nick ?? member.user.global_name ?? member.user.username;
  return clip(name.replace(/\s+/g, ' ').trim() || member.user.username, 32);
}

function listOf(language: string, items: readonly string[]): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
}

/** The thread's name: who is in it, within Discord's 100 characters. */
function threadName(t: Translate, names: readonly string[]): string {
  return clip(t('intros.threadName', { names: names.join(' · ') }), DISCORD_LIMITS.threadName);
}

/** The introduction: the group named (their only pings), and what they share to start from. */
async function introduction(
  ctx: EffectContext,
  t: Translate,
  language: string,
  group: GroupInfo,
  ids: readonly string[],
): Promise<string> {
  const common = await groupCommon(ctx.app.db, ctx.guildId, group);
  const lines: string[] = [];
  const shared = common.shared.slice(0, 6).map((label) => `**${clip(label, 80)}**`);
  if (shared.length > 0)
    lines.push(
      t(ids.length === 2 ? 'intros.starterShared' : 'intros.starterSharedGroup', {
        things: listOf(language, shared),
      }),
    );
  for (const give of common.gives.slice(0, 3))
    lines.push(
      t('intros.starterGives', {
        from: `<@${give.from}>`,
        to: `<@${give.to}>`,
        what: `**${clip(give.what, 80)}**`,
      }),
    );
  if (lines.length === 0) lines.push(t('intros.starterNone'));
  return clip(
    t('intros.hello', {
      members: listOf(
        language,
        ids.map((id) => `<@${id}>`),
      ),
      starter: lines.join('\n'),
    }),
    DISCORD_LIMITS.content,
  );
}

/** A member as Discord has them now, or undefined when they left the server. */
async function memberNow(ctx: EffectContext, userId: string): Promise<APIGuildMember | undefined> {
  try {
    return (await ctx.rest.get(Routes.guildMember(ctx.guildId, userId))) as APIGuildMember;
  } catch (error) {
    if (discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember) return undefined;
    throw error;
  }
}

/** A thread an earlier attempt made and never recorded: Hearth's, in the channel, by name, unowned. */
async function earlierThread(
  ctx: EffectContext,
  channelId: string,
  name: string,
): Promise<string | undefined> {
  const me = await ctx.botUserId();
  const { threads } = (await ctx.rest.get(
    Routes.guildActiveThreads(ctx.guildId),
  )) as RESTGetAPIGuildThreadsResult;
  const candidates = (threads as APIThreadChannel[]).filter(
    (thread) =>
      thread.type === ChannelType.PrivateThread &&
      thread.parent_id === channelId &&
      thread.name === name &&
      (me === undefined || thread.owner_id === me),
  );
  const owned = await attachedThreads(
    ctx.app.db,
    ctx.guildId,
    candidates.map((c) => c.id),
  );
  return candidates
    .filter((c) => !owned.has(c.id))
    .sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1))[0]?.id;
}

/** One private thread for the group, with exactly its members, and their introduction. */
export const introOpen = effect(introOpenEffect, {
  label: 'intros.effect.open',
  async execute(ctx, { group: groupId }) {
    const { app } = ctx;
    let group = await loadGroup(app, ctx.guildId, groupId);
    const settings = await settingsOf(app.db, ctx.guildId);
    if (group === undefined || settings === undefined) return;
    const guild = await getGuild(app.db, ctx.guildId);
    const language = guild?.language ?? 'en';
    const t = translator(language, app.commandIds);
    let threadId: string | undefined = group.threadId ?? undefined;
    if (threadId === undefined) {
      // Whoever left the server, or the introductions (leave, erase), since the round is
      // skipped; the others go on.
      const here: APIGuildMember[] = [];
      const gone: string[] = [];
      const taking = await stillTakingPart(
        app.db,
        ctx.guildId,
        group.members.map((m) => m.userId),
      );
      for (const m of group.members) {
        if (!taking.has(m.userId)) {
          gone.push(m.userId);
          continue;
        }
        const member = await memberNow(ctx, m.userId);
        if (member === undefined) gone.push(m.userId);
        else here.push(member);
      }
      const left = await dropFromGroup(app.db, ctx.guildId, group.id, gone);
      if (left.length < 2) {
        // Nobody to meet: the one left is told (they opted in), by DM only.
        for (const userId of left)
          await tellMember(ctx, userId, {
            content: t('intros.tell.partnerLeft', { server: await ctx.guildName() }),
          });
        return;
      }
      const name = threadName(t, here.filter((m) => left.includes(m.user.id)).map(displayName));
      if (ctx.retried) threadId = await earlierThread(ctx, settings.channelId, name);
      if (threadId === undefined) {
        const thread = (await ctx.rest.post(Routes.threads(settings.channelId), {
          body: {
            name,
            type: ChannelType.PrivateThread,
            // Only Hearth adds people: members cannot invite others into someone's introduction.
            invitable: false,
            auto_archive_duration: ARCHIVE_MINUTES,
          },
        })) as APIThreadChannel;
        threadId = thread.id;
      }
      // Stored at once: a retry from here on never makes a second thread.
      await attachThread(app.db, group.id, threadId);
      await clearNotice(app.db, ctx.guildId, `intros:channel:${settings.channelId}`);
      group = (await loadGroup(app, ctx.guildId, groupId)) ?? group;
    }
    const gone: string[] = [];
    for (const m of group.members) {
      try {
        await ctx.rest.put(Routes.threadMembers(threadId, m.userId));
      } catch (error) {
        if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMember) throw error;
        gone.push(m.userId);
      }
    }
    const ids =
      gone.length === 0
        ? group.members.map((m) => m.userId)
        : await dropFromGroup(app.db, ctx.guildId, group.id, gone);
    if (ids.length === 0) return;
    const content = await introduction(ctx, t, language, group, ids);
    // Only the group's members are pinged; anything else in the text (a label) pings nobody.
    await postOnce(
      ctx,
      threadId,
      { content, allowed_mentions: { parse: [], users: [...ids] } },
      { isMine: (m) => m.content === content },
    );
  },
  // The channel is gone or closed to Hearth: introductions pause, and managers hear it once.
  async onGiveUp(trx, _payload, failure, { guildId, channelId, now }) {
    if (!CHANNEL_LEVEL.has(failure.code)) return undefined;
    if (!(await pauseForChannel(trx, guildId, channelId, now))) return null;
    return {
      key: `intros:channel:${channelId ?? ''}`,
      message: 'intros.notice.threadFailed',
      params: { channel: channelId === null ? '—' : `<#${channelId}>` },
    };
  },
});

/** "Did you meet?" in the group's thread, with Yes / Not yet / Skip. */
export const introCheckIn = effect(introCheckInEffect, {
  label: 'intros.effect.checkin',
  async execute(ctx, { group: groupId }) {
    const group = await loadGroup(ctx.app, ctx.guildId, groupId);
    // No thread (nobody left to meet, or the channel failed): nothing to ask.
    if (group?.threadId === null || group === undefined) return;
    const t = await translate(ctx.app, ctx.guildId);
    const first = introRoutes.met.build({ group: group.id, answer: MET[0] });
    await postOnce(
      ctx,
      group.threadId,
      {
        content: t('intros.checkIn'),
        allowed_mentions: { parse: [] },
        components: [
          {
            type: ComponentType.ActionRow,
            components: MET.map((answer) => ({
              type: ComponentType.Button,
              style: answer === 'yes' ? ButtonStyle.Success : ButtonStyle.Secondary,
              custom_id: introRoutes.met.build({ group: group.id, answer }),
              label: t(`intros.met.${answer}`),
            })),
          },
        ],
      },
      { isMine: (m) => hasCustomId(m, first) },
    );
  },
});

/** Why a member has no group this round: by DM only (they opted in; nothing public about it). */
export const introTell = effect(introTellEffect, {
  label: 'intros.effect.tell',
  async execute(ctx, { user, why }) {
    // Someone who left the server, or the introductions, since is not written to.
    if (!(await stillTakingPart(ctx.app.db, ctx.guildId, [user])).has(user)) return;
    if ((await memberNow(ctx, user)) === undefined) return;
    const t = await translate(ctx.app, ctx.guildId);
    await tellMember(ctx, user, {
      content: t(`intros.tell.${why}`, { server: await ctx.guildName() }),
    });
  },
});

/** Stay, pause or leave, after three unanswered check-ins: by DM, else in their last thread. */
export const introAsk = effect(introAskEffect, {
  label: 'intros.effect.ask',
  async execute(ctx, { user }) {
    // Someone who left the introductions (or the server) since is not asked.
    if (!(await stillTakingPart(ctx.app.db, ctx.guildId, [user])).has(user)) return;
    if ((await memberNow(ctx, user)) === undefined) return;
    const t = await translate(ctx.app, ctx.guildId);
    const content = t('intros.ask', { server: await ctx.guildName() });
    const components = [
      {
        type: ComponentType.ActionRow,
        components: STAY.map((choice) => ({
          type: ComponentType.Button,
          style: choice === 'stay' ? ButtonStyle.Success : ButtonStyle.Secondary,
          custom_id: introRoutes.stay.build({ guild: ctx.guildId, choice }),
          label: t(`intros.stay.${choice}`),
        })),
      },
    ];
    await tellMember(ctx, user, { content, components }, async () => {
      const thread = await latestThreadOf(ctx.app.db, ctx.guildId, user);
      return thread === undefined
        ? undefined
        : { channelId: thread, body: { content: `<@${user}> ${content}`, components } };
    });
  },
});

export const introEffects = [introOpen, introCheckIn, introTell, introAsk];

/**
 * Who may be matched in a server now: its members, and those of the audience (role or segment).
 * A round reads it, and so does `/intros status`, so the pool it shows is the one a round would see.
 */
export async function eligibilityOf(
  app: AppDeps,
  client: Client,
  guildId: string,
  settings: IntroSettings,
  now: number,
): Promise<Eligibility> {
  const members = (await listMembers(client, guildId)).filter((m) => m.user.bot !== true);
  const present = new Set(members.map((m) => m.user.id));
  if (settings.audienceSegmentId !== null) {
    try {
      const inSegment = await segmentMembers(app.db, guildId, settings.audienceSegmentId, now);
      return { present, audience: new Set(inSegment.filter((id) => present.has(id))) };
    } catch (error) {
      // The segment was removed: nobody is in the audience, and managers hear the pool is empty.
      if (!(error instanceof UserError)) throw error;
      return { present, audience: new Set() };
    }
  }
  const roleId = settings.audienceRoleId;
  if (roleId !== null)
    return {
      present,
      audience: new Set(members.filter((m) => m.roles.includes(roleId)).map((m) => m.user.id)),
    };
  return { present };
}

/**
 * The minute job: every server whose round is due gets it (in its own time zone, claimed once
 * by the round's unique due time), each in its own error boundary; then due check-ins. Who is
 * still in the server, and in the audience, is read from Discord for each round: a Discord that
 * cannot say makes no round now, and the next minute tries again.
 */
export async function runIntrosTick(app: AppDeps, client: Client): Promise<void> {
  const now = app.now();
  for (const guildId of await dueGuilds(app.db, now)) {
    try {
      const guild = await getGuild(app.db, guildId);
      const settings = await settingsOf(app.db, guildId);
      if (settings === undefined) continue;
      const eligibility = await eligibilityOf(app, client, guildId, settings, now);
      await runRound(
        app.db,
        erasureKeyOf(app),
        guildId,
        guild?.timezone ?? 'UTC',
        now,
        eligibility,
      );
    } catch (error) {
      app.logger.error({ guild: guildId, err: error }, 'introduction round failed');
    }
  }
  await claimCheckIns(app.db, now);
}

/** At start: members who opted in and left while Hearth was offline are taken out. */
export async function reconcileIntros(app: AppDeps, client: Client): Promise<void> {
  for (const guildId of await guildsWithIntroMembers(app.db)) {
    if (!client.guilds.cache.has(guildId)) continue;
    try {
      const members = await listMembers(client, guildId);
      const gone = await reconcileIntroMembers(
        app.db,
        guildId,
        new Set(members.map((m) => m.user.id)),
        app.now(),
      );
      if (gone > 0)
        app.logger.info({ guild: guildId, gone }, 'introductions: members who left taken out');
    } catch (error) {
      app.logger.error({ guild: guildId, err: error }, 'could not reconcile introductions');
    }
  }
}

/**
 * A message in a server that replies to another member's message: the first reply between two
 * members who both take part in introductions is kept (service.ts recordReply), as the pair and
 * the day. The replied-to author is read from the message Discord attaches to the reply, as
 * insights reads it; a forward, a bot, a webhook or a reply to oneself is no reply between
 * members. Nothing of the message is kept or logged.
 */
export async function onIntroReply(
  app: AppDeps,
  message: GatewayMessageCreateDispatchData,
): Promise<void> {
  const guildId = message.guild_id;
  if (guildId === undefined || message.webhook_id !== undefined) return;
  if (message.author.bot === true) return;
  const reference = message.message_reference;
  if (reference === undefined || reference.type === MessageReferenceType.Forward) return;
  const repliedTo = message.referenced_message?.author;
  if (repliedTo === undefined || repliedTo.bot === true || repliedTo.id === message.author.id)
    return;
  await recordReply(app.db, guildId, message.author.id, repliedTo.id, app.now());
}
