/**
 * Introductions' part of the data map: whether a member takes part (and any pause), whom they
 * asked not to be matched with, and the groups they were in with their check-in answers. The
 * member avoided is stored as a hash keyed with Hearth's key (not in the database), so nothing
 * about their own data, nor a copy of the database, shows who avoids them.
 *
 * A member's erase deletes their own rows, their list included. Others' "don't match me with"
 * entries about them stay: they are the other member's choice, and deleting them would let
 * anyone who is avoided erase their data, join again and be matched with who avoided them. Those
 * hashes name nobody without Hearth's key, and the erase never says whether there are any (that
 * would tell the member that someone avoids them). PRIVACY.md says so. The first reply
 * between two members who both take part (the pair and the day, for /insights intros'
 * connections) is theirs and the other's: each sees that it exists and its day, not who the
 * other is, and either's erase deletes it.
 */
import type { MemberData } from '../../core/member-data.js';
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
};
