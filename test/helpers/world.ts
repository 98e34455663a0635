import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordStandIn } from '../stand-in/server.js';

/** A typical community server: its owner (with Manage Server), a manager, a member, roles and channels. */
export function seedCommunity(
  standIn: DiscordStandIn,
  options: {
    name?: string;
    preferredLocale?: string;
    botPermissions?: bigint;
    botRolePosition?: number;
  } = {},
) {
  const guild = standIn.addGuild(options);
  const managerRole = standIn.addRole(guild, { name: 'Community team', position: 3 });
  const memberRole = standIn.addRole(guild, { name: 'Member', position: 2 });
  const staffRole = standIn.addRole(guild, {
    name: 'Staff',
    position: 4,
    permissions: String(PermissionFlagsBits.ManageGuild),
  });
  const owner = standIn.addMember(guild, 'owner', [staffRole]);
  // The owner is the server's owner: Discord lets them grant any role, and so does Hearth.
  standIn.guilds.get(guild)!.ownerId = owner.id;
  const manager = standIn.addMember(guild, 'manager', [managerRole]);
  const member = standIn.addMember(guild, 'member', [memberRole]);
  const welcome = standIn.addChannel(guild, { name: 'welcome' });
  const announcements = standIn.addChannel(guild, { name: 'announcements' });
  const log = standIn.addChannel(guild, { name: 'hearth-log' });
  return {
    guild,
    managerRole,
    memberRole,
    staffRole,
    owner,
    manager,
    member,
    welcome,
    announcements,
    log,
  };
}
