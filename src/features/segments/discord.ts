/**
 * The Discord side of segments: the roster kept from the gateway (who is here, with which roles
 * and since when), reconciled at start, and the minute job that keeps cached counts current.
 */
import {
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildMember,
  type Client,
  type Guild,
  type GuildBasedChannel,
} from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { permissionList } from '../../core/authority.discord.js';
import { discordErrorCode, isManagerFixable, listMembers } from '../../core/discord-actions.js';
import { clearNotice } from '../../core/notices.js';
import { effect, type EffectContext } from '../../core/outbox/index.js';
import { enqueueNotice } from '../../core/outbox/notice.js';
import { dangerousNow } from '../../core/outbox/roles.js';
import type { MessageKey } from '../../core/i18n.js';
import { getGuild } from '../../core/guilds.js';
import { erasuresIn } from '../../core/member-data.js';
import { hiddenMembers } from '../insights/api.js';
import { segmentRoleEffect } from './effects.js';
import { translator } from './messages.js';
import {
  forgetRoleGrant,
  guildsWithSegments,
  memberRoleGrant,
  roleGrant,
  reconcileRoster,
  refreshSegments,
  rosterMemberLeft,
  rosterRoles,
  segmentMembers,
  segmentOf,
  shownMembership,
  upsertRosterMember,
  type RosterMember,
} from './service.js';

type MemberPayload = Partial<Pick<APIGuildMember, 'joined_at' | 'roles'>> & {
  readonly user: { readonly id: string; readonly bot?: boolean };
};

function rosterMember(member: MemberPayload): RosterMember | undefined {
  if (member.user.bot === true || typeof member.joined_at !== 'string') return undefined;
  const joinedAt = Date.parse(member.joined_at);
  if (!Number.isFinite(joinedAt) || !Array.isArray(member.roles)) return undefined;
  return { userId: member.user.id, joinedAt, roles: member.roles };
}

/** GUILD_MEMBER_ADD and GUILD_MEMBER_UPDATE: the member is here, with these roles. */
export async function onMemberPresent(
  app: AppDeps,
  guildId: string,
  member: MemberPayload,
): Promise<void> {
  const entry = rosterMember(member);
  if (entry === undefined || (await getGuild(app.db, guildId)) === undefined) return;
  // A member who erased their data and stayed is not recorded again by a member update.
  if ((await erasuresIn(app, guildId))(entry.userId) !== undefined) return;
  await upsertRosterMember(app.db, guildId, entry, app.now());
}

export async function onMemberGone(app: AppDeps, guildId: string, userId: string): Promise<void> {
  await rosterMemberLeft(app.db, guildId, userId, app.now());
}

/** At start: joins, departures and role changes made while Hearth was offline. */
export async function reconcileRosters(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    if ((await getGuild(app.db, guild.id)) === undefined) continue;
    const erased = await erasuresIn(app, guild.id);
    const members = (await listMembers(client, guild.id)).flatMap((m) => {
      const entry = rosterMember(m);
      return entry === undefined || erased(entry.userId) !== undefined ? [] : [entry];
    });
    const changed = await reconcileRoster(app.db, guild.id, members, app.now());
    if (changed > 0)
      app.logger.info({ guild: guild.id, changed }, 'segment roster reconciled with Discord');
  }
}

/** The minute job: segments whose inputs moved (answers, roles, activity, seats, the day) are recounted. */
export async function refreshAllSegments(app: AppDeps): Promise<void> {
  for (const guildId of await guildsWithSegments(app.db)) {
    try {
      await refreshSegments(app.db, guildId, app.now());
    } catch (error) {
      app.logger.error({ err: error, guild: guildId }, 'segment recount failed');
    }
  }
}

/**
 * Whether a member with these roles can see a channel, computed from the cached roles and the
 * channel's permission overwrites the way Discord does (base permissions, @everyone overwrite,
 * role overwrites, member overwrite; Administrator and the owner see everything).
 */
function canView(
  guild: Guild,
  channel: GuildBasedChannel,
  userId: string,
  roleIds: readonly string[],
): boolean {
  if (guild.ownerId === userId) return true;
  let bits = guild.roles.everyone.permissions.bitfield;
  for (const id of roleIds) bits |= guild.roles.cache.get(id)?.permissions.bitfield ?? 0n;
  if ((bits & PermissionFlagsBits.Administrator) !== 0n) return true;
  const parent = channel.isThread() ? channel.parent : channel;
  if (parent === null || !('permissionOverwrites' in parent))
    return (bits & PermissionFlagsBits.ViewChannel) !== 0n;
  const overwrites = parent.permissionOverwrites.cache;
  const everyone = overwrites.get(guild.id);
  if (everyone !== undefined) bits = (bits & ~everyone.deny.bitfield) | everyone.allow.bitfield;
  let allow = 0n;
  let deny = 0n;
  for (const id of roleIds) {
    const o = overwrites.get(id);
    if (o === undefined) continue;
    allow |= o.allow.bitfield;
    deny |= o.deny.bitfield;
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.get(userId);
  if (own !== undefined) bits = (bits & ~own.deny.bitfield) | own.allow.bitfield;
  return (bits & PermissionFlagsBits.ViewChannel) !== 0n;
}

/** How many of a segment's members there are now, and how many of them cannot see a channel. */
export async function segmentReach(
  app: AppDeps,
  guild: Guild,
  segmentId: number,
  channelId: string,
): Promise<{ name: string; members: number; cannotSee: number }> {
  const segment = await segmentOf(app.db, guild.id, segmentId);
  // Told to a manager: only the members a segment's count may count (see shownMembership).
  const members = shownMembership(
    segment.rules,
    await segmentMembers(app.db, guild.id, segmentId, app.now()),
    await hiddenMembers(app.db, guild.id),
  ).counted;
  const channel = guild.channels.cache.get(channelId);
  if (channel === undefined) return { name: segment.name, members: members.length, cannotSee: 0 };
  const roles = await rosterRoles(app.db, guild.id, members);
  const cannotSee = members.filter((m) => !canView(guild, channel, m, roles.get(m) ?? [])).length;
  return { name: segment.name, members: members.length, cannotSee };
}

/** One problem a manager can fix, told once (until it is cleared by a grant that works). */
async function tellManagers(
  ctx: EffectContext,
  key: string,
  message: MessageKey,
  params: Record<string, string>,
): Promise<void> {
  await ctx.app.db
    .transaction()
    .execute((trx) => enqueueNotice(trx, ctx.guildId, { key, message, params }, ctx.app.now()));
}

const REASON = 'Hearth segment';

/**
 * A segment's linked role, given to or taken back from one member. A grant is made only while its
 * row stands (a removal may have overtaken it) and only if the role carries no dangerous
 * permission now (checked at every grant: it may have gained Administrator since it was linked).
 * A grant refused (dangerous, or Discord's hierarchy) is forgotten, nothing was given, and managers
 * are told once. A removal is skipped when the member holds a newer grant of the same role.
 */
export const segmentRolePost = effect(segmentRoleEffect, {
  label: 'segments.effect.role',
  async execute(ctx, { user, role, segment, grant, add }) {
    if (add) {
      if ((await roleGrant(ctx.app.db, grant)) === undefined) return;
      const refusal = await dangerousNow(ctx, role);
      if (refusal !== undefined) {
        await forgetRoleGrant(ctx.app.db, grant);
        ctx.app.logger.warn({ guild: ctx.guildId, role }, 'refused to grant a dangerous role');
        const settings = await getGuild(ctx.app.db, ctx.guildId);
        const t = translator(settings?.language ?? 'en', ctx.app.commandIds);
        await tellManagers(ctx, `role-dangerous:${role}`, 'notice.roleDangerous', {
          role: `<@&${role}>`,
          permissions: permissionList(refusal.permissions, t),
        });
        return;
      }
    } else {
      const current = await memberRoleGrant(ctx.app.db, ctx.guildId, segment, user);
      if (current?.roleId === role) return;
    }
    const route = Routes.guildMemberRole(ctx.guildId, user, role);
    try {
      if (add) await ctx.rest.put(route, { reason: REASON });
      else await ctx.rest.delete(route, { reason: REASON });
      await clearNotice(ctx.app.db, ctx.guildId, `segment-role:${role}`);
      if (add) await clearNotice(ctx.app.db, ctx.guildId, `role-dangerous:${role}`);
    } catch (error) {
      const code = discordErrorCode(error);
      // The member left, or the role was deleted: nothing was given, nothing is left to take.
      if (code === RESTJSONErrorCodes.UnknownMember || code === RESTJSONErrorCodes.UnknownRole) {
        if (add) await forgetRoleGrant(ctx.app.db, grant);
        return;
      }
      if (!isManagerFixable(error)) throw error;
      if (add) await forgetRoleGrant(ctx.app.db, grant);
      ctx.app.logger.warn({ guild: ctx.guildId, role, code }, 'cannot manage a segment role');
      await tellManagers(ctx, `segment-role:${role}`, 'segments.notice.roleGrant', {
        role: `<@&${role}>`,
      });
    }
  },
});

export const segmentEffects = [segmentRolePost];
