/**
 * Surveys' part of the data map: the manager who built a survey. A survey stays when its maker
 * erases (the community's polls were published from it), under a random stand-in, its times
 * kept to the day. Answers to surveys are polls' (see polls/member-data.ts).
 */
import type { MemberData } from '../../core/member-data.js';
import './messages.js';

export const surveysMemberData: MemberData = {
  columns: [
    {
      table: 'surveys',
      column: 'created_by',
      erase: 'pseudonymize',
      linkage: 'row',
      times: ['created_at', 'updated_at'],
      label: 'surveys.data.created',
    },
    {
      table: 'survey_series',
      column: 'created_by',
      erase: 'pseudonymize',
      linkage: 'row',
      times: ['created_at'],
      label: 'surveys.data.repeated',
    },
  ],
};
