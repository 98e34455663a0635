/**
 * Builders for Discord API payloads, typed with discord-api-types so that a payload the real API
 * would never send fails the typecheck.
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  MessageType,
  OverwriteType,
  PermissionFlagsBits,
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
  type APIOverwrite,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type UserFlags,
  type ChannelFlags,
  type RoleFlags,
  type GuildMemberFlags,
} from 'discord-api-types/v10';

const DISCORD_EPOCH = 1_420_070_400_000n;
let counter = 0n;

/** A fresh, increasing snowflake. */
export function snowflake(at = Date.now()): string {
  counter = (counter + 1n) % 4096n;
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter);
}

export function userPayload(id: string, username: string, bot = false): APIUser {
  return {
    id,
    username,
    global_name: username,
    discriminator: '0',
    avatar: null,
    bot,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
  };
}

export function rolePayload(partial: Pick<APIRole, 'id' | 'name'> & Partial<APIRole>): APIRole {
  return {
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 1,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...partial,
  };
}

export function textChannelPayload(partial: {
  id: string;
  guild_id: string;
  name: string;
  type?:
    | ChannelType.GuildText
    | ChannelType.GuildAnnouncement
    | ChannelType.GuildVoice
    | ChannelType.GuildStageVoice
    | ChannelType.GuildForum;
  permission_overwrites?: APIOverwrite[];
}): APIChannel {
  return {
    id: partial.id,
    guild_id: partial.guild_id,
    name: partial.name,
    type: partial.type ?? ChannelType.GuildText,
    position: 0,
    permission_overwrites: partial.permission_overwrites ?? [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
    ...(partial.type === ChannelType.GuildForum
      ? {
          available_tags: [],
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: 0,
        }
      : {}),
  } as APIChannel;
}

export function memberPayload(
  user: APIUser,
  roles: string[],
  joinedAt = new Date().toISOString(),
): APIGuildMember {
  return {
    user,
    roles,
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    pending: false,
  };
}

export function guildPayload(partial: {
  id: string;
  name: string;
  owner_id: string;
  preferred_locale?: string;
  roles: APIRole[];
}): APIGuild {
  return {
    id: partial.id,
    name: partial.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: partial.owner_id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: partial.roles,
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: (partial.preferred_locale ?? 'en-US') as APIGuild['preferred_locale'],
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    region: 'europe',
  };
}

export function messagePayload(partial: {
  id: string;
  channel_id: string;
  author: APIUser;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  nonce?: string | number;
}): APIMessage {
  return {
    id: partial.id,
    channel_id: partial.channel_id,
    author: partial.author,
    content: partial.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: partial.embeds ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: partial.flags ?? 0,
    components: partial.components ?? [],
    ...(partial.nonce === undefined ? {} : { nonce: partial.nonce }),
  };
}

/** Every permission bit, as Discord reports an administrator's permissions. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce(
  (all, bit) => all | bit,
  0n,
);

/** Permissions of a member at guild level: @everyone plus their roles; Administrator means all. */
export function guildPermissions(
  roles: Iterable<APIRole>,
  memberRoleIds: readonly string[],
  guildId: string,
): bigint {
  let bits = 0n;
  for (const role of roles) {
    if (role.id === guildId || memberRoleIds.includes(role.id)) bits |= BigInt(role.permissions);
  }
  return (bits & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : bits;
}

/**
 * Permissions of a member in a channel, as Discord computes them: guild permissions, then the
 * channel's @everyone overwrite, then the member's role overwrites together, then the member's own
 * overwrite. Administrator overrides every overwrite.
 */
export function channelPermissions(
  roles: Iterable<APIRole>,
  memberRoleIds: readonly string[],
  guildId: string,
  memberId: string,
  overwrites: readonly APIOverwrite[],
): bigint {
  let bits = guildPermissions(roles, memberRoleIds, guildId);
  if ((bits & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  const apply = (allow: bigint, deny: bigint) => (bits = (bits & ~deny) | allow);
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== guildId && memberRoleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  apply(allow, deny);
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === memberId);
  if (own) apply(BigInt(own.allow), BigInt(own.deny));
  return bits;
}
