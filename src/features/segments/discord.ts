/**
 * The Discord side of segments: the roster kept from the gateway (who is here, with which roles
 * and since when), reconciled at start, and the minute job that keeps cached counts current.
 */
import {
  PermissionFlagsBits,
  type APIGuildMember,
  type Client,
  type Guild,
  type GuildBasedChannel,
} from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { listMembers } from '../../core/discord-actions.js';
import { getGuild } from '../../core/guilds.js';
import { erasuresIn } from '../../core/member-data.js';
import { hiddenMembers } from '../insights/api.js';
import {
  guildsWithSegments,
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
