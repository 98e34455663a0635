/**
 * Introductions' part of the data map: whether a member takes part (and any pause), whom they
 * asked not to be matched with, and the groups they were in with their check-in answers. The
 * member avoided is stored as a keyed hash, so nothing about their own data shows who avoids
 * them; their erase removes those hashes too (service.ts eraseMember). The first reply between
 * two members who both take part (the pair and the day, for /insights intros' connections) is
 * theirs and the other's: each sees that it exists and its day, not who the other is, and either's
 * erase deletes it.
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
    {
      table: 'intro_reply_pairs',
      column: 'user_low',
      erase: 'delete',
      label: 'intros.data.replies',
      omit: ['user_high'],
    },
    {
      table: 'intro_reply_pairs',
      column: 'user_high',
      erase: 'delete',
      label: 'intros.data.replies',
      omit: ['user_low'],
    },
  ],
  async erase({ trx, guildId, userId }) {
    await eraseMember(trx, guildId, userId);
  },
};
