import { PermissionFlagsBits, type Guild, type GuildMember } from 'discord.js';
import type { MessageKey, MessageParams, Translate } from './messages.js';
import type { GuildSettings } from '../../core/guilds.js';
import { grantRefusalNow, permissionList } from '../../core/authority.discord.js';

export interface Problem {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

type PermissionName = keyof typeof PermissionFlagsBits;

/** What Hearth does in each channel, and so what it needs there. Features extend these lists. */
export const CHANNEL_NEEDS = {
  welcomeChannelId: ['ViewChannel', 'SendMessages', 'EmbedLinks'],
  announcementsChannelId: [
    'ViewChannel',
    'SendMessages',
    'EmbedLinks',
    'AttachFiles',
    'CreatePublicThreads',
    'SendMessagesInThreads',
  ],
  logChannelId: ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles'],
} as const satisfies Record<string, readonly PermissionName[]>;

export type ChannelSetting = keyof typeof CHANNEL_NEEDS;

/**
 * Everything Hearth asks for when invited: what every channel role needs, Read Message History
 * (to find its own earlier messages), Manage Roles (member and onboarding roles), Create
 * Private Threads (introductions) and Create Events (events in the server's Events). The README's
 * invite link carries this number; a test keeps the two equal.
 */
export const INVITE_PERMISSIONS: bigint = [
  ...Object.values(CHANNEL_NEEDS).flat(),
  'ReadMessageHistory' as const,
  'ManageRoles' as const,
  // Introductions: one private thread per group in the intro channel (`/intros setup` checks it).
  'CreatePrivateThreads' as const,
  // Events: each listed in the server's Events as a scheduled event Hearth makes, edits and
  // deletes (its own events only, which Create Events allows; Manage Events would reach others').
  'CreateEvents' as const,
].reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);

export const SETTING_LABEL = {
  managerRoleId: 'status.managerRole',
  memberRoleId: 'status.memberRole',
  welcomeChannelId: 'status.welcomeChannel',
  announcementsChannelId: 'status.announcementsChannel',
  logChannelId: 'status.logChannel',
} as const satisfies Record<string, MessageKey>;

/**
 * Everything the bot lacks in a guild for its configuration to work, each with what to fix. Reads
 * only discord.js's cache (roles, channels, the bot's member), so it makes no API call.
 */
export function checkGuildHealth(
  guild: Guild,
  settings: GuildSettings,
  t: Translate,
  mappedRoles: readonly string[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const me = guild.members.me;
  if (me === null) return problems;

  for (const setting of Object.keys(CHANNEL_NEEDS) as ChannelSetting[]) {
    const label = t(SETTING_LABEL[setting]);
    const channelId = settings[setting];
    if (channelId === null) {
      problems.push({ key: 'problem.channelUnset', params: { setting: label } });
      continue;
    }
    const channel = guild.channels.cache.get(channelId);
    if (channel === undefined) {
      problems.push({ key: 'problem.channelMissing', params: { setting: label } });
      continue;
    }
    const granted = channel.permissionsFor(me);
    const missing = CHANNEL_NEEDS[setting].filter(
      (name) => !granted.has(PermissionFlagsBits[name], true),
    );
    if (missing.length > 0) {
      problems.push({
        key: 'problem.channelPermissions',
        params: {
          channel: `<#${channel.id}>`,
          permissions: missing.map((name) => t(`perm.${name}` as const)).join(', '),
        },
      });
    }
  }

  // Events are listed in the server's Events as scheduled events Hearth makes (its own only).
  if (
    !me.permissions.any([PermissionFlagsBits.CreateEvents, PermissionFlagsBits.ManageEvents], true)
  )
    problems.push({ key: 'problem.createEvents', params: {} });

  if (settings.managerRoleId !== null && !guild.roles.cache.has(settings.managerRoleId)) {
    problems.push({
      key: 'problem.roleMissing',
      params: { setting: t(SETTING_LABEL.managerRoleId) },
    });
  }
  if (settings.memberRoleId !== null)
    problems.push(
      ...grantableRoleProblems(guild, me, settings.memberRoleId, t(SETTING_LABEL.memberRoleId), t),
    );
  // Roles that onboarding answers grant; one Manage Roles problem is enough for all of them.
  for (const roleId of new Set(mappedRoles)) {
    for (const problem of grantableRoleProblems(guild, me, roleId, t('onboarding.mappedRole'), t)) {
      if (
        !problems.some(
          (p) =>
            p.key === problem.key && JSON.stringify(p.params) === JSON.stringify(problem.params),
        )
      )
        problems.push(problem);
    }
  }
  return problems;
}

/** Why the bot could not grant `roleId`, if it could not. Onboarding role mappings reuse this. */
export function grantableRoleProblems(
  guild: Guild,
  me: GuildMember,
  roleId: string,
  settingLabel: string,
  t: Translate,
): Problem[] {
  const role = guild.roles.cache.get(roleId);
  if (role === undefined)
    return [{ key: 'problem.roleMissing', params: { setting: settingLabel } }];
  if (role.managed)
    return [
      { key: 'problem.roleManaged', params: { setting: settingLabel, role: `<@&${role.id}>` } },
    ];
  const problems: Problem[] = [];
  // A role that gained a dangerous permission after it was configured: Hearth stops granting it.
  const refusal = grantRefusalNow(guild, roleId);
  if (refusal?.reason === 'dangerous')
    problems.push({
      key: 'problem.roleDangerous',
      params: { role: `<@&${role.id}>`, permissions: permissionList(refusal.permissions, t) },
    });
  if (!me.permissions.has(PermissionFlagsBits.ManageRoles, true))
    problems.push({ key: 'problem.manageRoles', params: {} });
  if (me.roles.highest.comparePositionTo(role) <= 0)
    problems.push({ key: 'problem.rolePosition', params: { role: `<@&${role.id}>` } });
  return problems;
}
