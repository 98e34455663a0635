/**
 * Segments' part of the data map. The roster (that a member is here, since when, with which
 * roles) and the cached segment memberships are deleted on erase: they are recomputed from what
 * Discord and the other features still hold, so a member who erased and stays is seen again as
 * present from the next member update, with no answers or activity to match. A segment a member
 * created as a manager stays, under a random stand-in for its creator (one per segment), with its
 * creation and last change kept to the day.
 */
import type { MemberData } from '../../core/member-data.js';
import './messages.js';

export const segmentsColumns: MemberData['columns'] = [
  { table: 'member_roster', column: 'user_id', erase: 'delete', label: 'segments.data.roster' },
  { table: 'member_roles', column: 'user_id', erase: 'delete', label: 'segments.data.roles' },
  {
    table: 'segment_members',
    column: 'user_id',
    erase: 'delete',
    label: 'segments.data.members',
  },
  {
    table: 'segment_role_grants',
    column: 'user_id',
    erase: 'delete',
    label: 'segments.data.roleGrants',
  },
  {
    table: 'segments',
    column: 'created_by',
    erase: 'pseudonymize',
    // No figure counts segments per creator: each gets its own stand-in, at its day.
    linkage: 'row',
    times: ['created_at', 'updated_at'],
    label: 'segments.data.created',
  },
];
