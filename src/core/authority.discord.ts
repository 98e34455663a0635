/**
 * The thin Discord side of `authority.ts`: reads roles and the acting member from discord.js's
 * cache, and turns a refusal into the message a person can act on. Every place that lets someone
 * configure a role for Hearth to grant calls {@link assertMayConfigureRole}; every grant goes
 * through {@link grantRefusalNow} (in `applyRoles`).
 */
import type { Guild, GuildMember, Role } from 'discord.js';
import {
  automaticGrantRefusal,
  configureRefusal,
  type ActorFacts,
  type DangerousPermission,
  type GrantRefusal,
  type RoleFacts,
} from './authority.js';
import { UserError } from './errors.js';
import type { MessageKey, Translate } from './i18n.js';

export function roleFactsOf(
  role: Pick<Role, 'id' | 'position' | 'managed' | 'permissions'>,
): RoleFacts {
  return {
    id: role.id,
    position: role.position,
    permissions: role.permissions.bitfield,
    managed: role.managed,
  };
}

/** The member's roles as Discord holds them (not the interaction's channel permissions). */
export function actorFactsOf(guild: Guild, member: GuildMember): ActorFacts {
  return {
    isOwner: guild.ownerId === member.id,
    roles: [...member.roles.cache.values()].filter((role) => role.id !== guild.id).map(roleFactsOf),
  };
}

export function permissionList(permissions: readonly DangerousPermission[], t: Translate): string {
  return permissions.map((name) => t(`perm.${name}` as MessageKey)).join(', ');
}

const REFUSAL_KEYS: Record<GrantRefusal['reason'], MessageKey> = {
  everyone: 'authority.everyone',
  managed: 'authority.managed',
  dangerous: 'authority.dangerous',
  noManageRoles: 'authority.noManageRoles',
  notBelow: 'authority.notBelow',
};

/**
 * Refuses (with a {@link UserError} the person can act on) a role that `member` may not have
 * Hearth grant: one Hearth never grants automatically, or one they could not grant by hand.
 */
export function assertMayConfigureRole(
  guild: Guild,
  member: GuildMember,
  roleId: string,
  t: Translate,
): void {
  const role = guild.roles.cache.get(roleId);
  const everyone = guild.roles.cache.get(guild.id);
  if (role === undefined || everyone === undefined) throw new UserError('error.invalidReference');
  const refusal = configureRefusal(
    actorFactsOf(guild, member),
    roleFactsOf(role),
    roleFactsOf(everyone),
  );
  if (refusal === undefined) return;
  throw new UserError(REFUSAL_KEYS[refusal.reason], {
    role: `<@&${role.id}>`,
    permissions: refusal.reason === 'dangerous' ? permissionList(refusal.permissions, t) : '',
  });
}

/**
 * Why Hearth must not grant `roleId` now, whoever configured it (say, the role gained
 * Administrator since): undefined when it may. An unknown role is left to Discord to refuse.
 */
export function grantRefusalNow(guild: Guild, roleId: string): GrantRefusal | undefined {
  const role = guild.roles.cache.get(roleId);
  const everyone = guild.roles.cache.get(guild.id);
  if (role === undefined || everyone === undefined) return undefined;
  return automaticGrantRefusal(roleFactsOf(role), roleFactsOf(everyone));
}
