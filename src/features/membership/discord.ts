/**
 * The Discord side of member caps. The decisions (admissions, promotions, offers that expire) are
 * in service.ts, and each enqueues what it needs Discord to show in its own transaction; the
 * effects here carry that out once: the member role, the greeting, and a message to the person.
 * Gateway events and reconciliation keep the database in step with what managers do by hand.
 */
import { randomBytes } from 'node:crypto';
import { RESTJSONErrorCodes, Routes, type Client, type Guild } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { button, discordErrorCode, listMembers } from '../../core/discord-actions.js';
import { getGuild } from '../../core/guilds.js';
import { erasureKeyOf, keptSubject } from '../../core/member-data.js';
import { clearNotice } from '../../core/notices.js';
import { effect, outboxOf, type EffectContext } from '../../core/outbox/index.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import { postOnce, tellMember } from '../../core/outbox/post.js';
import { dangerousNow } from '../../core/outbox/roles.js';
import { permissionList } from '../../core/authority.discord.js';
import { greetingEffect, memberRoleEffect, tellEffect, type Phrase } from './effects.js';
import { translator, type MessageKey, type MessageParams, type Translate } from './messages.js';
import { seatRoutes } from './routes.js';
import {
  enqueueAdmissionNews,
  enqueueRoleSync,
  expireInvitations,
  markJoinsSeen,
  markRoleSyncedIf,
  memberLeft,
  memberRoleApplied,
  reconcileMemberships,
  requestAdmission,
  admitMissedJoins,
  roleChangesPending,
  roleObserved,
  type AdmissionResult,
} from './service.js';

const REASON = 'Hearth admission';

async function translatorOf(ctx: EffectContext): Promise<Translate | undefined> {
  const settings = await getGuild(ctx.app.db, ctx.guildId);
  return settings === undefined ? undefined : translator(settings.language, ctx.app.commandIds);
}

/** A phrase with the server's name filled in. */
async function say(ctx: EffectContext, t: Translate, phrase: Phrase): Promise<string> {
  return t(phrase.key as MessageKey, {
    server: await ctx.guildName(),
    ...(phrase.params as MessageParams),
  });
}

/**
 * The member role, granted or removed. The membership counts as in sync only once Discord
 * accepted it, and only if the decision still stands. A role Hearth cannot manage is given up with
 * one notice; `/seats sync` (or the next start) grants it once a manager fixed it. An admission's
 * greeting and news are enqueued only after the grant: someone who turned out to have left (the
 * grant answers Unknown Member) is neither greeted nor told, and their seat passes on at once.
 */
export const memberRolePost = effect(memberRoleEffect, {
  label: 'seats.effect.role',
  async execute(ctx, { user, grant, admission }) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    const roleId = settings?.memberRoleId ?? null;
    const news = grant ? admission : undefined;
    if (roleId === null) {
      // No member role any more: nothing to grant, but the admission stands and is announced.
      if (news !== undefined)
        await ctx.app.db
          .transaction()
          .execute((trx) => enqueueAdmissionNews(trx, ctx.guildId, user, news, ctx.app.now()));
      return;
    }
    // A member role that gained a dangerous permission since it was set is not granted: the
    // admission stays recorded, and is carried out once the role is fixed (`/seats sync`).
    const refusal = grant ? await dangerousNow(ctx, roleId) : undefined;
    if (refusal !== undefined) {
      ctx.app.logger.warn(
        { guild: ctx.guildId, role: roleId },
        'refused to grant a dangerous role',
      );
      const t = translator(settings!.language, ctx.app.commandIds);
      await ctx.app.db.transaction().execute(async (trx) => {
        await enqueueNotice(
          trx,
          ctx.guildId,
          {
            key: `role-dangerous:${roleId}`,
            message: 'notice.roleDangerous',
            params: { role: `<@&${roleId}>`, permissions: permissionList(refusal.permissions, t) },
          },
          ctx.app.now(),
        );
        if (news !== undefined)
          await enqueueAdmissionNews(trx, ctx.guildId, user, news, ctx.app.now());
      });
      return;
    }
    const route = Routes.guildMemberRole(ctx.guildId, user, roleId);
    try {
      if (grant) await ctx.rest.put(route, { reason: REASON });
      else await ctx.rest.delete(route, { reason: REASON });
    } catch (error) {
      if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownMember) throw error;
      // The member left the server meanwhile: there is no role to take away; and a seat given to
      // someone gone (approved after leaving, or left while Hearth was not looking) goes straight
      // to the first person waiting.
      if (grant) await memberLeft(ctx.app.db, ctx.guildId, user, ctx.app.now());
      else await markRoleSyncedIf(ctx.app.db, ctx.guildId, user, false);
      return;
    }
    await memberRoleApplied(ctx.app.db, ctx.guildId, user, grant, news, ctx.app.now());
    await clearNotice(ctx.app.db, ctx.guildId, `role:${roleId}`);
    if (grant) await clearNotice(ctx.app.db, ctx.guildId, `role-dangerous:${roleId}`);
  },
  async onGiveUp(trx, { user, grant, admission }, failure, { guildId, now }) {
    // The member is still admitted, without the role for now: greeted and told all the same.
    if (grant && admission !== undefined)
      await enqueueAdmissionNews(trx, guildId, user, admission, now);
    if (!failure.code.startsWith('discord:')) return undefined;
    const settings = await getGuild(trx, guildId);
    const roleId = settings?.memberRoleId;
    if (roleId === null || roleId === undefined) return null;
    return {
      key: `role:${roleId}`,
      message: 'notice.memberRoleGrant',
      params: { role: `<@&${roleId}>` },
    };
  },
});

/** The greeting of a new member in the announcements channel, when there is one. */
export const greetingPost = effect(greetingEffect, {
  label: 'seats.effect.greeting',
  async execute(ctx, { user }) {
    const settings = await getGuild(ctx.app.db, ctx.guildId);
    if (settings === undefined || settings.announcementsChannelId === null) return;
    const t = translator(settings.language, ctx.app.commandIds);
    const content = await say(ctx, t, { key: 'seats.greeting', params: { member: `<@${user}>` } });
    await postOnce(
      ctx,
      settings.announcementsChannelId,
      { content, allowed_mentions: { users: [user] } },
      { isMine: (m) => m.content === content },
    );
  },
});

/** A message for one member: by DM, or, when their DMs are closed, with a mention in the welcome channel. */
export const tellPost = effect(tellEffect, {
  label: 'seats.effect.tell',
  async execute(ctx, { user, dm, fallback, confirm }) {
    const t = await translatorOf(ctx);
    if (t === undefined) return;
    const components = confirm
      ? [button(seatRoutes.confirm.build({ guild: ctx.guildId }), t('seats.confirm'))]
      : [];
    await tellMember(
      ctx,
      user,
      { content: await say(ctx, t, dm), components },
      fallback === undefined
        ? undefined
        : async () => {
            const settings = await getGuild(ctx.app.db, ctx.guildId);
            const welcome = settings?.welcomeChannelId ?? null;
            if (welcome === null) return undefined;
            return {
              channelId: welcome,
              body: { content: await say(ctx, t, fallback), components },
            };
          },
    );
  },
});

export const membershipEffects = [memberRolePost, greetingPost, tellPost];

/**
 * The member's bar fingerprint: how a manager's removal kept after the member erased their data
 * is found again (and lifted) without the database holding who it was about.
 */
export function barSubjectOf(app: AppDeps, guildId: string, userId: string): string {
  return keptSubject(erasureKeyOf(app), 'bar', guildId, userId);
}

/**
 * The admission step, decided in the database with what Discord must show (the role, a
 * greeting, a message to whoever a seat went to): admitted, waitlisted, barred (a manager
 * removed them earlier, and only a manager's decision, `byManager`, lets them back), or (no
 * member role set) nothing to do.
 */
export async function decideAdmission(
  app: AppDeps,
  guild: Pick<Guild, 'id'>,
  userId: string,
  options: { tellByDm?: boolean; byManager?: boolean } = {},
): Promise<AdmissionResult | undefined> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.memberRoleId === null) return undefined;
  return requestAdmission(app.db, guild.id, userId, app.now(), {
    ...options,
    barSubject: barSubjectOf(app, guild.id, userId),
  });
}

/** Admission where no reply carries the outcome (a returning member, onboarding off): told by DM. */
export async function admitAndTell(app: AppDeps, guild: Guild, userId: string): Promise<void> {
  await decideAdmission(app, guild, userId, { tellByDm: true });
}

/** A member left the server: their seat opens for the next person. */
export async function onSeatHolderLeft(app: AppDeps, guild: Guild, userId: string): Promise<void> {
  await memberLeft(app.db, guild.id, userId, app.now());
}

/** A member's roles changed: a manager may have granted or removed the member role by hand. */
export async function onRolesChanged(
  app: AppDeps,
  guild: Guild,
  userId: string,
  roles: readonly string[],
): Promise<void> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.memberRoleId === null) return;
  await roleObserved(
    app.db,
    guild.id,
    userId,
    roles.includes(settings.memberRoleId),
    app.now(),
    barSubjectOf(app, guild.id, userId),
  );
}

/**
 * Makes Discord match the database: roles owed after a crash, roles still to remove, and manual
 * changes made while Hearth was offline. Also the "retry" managers run after fixing permissions:
 * with `wait`, it answers once the role changes are made.
 */
export async function reconcileGuildMemberships(
  app: AppDeps,
  guild: Pick<Guild, 'id'> & { readonly client: Pick<Client, 'rest'> },
  { wait = false }: { wait?: boolean } = {},
): Promise<{ granted: number; revoked: number; promoted: number }> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.memberRoleId === null)
    return { granted: 0, revoked: 0, promoted: 0 };
  const roleId = settings.memberRoleId;
  const members = await listMembers(guild.client, guild.id);
  const present = new Map(
    members.filter((m) => m.user.bot !== true).map((m) => [m.user.id, m.roles.includes(roleId)]),
  );
  const plan = await reconcileMemberships(app.db, guild.id, present, app.now(), (userId) =>
    barSubjectOf(app, guild.id, userId),
  );
  // A change already on its way (enqueued with its decision) is not asked for twice.
  const pending = await roleChangesPending(app.db, guild.id);
  const grant = plan.grant.filter((u) => !pending.has(u));
  const revoke = plan.revoke.filter((u) => !pending.has(u));
  const ids = await enqueueRoleSync(app.db, guild.id, { grant, revoke }, app.now());
  if (wait && ids.length > 0) await outboxOf(app).settle(ids, 10_000);
  return { granted: grant.length, revoked: revoke.length, promoted: plan.promoted.length };
}

/**
 * At start-up, with onboarding off: members who joined while Hearth was offline are admitted as
 * their join would have admitted them (see `admitMissedJoins`). Returns how many were handled.
 */
export async function admitOfflineJoins(
  app: AppDeps,
  guild: Pick<Guild, 'id'> & { readonly client: Pick<Client, 'rest'> },
): Promise<number> {
  const settings = await getGuild(app.db, guild.id);
  const roleId = settings?.memberRoleId ?? null;
  const present =
    roleId === null
      ? []
      : (await listMembers(guild.client, guild.id)).flatMap((m) =>
          m.user.bot === true || m.joined_at === null
            ? []
            : [
                {
                  userId: m.user.id,
                  joinedAt: Date.parse(m.joined_at),
                  hasRole: m.roles.includes(roleId),
                },
              ],
        );
  const results = await admitMissedJoins(app.db, guild.id, present, app.now(), (userId) =>
    barSubjectOf(app, guild.id, userId),
  );
  return results.length;
}

/** At start-up: each server on its own, so one server's failure leaves the others reconciled. */
export async function reconcileAllMemberships(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    try {
      const result = await reconcileGuildMemberships(app, guild);
      if (result.granted + result.revoked + result.promoted > 0)
        app.logger.info(
          { guild: guild.id, ...result },
          'member roles reconciled with the database',
        );
    } catch (error) {
      app.logger.error(
        { err: error, guild: guild.id, ref: refOf() },
        'could not reconcile member roles in one server; the others go on',
      );
    }
  }
}

function refOf(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Joins up to now were seen: a later one, at the next start, happened while Hearth was offline.
 * Only once start-up has looked for the joins missed (else they would be marked seen unseen).
 */
export async function markJoinsSeenNow(app: AppDeps): Promise<void> {
  await markJoinsSeen(app.db, app.now());
}

/** The minute's work: seat offers past their deadline pass to the next person (each told). */
export async function expireSeatOffers(app: AppDeps): Promise<void> {
  await expireInvitations(app.db, app.now());
}
