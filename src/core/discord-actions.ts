/**
 * Discord actions every feature shares: buttons, one-notice-per-problem reports to managers, role
 * changes that survive a role Hearth cannot manage, and the member list.
 */
// Runtime values come from the REST package and the API types, not all of discord.js, so a
// process that only posts (the scheduler in the crash test) stays light.
import { ButtonStyle, ComponentType, RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIGuildMember,
  Client,
  Guild,
} from 'discord.js';
import type { AppDeps } from './context.js';
import { translator, type Translate } from './i18n.js';
import { getGuild } from './guilds.js';
import { claimNotice, clearNotice } from './notices.js';
import { grantRefusalNow, permissionList } from './authority.discord.js';

/** Discord codes that mean "a manager must fix something"; retrying cannot help. */
const NEEDS_A_MANAGER: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.UnknownRole,
  RESTJSONErrorCodes.UnknownChannel,
]);

/**
 * Discord's JSON error code (50013, 10003, …) of a failed API call, or undefined for anything
 * else. Read by shape, not by class: discord.js (CommonJS) and an ESM import of @discordjs/rest
 * load two copies of the DiscordAPIError class, and `instanceof` silently fails across them.
 */
export function discordErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || !('status' in error))
    return undefined;
  return typeof error.code === 'number' && typeof error.status === 'number'
    ? error.code
    : undefined;
}

export function isManagerFixable(error: unknown): boolean {
  const code = discordErrorCode(error);
  return code !== undefined && NEEDS_A_MANAGER.has(code);
}

export function button(
  customId: string,
  label: string,
  style:
    | ButtonStyle.Primary
    | ButtonStyle.Secondary
    | ButtonStyle.Success
    | ButtonStyle.Danger = ButtonStyle.Primary,
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style, custom_id: customId, label }],
  };
}

/** Sends one notice to the manager log, unless the same problem was already reported. */
export async function notifyManagers(
  app: AppDeps,
  guild: Guild,
  key: string,
  message: (t: Translate) => string,
): Promise<void> {
  const settings = await getGuild(app.db, guild.id);
  if (settings === undefined || !(await claimNotice(app.db, guild.id, key, app.now()))) return;
  const channel =
    settings.logChannelId === null ? undefined : guild.channels.cache.get(settings.logChannelId);
  if (channel === undefined || !channel.isSendable()) {
    app.logger.warn(
      { guild: guild.id, notice: key },
      'no manager log channel to report a problem to',
    );
    return;
  }
  try {
    await channel.send({
      content: message(translator(settings.language, app.commandIds)),
      allowedMentions: { parse: [] },
    });
  } catch (error) {
    app.logger.warn(
      { err: error, guild: guild.id, notice: key },
      'could not post to the manager log',
    );
  }
}

/**
 * Grants and removes roles one by one, so one role Hearth cannot manage does not block the
 * others. A role it cannot manage is reported to managers once; the member's flow goes on.
 */
export async function applyRoles(
  app: AppDeps,
  guild: Guild,
  userId: string,
  grant: readonly string[],
  revoke: readonly string[],
  reason = 'Hearth onboarding answers',
  /** What managers are told when a role cannot be managed: the cause the roles come from. */
  notice: 'notice.roleGrant' | 'notice.roleErase' = 'notice.roleGrant',
): Promise<{ failed: readonly string[]; gone: boolean }> {
  const failed: string[] = [];
  for (const [roleId, add] of [
    ...grant.map((r) => [r, true] as const),
    ...revoke.map((r) => [r, false] as const),
  ]) {
    // Checked again at every grant: a role vetted when it was configured may have gained
    // Administrator (or another dangerous permission) since. Taking a role away is always fine.
    const refusal = add ? grantRefusalNow(guild, roleId) : undefined;
    if (refusal?.reason === 'dangerous') {
      failed.push(roleId);
      app.logger.warn({ guild: guild.id, role: roleId }, 'refused to grant a dangerous role');
      await notifyManagers(app, guild, `role-dangerous:${roleId}`, (t) =>
        t('notice.roleDangerous', {
          role: `<@&${roleId}>`,
          permissions: permissionList(refusal.permissions, t),
        }),
      );
      continue;
    }
    try {
      if (add) await guild.members.addRole({ user: userId, role: roleId, reason });
      else await guild.members.removeRole({ user: userId, role: roleId, reason });
      await clearNotice(app.db, guild.id, `role:${roleId}`);
      if (add) await clearNotice(app.db, guild.id, `role-dangerous:${roleId}`);
    } catch (error) {
      // The member left the server meanwhile: nothing more to grant or take away.
      if (discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember)
        return { failed, gone: true };
      if (!isManagerFixable(error)) throw error;
      failed.push(roleId);
      app.logger.warn(
        { guild: guild.id, role: roleId, code: discordErrorCode(error) },
        'cannot manage a role',
      );
      await notifyManagers(app, guild, `role:${roleId}`, (t) =>
        t(notice, { role: `<@&${roleId}>` }),
      );
    }
  }
  return { failed, gone: false };
}

/** Every member of a guild, from the REST member list (1,000 per page). */
/** What listing members needs: a REST client's `get` (discord.js's, or the outbox's). */
export interface MemberLister {
  readonly rest: {
    get(route: `/${string}`, options?: { query?: URLSearchParams }): Promise<unknown>;
  };
}

export async function listMembers(
  client: Client | MemberLister,
  guildId: string,
): Promise<APIGuildMember[]> {
  const all: APIGuildMember[] = [];
  let after = '0';
  for (;;) {
    const batch = (await client.rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: '1000', after }),
    })) as APIGuildMember[];
    all.push(...batch);
    if (batch.length < 1000) return all;
    after = batch[batch.length - 1]!.user.id;
  }
}
