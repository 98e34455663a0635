/**
 * Who may have Hearth grant a role, and which roles Hearth grants at all. The one place this rule
 * lives: pure functions over permission bits and role positions, with no discord.js, so it can be
 * tested over every hierarchy and reused by every feature that hands out roles (the member role,
 * onboarding answers, and whatever comes next). `authority.discord.ts` reads the facts from
 * discord.js and turns refusals into messages.
 *
 * The rule: Hearth grants a role only if the person who configured it could have granted it by
 * hand, exactly as Discord checks that (the server owner, an Administrator, or someone with Manage
 * Roles whose highest role sits above it), and never a role that carries a permission no
 * automatic grant should hand out, whoever configured it.
 */

/** Discord's permission bits, as the API numbers them (a test holds them against discord.js). */
export const PERMISSION_BITS = {
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  ManageMessages: 1n << 13n,
  MentionEveryone: 1n << 17n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  ModerateMembers: 1n << 40n,
  ViewAuditLog: 1n << 7n,
  MuteMembers: 1n << 22n,
  DeafenMembers: 1n << 23n,
  MoveMembers: 1n << 24n,
  ManageNicknames: 1n << 27n,
  ManageGuildExpressions: 1n << 30n,
  ManageThreads: 1n << 34n,
  ManageEvents: 1n << 33n,
} as const;

export type DangerousPermission = keyof typeof PERMISSION_BITS;

/**
 * Permissions Hearth never grants automatically: each lets its holder take over, silence or
 * expel others, or reach everyone. A role carrying any of them is refused when configured, and
 * not granted if it gains one later.
 */
export const DANGEROUS_PERMISSIONS: readonly DangerousPermission[] = [
  'Administrator',
  'ManageGuild',
  'ManageRoles',
  'ManageChannels',
  'ManageWebhooks',
  'KickMembers',
  'BanMembers',
  'ModerateMembers',
  'MentionEveryone',
  'ManageMessages',
  // Moderation and staff powers: reading the audit log, silencing or moving people in voice,
  // renaming them, editing the server's emoji, events and threads.
  'ViewAuditLog',
  'MuteMembers',
  'DeafenMembers',
  'MoveMembers',
  'ManageNicknames',
  'ManageGuildExpressions',
  'ManageEvents',
  'ManageThreads',
];

/** What the rule needs to know of a role. */
export interface RoleFacts {
  readonly id: string;
  readonly position: number;
  /** The role's own permission bits. */
  readonly permissions: bigint;
  /** Managed by a bot or an integration: nobody can grant it. */
  readonly managed: boolean;
}

/** What the rule needs to know of the person configuring a role. */
export interface ActorFacts {
  readonly isOwner: boolean;
  /** Every role they hold; @everyone is added by the rule. */
  readonly roles: readonly RoleFacts[];
}

export type GrantRefusal =
  | { readonly reason: 'everyone' }
  | { readonly reason: 'managed' }
  | { readonly reason: 'dangerous'; readonly permissions: readonly DangerousPermission[] }
  | { readonly reason: 'noManageRoles' }
  | { readonly reason: 'notBelow' };

/** The dangerous permissions among `bits`, in the order of {@link DANGEROUS_PERMISSIONS}. */
export function dangerousPermissionsOf(bits: bigint): DangerousPermission[] {
  return DANGEROUS_PERMISSIONS.filter((name) => (bits & PERMISSION_BITS[name]) !== 0n);
}

/**
 * Discord's role order: a higher position is higher; at equal positions the older role (the
 * smaller id) is higher.
 */
export function isAbove(
  a: Pick<RoleFacts, 'id' | 'position'>,
  b: Pick<RoleFacts, 'id' | 'position'>,
): boolean {
  if (a.position !== b.position) return a.position > b.position;
  return BigInt(a.id) < BigInt(b.id);
}

/**
 * Whether Hearth may grant `role` to members automatically, whoever configured it: never
 * @everyone, a managed role, or a role with a dangerous permission. Checked when a role is
 * configured and again before every grant, since a role's permissions can change later.
 */
export function automaticGrantRefusal(
  role: RoleFacts,
  everyone: RoleFacts,
): GrantRefusal | undefined {
  if (role.id === everyone.id) return { reason: 'everyone' };
  if (role.managed) return { reason: 'managed' };
  const dangerous = dangerousPermissionsOf(role.permissions);
  if (dangerous.length > 0) return { reason: 'dangerous', permissions: dangerous };
  return undefined;
}

/**
 * Whether `actor` could grant `role` by hand, as Discord decides it: the owner always; anyone
 * whose roles (with @everyone) carry Administrator; otherwise Manage Roles and a highest role
 * strictly above `role`.
 */
export function manualGrantRefusal(
  actor: ActorFacts,
  role: RoleFacts,
  everyone: RoleFacts,
): GrantRefusal | undefined {
  if (actor.isOwner) return undefined;
  const held = [everyone, ...actor.roles];
  const permissions = held.reduce((bits, r) => bits | r.permissions, 0n);
  if ((permissions & PERMISSION_BITS.Administrator) !== 0n) return undefined;
  if ((permissions & PERMISSION_BITS.ManageRoles) === 0n) return { reason: 'noManageRoles' };
  const highest = held.reduce((top, r) => (isAbove(r, top) ? r : top), everyone);
  return isAbove(highest, role) ? undefined : { reason: 'notBelow' };
}

/**
 * The check at the moment a role is configured for Hearth to grant: the role must be one Hearth
 * grants at all, and the person configuring it must be able to grant it by hand.
 */
export function configureRefusal(
  actor: ActorFacts,
  role: RoleFacts,
  everyone: RoleFacts,
): GrantRefusal | undefined {
  return automaticGrantRefusal(role, everyone) ?? manualGrantRefusal(actor, role, everyone);
}
