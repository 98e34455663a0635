/**
 * Membership's part of the data map: a member's seat or waitlist record and the time they last
 * wrote. The erase itself is in index.ts, since seats it frees are passed on on Discord.
 */
import type { Db } from '../../core/db/database.js';
import { getGuild } from '../../core/guilds.js';
import type { DataLine, MemberData, MemberScope } from '../../core/member-data.js';
import { membershipOf } from './service.js';
import './messages.js';

export const membershipColumns: MemberData['columns'] = [
  {
    table: 'memberships',
    column: 'user_id',
    erase: 'delete',
    // A seat is released (and passed on) or, for a member who stays, recorded afresh.
    byFeature: true,
    label: 'seats.data.membership',
    // Who removed them is the manager's, not theirs to take away.
    omit: ['barred_by'],
  },
  {
    table: 'memberships',
    column: 'barred_by',
    erase: 'clear',
    label: 'seats.data.removals',
    // The removal is the manager's decision; the person it was about and their seat are not.
    omit: [
      'user_id',
      'state',
      'seat',
      'ticket',
      'waiting_since',
      'admitted_at',
      'invite_expires_at',
      'last_expired_at',
      'role_synced',
      'barred_told',
    ],
  },
  { table: 'member_activity', column: 'user_id', erase: 'delete', label: 'seats.data.activity' },
];

/** What erasing means for the member's seat or place, said before they confirm. */
export async function membershipNotes(
  db: Db,
  { guildId, userId, keepRoles }: MemberScope & { keepRoles: boolean },
): Promise<DataLine[]> {
  const standing = await membershipOf(db, guildId, userId);
  if (standing === undefined) return [];
  // A manager's removal stands after the erase, under a keyed fingerprint (PRIVACY.md).
  if (standing.barred) return [{ key: 'seats.data.noteBar' }];
  if (standing.state === 'admitted')
    return [
      keepRoles
        ? { key: 'seats.data.noteKeepSeat', params: { seat: standing.seat ?? 0 } }
        : { key: 'seats.data.noteGiveUpSeat', params: { seat: standing.seat ?? 0 } },
    ];
  if (standing.state === 'invited') return [{ key: 'seats.data.noteOffer' }];
  if (standing.state === 'waiting') return [{ key: 'seats.data.notePlace' }];
  return [];
}

/** The member role, when Hearth admitted the member. */
export async function membershipRoles(db: Db, { guildId, userId }: MemberScope): Promise<string[]> {
  const standing = await membershipOf(db, guildId, userId);
  const roleId = (await getGuild(db, guildId))?.memberRoleId ?? null;
  return standing?.state === 'admitted' && roleId !== null ? [roleId] : [];
}
