/**
 * The Discord side of member caps: grants and removes the member role after the database decided,
 * greets new members, tells people where they stand, and keeps the database in step with what
 * managers do by hand. The decisions themselves are in services/membership.ts.
 */
import { RESTJSONErrorCodes, TimestampStyles, time, type Client, type Guild } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { translator, type MessageKey, type MessageParams } from './messages.js';
import { getGuild, type GuildSettings } from '../../core/guilds.js';
import {
  expireInvitations,
  markRoleSynced,
  memberLeft,
  reconcileMemberships,
  requestAdmission,
  roleObserved,
  type AdmissionResult,
  type Promotion,
} from './service.js';
import { applyRoles, button, discordErrorCode, listMembers } from '../../core/discord-actions.js';
import { seatRoutes } from './routes.js';

const REASON = 'Hearth admission';

/** Grants the member role; the membership counts as in sync only once Discord accepted it. */
export async function grantMemberRole(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
): Promise<void> {
  if (settings.member_role_id === null) return;
  const { failed } = await applyRoles(app, guild, userId, [settings.member_role_id], [], REASON);
  if (failed.length === 0) await markRoleSynced(app.db, guild.id, userId);
}

export async function revokeMemberRole(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
): Promise<void> {
  if (settings.member_role_id === null) return;
  try {
    const { failed } = await applyRoles(app, guild, userId, [], [settings.member_role_id], REASON);
    if (failed.length === 0) await markRoleSynced(app.db, guild.id, userId);
  } catch (error) {
    // The member already left the server: nothing to take away.
    if (!(discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember)) throw error;
    await markRoleSynced(app.db, guild.id, userId);
  }
}

/** A message for one member: by DM, or, when their DMs are closed, with a mention in the welcome channel. */
async function tell(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
  dm: [MessageKey, MessageParams],
  publicFallback?: [MessageKey, MessageParams],
  components: ReturnType<typeof button>[] = [],
): Promise<void> {
  const t = translator(settings.language);
  try {
    const channel = await guild.client.users.createDM(userId, { cache: false });
    await channel.send({ content: t(...dm), components, allowedMentions: { parse: [] } });
    return;
  } catch (error) {
    if (!(discordErrorCode(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
  }
  if (publicFallback === undefined || settings.welcome_channel_id === null) return;
  const channel = guild.channels.cache.get(settings.welcome_channel_id);
  if (channel?.isSendable() !== true) return;
  await channel
    .send({ content: t(...publicFallback), components, allowedMentions: { users: [userId] } })
    .catch((error: unknown) => {
      app.logger.warn({ err: error, guild: guild.id }, 'could not post in the welcome channel');
    });
}

async function greet(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
): Promise<void> {
  const channelId = settings.announcements_channel_id;
  const channel = channelId === null ? undefined : guild.channels.cache.get(channelId);
  if (channel?.isSendable() !== true) return;
  const t = translator(settings.language);
  await channel
    .send({
      content: t('seats.greeting', { member: `<@${userId}>`, server: guild.name }),
      allowedMentions: { users: [userId] },
    })
    .catch((error: unknown) => {
      app.logger.warn({ err: error, guild: guild.id }, 'could not greet a new member');
    });
}

/** An admission the database recorded, carried out on Discord: the member role and a greeting. */
export async function admitOnDiscord(
  app: AppDeps,
  guild: Guild,
  settings: GuildSettings,
  userId: string,
): Promise<void> {
  await grantMemberRole(app, guild, settings, userId);
  await greet(app, guild, settings, userId);
}

/** Carries out seats the database handed out: roles, greetings and messages. */
export async function applyPromotions(
  app: AppDeps,
  guild: Guild,
  promotions: readonly Promotion[],
): Promise<void> {
  if (promotions.length === 0) return;
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined) return;
  for (const p of promotions) {
    if (p.kind === 'admitted') {
      await admitOnDiscord(app, guild, settings, p.userId);
      await tell(
        app,
        guild,
        settings,
        p.userId,
        ['seats.promotedDm', { server: guild.name }],
        ['seats.promotedPublic', { member: `<@${p.userId}>` }],
      );
    } else {
      const deadline = time(Math.floor((p.expiresAt ?? 0) / 1000), TimestampStyles.LongDateTime);
      await tell(
        app,
        guild,
        settings,
        p.userId,
        ['seats.invitedDm', { server: guild.name, deadline }],
        ['seats.invitedPublic', { member: `<@${p.userId}>`, deadline }],
        [
          button(
            seatRoutes.confirm.build({ guild: guild.id }),
            translator(settings.language)('seats.confirm'),
          ),
        ],
      );
    }
  }
}

/**
 * The admission step, decided in the database: admitted, waitlisted, or (no member role set)
 * nothing to do. Call {@link carryOutAdmission} afterwards, outside any transaction.
 */
export async function decideAdmission(
  app: AppDeps,
  guild: Guild,
  userId: string,
): Promise<AdmissionResult | undefined> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.member_role_id === null) return undefined;
  return requestAdmission(app.db, guild.id, userId, app.now());
}

export async function carryOutAdmission(
  app: AppDeps,
  guild: Guild,
  userId: string,
  result: AdmissionResult | undefined,
): Promise<void> {
  if (result === undefined) return;
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined) return;
  if (result.outcome === 'admitted') await admitOnDiscord(app, guild, settings, userId);
  await applyPromotions(app, guild, result.promoted);
}

/** Admission where no reply carries the outcome (a returning member, onboarding off): tell them directly. */
export async function admitAndTell(app: AppDeps, guild: Guild, userId: string): Promise<void> {
  const result = await decideAdmission(app, guild, userId);
  await carryOutAdmission(app, guild, userId, result);
  if (result?.outcome === 'waitlisted') {
    const settings = (await getGuild(app.db, guild.id))!;
    await tell(app, guild, settings, userId, [
      'seats.waitlistedDm',
      { server: guild.name, position: result.position },
    ]);
  }
}

/** A member left the server: their seat opens for the next person. */
export async function onSeatHolderLeft(app: AppDeps, guild: Guild, userId: string): Promise<void> {
  await applyPromotions(app, guild, await memberLeft(app.db, guild.id, userId, app.now()));
}

/** A member's roles changed: a manager may have granted or removed the member role by hand. */
export async function onRolesChanged(
  app: AppDeps,
  guild: Guild,
  userId: string,
  roles: readonly string[],
): Promise<void> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.member_role_id === null) return;
  const { promoted } = await roleObserved(
    app.db,
    guild.id,
    userId,
    roles.includes(settings.member_role_id),
    app.now(),
  );
  await applyPromotions(app, guild, promoted);
}

/**
 * Makes Discord match the database: roles owed after a crash, roles still to remove, and manual
 * changes made while Hearth was offline. Also the "retry" managers run after fixing permissions.
 */
export async function reconcileGuildMemberships(
  app: AppDeps,
  guild: Guild,
): Promise<{ granted: number; revoked: number; promoted: number }> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || settings.member_role_id === null)
    return { granted: 0, revoked: 0, promoted: 0 };
  const roleId = settings.member_role_id;
  const members = await listMembers(guild.client, guild.id);
  const present = new Map(
    members.filter((m) => m.user.bot !== true).map((m) => [m.user.id, m.roles.includes(roleId)]),
  );
  const plan = await reconcileMemberships(app.db, guild.id, present, app.now());
  for (const userId of plan.grant) await grantMemberRole(app, guild, settings, userId);
  for (const userId of plan.revoke) await revokeMemberRole(app, guild, settings, userId);
  await applyPromotions(app, guild, plan.promoted);
  return {
    granted: plan.grant.length,
    revoked: plan.revoke.length,
    promoted: plan.promoted.length,
  };
}

export async function reconcileAllMemberships(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    const result = await reconcileGuildMemberships(app, guild);
    if (result.granted + result.revoked + result.promoted > 0)
      app.logger.info({ guild: guild.id, ...result }, 'member roles reconciled with the database');
  }
}

/** The minute ticker's work: seat offers past their deadline pass to the next person. */
export async function expireSeatOffers(app: AppDeps, client: Client): Promise<void> {
  for (const expiry of await expireInvitations(app.db, app.now())) {
    const guild = client.guilds.cache.get(expiry.guildId);
    const settings = guild === undefined ? undefined : await getGuild(app.db, guild.id);
    if (guild === undefined || settings === undefined) continue;
    await tell(
      app,
      guild,
      settings,
      expiry.userId,
      expiry.position === undefined
        ? ['seats.expiredDrop', { server: guild.name }]
        : ['seats.expiredKeep', { server: guild.name, position: expiry.position }],
    );
    await applyPromotions(app, guild, expiry.promoted);
  }
}
