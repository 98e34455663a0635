/**
 * The Discord side of segments: the roster kept from the gateway (who is here, with which roles
 * and since when), reconciled at start, and the minute job that keeps cached counts current.
 */
import type { APIGuildMember, Client } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { listMembers } from '../../core/discord-actions.js';
import { getGuild } from '../../core/guilds.js';
import {
  guildsWithSegments,
  reconcileRoster,
  refreshSegments,
  rosterMemberLeft,
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
  await upsertRosterMember(app.db, guildId, entry, app.now());
}

export async function onMemberGone(app: AppDeps, guildId: string, userId: string): Promise<void> {
  await rosterMemberLeft(app.db, guildId, userId, app.now());
}

/** At start: joins, departures and role changes made while Hearth was offline. */
export async function reconcileRosters(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    if ((await getGuild(app.db, guild.id)) === undefined) continue;
    const members = (await listMembers(client, guild.id)).flatMap((m) => {
      const entry = rosterMember(m);
      return entry === undefined ? [] : [entry];
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
