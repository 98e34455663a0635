/**
 * The Discord side of members' data rights: an erase with what must follow it on Discord (seats
 * passed on, roles removed when asked), departures from gateway events and at start-up, and the
 * retention sweep that erases departed members' data.
 */
import type { Client } from 'discord.js';
import type { AppDeps } from '../../core/context.js';
import { applyRoles, listMembers } from '../../core/discord-actions.js';
import { perApp } from '../../core/feature.js';
import {
  eraseMember,
  erasureKeyOf,
  erasureSubject,
  forgetErasure,
  keepErasuresOf,
  memberDataOf,
  membersNamed,
  type EraseReport,
  type MemberScope,
} from '../../core/member-data.js';
import {
  clearDepartures,
  dueDepartures,
  ExportLimiter,
  keepsErasures,
  recordDepartures,
} from './service.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const exportLimiterOf = perApp(() => new ExportLimiter(HOUR_MS));

export interface ErasedOnDiscord {
  readonly report: EraseReport;
  /** Roles Hearth removed because the member asked, and those it could not. */
  readonly rolesDropped: readonly string[];
  readonly rolesFailed: readonly string[];
}

/** The roles Hearth granted the member, as each feature knows them. */
export async function rolesGrantedTo(app: AppDeps, scope: MemberScope): Promise<string[]> {
  const roles = new Set<string>();
  for (const { data } of memberDataOf(app))
    for (const role of (await data.rolesGranted?.(app.db, scope)) ?? []) roles.add(role);
  return [...roles].sort();
}

/**
 * Erases a member's data in one server: what features hold in memory is written first, then
 * one transaction erases it all, then (outside it) Discord follows: freed seats are passed on,
 * and the roles Hearth granted are removed when the member asked for that.
 */
export async function eraseOnDiscord(
  app: AppDeps,
  client: Client,
  scope: MemberScope,
  { keepRoles, stillMember, reason }: { keepRoles: boolean; stillMember: boolean; reason: string },
): Promise<ErasedOnDiscord> {
  const entries = memberDataOf(app);
  for (const { data } of entries) await data.prepare?.({ app, client });
  const drop = keepRoles || !stillMember ? [] : await rolesGrantedTo(app, scope);
  const report = await eraseMember(app.db, entries, scope, {
    now: app.now(),
    keepRoles,
    stillMember,
    key: erasureKeyOf(app),
    ...(stillMember
      ? { subject: erasureSubject(erasureKeyOf(app), scope.guildId, scope.userId) }
      : {}),
  });
  for (const after of report.after) {
    try {
      await after({ app, client });
    } catch (error) {
      app.logger.warn({ err: error, guild: scope.guildId }, 'follow-up of an erase failed');
    }
  }
  let failed: readonly string[] = [];
  const guild = client.guilds.cache.get(scope.guildId);
  if (drop.length > 0 && guild !== undefined) {
    try {
      ({ failed } = await applyRoles(
        app,
        guild,
        scope.userId,
        [],
        drop,
        'Hearth: erased on request',
        'notice.roleErase',
      ));
    } catch (error) {
      failed = drop;
      app.logger.warn(
        { err: error, guild: scope.guildId },
        'could not remove roles after an erase',
      );
    }
  }
  // No member id in the log: the erase is the member's business, the counts are the operator's.
  app.logger.info(
    {
      guild: scope.guildId,
      reason,
      rows: report.counts.reduce((sum, c) => sum + c.rows, 0),
      kept: report.kept.length,
    },
    'erased a member’s data',
  );
  return {
    report,
    rolesDropped: drop.filter((r) => !failed.includes(r)),
    rolesFailed: failed,
  };
}

/** Departed members whose retention window has passed: their data is erased, once each. */
export async function eraseDepartedMembers(app: AppDeps, client: Client): Promise<number> {
  const leftBy = app.now() - app.config.MEMBER_DATA_RETENTION_DAYS * DAY_MS;
  let erased = 0;
  for (;;) {
    const due = await dueDepartures(app.db, leftBy);
    let failed = 0;
    for (const scope of due) {
      try {
        await eraseOnDiscord(app, client, scope, {
          keepRoles: true,
          stillMember: false,
          reason: 'retention',
        });
        erased += 1;
      } catch (error) {
        // One member's failure stops no other's; the next run tries again.
        failed += 1;
        app.logger.error({ err: error, guild: scope.guildId }, 'could not erase a departed member');
      }
    }
    if (due.length < 500 || failed > 0) break;
  }
  if (erased > 0)
    app.logger.info(
      { members: erased, retentionDays: app.config.MEMBER_DATA_RETENTION_DAYS },
      'erased the data of members who left more than the retention period ago',
    );
  return erased;
}

/** A member left: the retention window starts (or, with 0 days, their data goes now). */
export async function onMemberLeft(
  app: AppDeps,
  client: Client,
  guildId: string,
  userId: string,
): Promise<void> {
  await forgetErasure(app, guildId, userId);
  await recordDepartures(app.db, guildId, [userId], app.now());
  if (app.config.MEMBER_DATA_RETENTION_DAYS === 0)
    await eraseOnDiscord(
      app,
      client,
      { guildId, userId },
      { keepRoles: true, stillMember: false, reason: 'retention' },
    );
}

/**
 * At start-up, per server: members Hearth has data about who are no longer there left while it
 * was offline (their window starts now); members who came back are no longer departed.
 */
export async function reconcileDepartures(app: AppDeps, client: Client): Promise<void> {
  for (const guild of client.guilds.cache.values()) {
    const named = await membersNamed(app.db, memberDataOf(app), guild.id);
    // A server where Hearth keeps nothing about anyone needs no member list.
    if (named.size === 0 && !(await keepsErasures(app.db, guild.id))) continue;
    let present: string[];
    try {
      present = (await listMembers(client, guild.id)).map((m) => m.user.id);
    } catch (error) {
      app.logger.warn({ err: error, guild: guild.id }, 'could not list members for departures');
      continue;
    }
    const here = new Set(present);
    const gone = [...named].filter((id) => !here.has(id));
    await recordDepartures(app.db, guild.id, gone, app.now());
    await clearDepartures(
      app.db,
      guild.id,
      present.filter((id) => named.has(id)),
    );
    await keepErasuresOf(app, guild.id, present);
  }
  await eraseDepartedMembers(app, client);
}
