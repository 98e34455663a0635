/**
 * Introductions' part of the data map: whether a member takes part (and any pause), whom they
 * asked not to be matched with, and the groups they were in with their check-in answers. The
 * member avoided is stored as a keyed hash, so nothing about their own data shows who avoids
 * them; their erase removes those hashes too (service.ts eraseMember).
 */
import type { MemberData } from '../../core/member-data.js';
import { eraseMember } from './service.js';
import './messages.js';

export const introsMemberData: MemberData = {
  columns: [
    { table: 'intro_members', column: 'user_id', erase: 'delete', label: 'intros.data.members' },
    {
      table: 'intro_exclusions',
      column: 'user_id',
      erase: 'delete',
      label: 'intros.data.exclusions',
    },
    {
      table: 'intro_group_members',
      column: 'user_id',
      erase: 'delete',
      label: 'intros.data.groups',
    },
  ],
  async erase({ trx, guildId, userId }) {
    await eraseMember(trx, guildId, userId);
  },
};
