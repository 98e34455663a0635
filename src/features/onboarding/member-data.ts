/**
 * Onboarding's part of the data map: a member's onboarding record, their answers and drafts,
 * and, for managers, the approvals they decided. Everything of the member is deleted on erase;
 * a manager's name is taken off the decisions they made (the decided member's row stays theirs).
 */
import type { MemberData, Row } from '../../core/member-data.js';
import { describeAnswer } from './definitions.js';
import { desiredRoles, keepRejection } from './members.js';
import { findMember, parseDefinition, revisionTexts, stored } from './repository.js';
import './messages.js';

export const onboardingMemberData: MemberData = {
  columns: [
    {
      table: 'onboarding_members',
      column: 'user_id',
      erase: 'delete',
      label: 'onboarding.data.member',
      // Who approved or refused them is the manager's, not theirs to take away.
      omit: ['decided_by'],
    },
    {
      table: 'answers',
      column: 'user_id',
      erase: 'delete',
      label: 'onboarding.data.answers',
      async enrich(db, { guildId }, rows) {
        const definitionOf = await revisionTexts(db, guildId);
        return rows.map((row): Row => {
          const json = definitionOf.get(`${String(row.question_id)}:${String(row.revision)}`);
          if (json === undefined) return row;
          const definition = parseDefinition(json);
          const value = stored(String(row.value));
          return {
            ...row,
            question: definition.label,
            answer: value === null ? null : describeAnswer(definition, value),
          };
        });
      },
    },
    {
      table: 'answer_choices',
      column: 'user_id',
      erase: 'delete',
      label: 'onboarding.data.choices',
    },
    {
      table: 'answer_drafts',
      column: 'user_id',
      erase: 'delete',
      label: 'onboarding.data.drafts',
    },
    {
      table: 'onboarding_members',
      column: 'decided_by',
      erase: 'clear',
      label: 'onboarding.data.decisions',
      // The decision is the manager's; the person it was about, and their dates, are not.
      omit: ['user_id', 'joined_at', 'left_at', 'welcomed_at', 'started_at', 'completed_at'],
    },
  ],
  rolesGranted: (db, { guildId, userId }) => desiredRoles(db, guildId, userId),
  async notes(db, { guildId, userId }) {
    const row = await findMember(db, guildId, userId);
    // A manager's rejection stands after the erase, under a keyed fingerprint (PRIVACY.md).
    return row?.status === 'rejected' ? [{ key: 'onboarding.data.noteRejection' }] : [];
  },
  async erase({ trx, guildId, userId, fingerprint }) {
    // Kept under the member's `reject` fingerprint, not their id, until the cooldown is over.
    await keepRejection(trx, guildId, userId, () => fingerprint('reject'));
  },
};
