/**
 * Survey results beyond the poll engine's per-question tallies: one row per response, and
 * cross-tabs of one question by another, by a segment, or by an onboarding answer (issues 15, 16).
 *
 * Both need one person's answers put together, which only a named survey's store allows: an
 * anonymous survey keeps each question's answers under its own key and forgets its voters at
 * close (polls/service.ts), so no row of it holds a whole response and nothing ties an answer to a
 * member, a segment or an onboarding answer. Its export stays per answer (the poll export, in a
 * neutral order), and a cross-tab of it is refused rather than built by undoing that.
 * Pure domain code: no Discord.
 */
import type { Db } from '../../core/db/database.js';
import { UserError } from '../../core/errors.js';
import { activeQuestions, comparableAnswers } from '../onboarding/api.js';
import { choiceLabel, choiceCount, namedResponses, type Poll } from '../polls/api.js';
import { segmentMembers, segmentOf } from '../segments/api.js';
import { crossTab, type CrossTab, type Respondent } from './crosstab.js';

/** What a cross-tab splits by: another question of the poll (index), a segment, an onboarding question. */
export type SplitBy =
  | { readonly kind: 'question'; readonly index: number }
  | { readonly kind: 'segment'; readonly id: number }
  | { readonly kind: 'onboarding'; readonly id: number };

/** `by` as autocomplete offers it: `q3` (question 3, 1 first), `s12` (segment), `o5` (onboarding). */
export function parseSplit(value: string): SplitBy {
  const match = /^([qso])(\d{1,9})$/.exec(value.trim());
  if (match === null) throw new UserError('surveys.unknownSplit');
  const n = Number(match[2]);
  if (match[1] === 'q') return { kind: 'question', index: n - 1 };
  return match[1] === 's' ? { kind: 'segment', id: n } : { kind: 'onboarding', id: n };
}

const CHOICE_KINDS = new Set(['single', 'multi', 'scale']);

function choiceQuestion(poll: Poll, index: number) {
  const q = poll.questions[index];
  if (q === undefined) throw new UserError('surveys.noQuestion', { count: poll.questions.length });
  if (!CHOICE_KINDS.has(q.kind)) throw new UserError('surveys.crosstabKind');
  return q;
}

/** Words the caller gives for the groups Hearth names itself (in the manager's language). */
export interface SplitLabels {
  /** The segment's members who answered: {name}. */
  readonly inSegment: (name: string) => string;
  readonly outsideSegment: (name: string) => string;
  readonly noAnswer: string;
}

/**
 * The cross-tab of question `index` (0 first) of a named survey round by `by`, every entry under
 * `minimum` withheld (see crosstab.ts). Refused for an anonymous round (see the file's comment).
 */
export async function surveyCrossTab(
  db: Db,
  poll: Poll,
  index: number,
  by: SplitBy,
  minimum: number,
  labels: SplitLabels,
  now: number,
): Promise<{ table: CrossTab; question: string; by: string }> {
  if (poll.surveyId === null) throw new UserError('surveys.notSurvey');
  if (poll.anonymous) throw new UserError('surveys.crosstabAnonymous');
  const q = choiceQuestion(poll, index);
  const columns = Array.from({ length: choiceCount(q) }, (_, c) => choiceLabel(q, c));
  const responses = await namedResponses(db, poll);
  const answered = responses.filter((r) => (r.choices[index]?.length ?? 0) > 0);
  let rows: string[];
  let byLabel: string;
  let groupsOf: (member: string, choices: readonly (readonly number[])[]) => number[];
  switch (by.kind) {
    case 'question': {
      if (by.index === index) throw new UserError('surveys.crosstabSame');
      const other = choiceQuestion(poll, by.index);
      rows = Array.from({ length: choiceCount(other) }, (_, c) => choiceLabel(other, c));
      byLabel = other.label;
      groupsOf = (_member, choices) => [...(choices[by.index] ?? [])];
      break;
    }
    case 'segment': {
      const segment = await segmentOf(db, poll.guildId, by.id);
      const members = new Set(await segmentMembers(db, poll.guildId, by.id, now));
      rows = [labels.inSegment(segment.name), labels.outsideSegment(segment.name)];
      byLabel = segment.name;
      groupsOf = (member) => [members.has(member) ? 0 : 1];
      break;
    }
    case 'onboarding': {
      const question = (await activeQuestions(db, poll.guildId)).find((x) => x.id === by.id);
      if (question === undefined) throw new UserError('surveys.unknownSplit');
      const d = question.definition;
      const answers = (await comparableAnswers(db, poll.guildId, [by.id])).get(by.id);
      if (d.kind === 'single' || d.kind === 'multi') {
        rows = [...d.choices.map((c) => c.label), labels.noAnswer];
        groupsOf = (member) => {
          const picked = answers?.byUser.get(member)?.choices ?? [];
          const at = picked.map((label) => rows.indexOf(label)).filter((i) => i >= 0);
          return at.length > 0 ? at : [rows.length - 1];
        };
      } else if (d.kind === 'scale') {
        const { min, max } = d.scale;
        rows = [
          ...Array.from({ length: max - min + 1 }, (_, i) => String(min + i)),
          labels.noAnswer,
        ];
        groupsOf = (member) => {
          const point = answers?.byUser.get(member)?.scale ?? null;
          return [point === null ? rows.length - 1 : point - min];
        };
      } else throw new UserError('surveys.crosstabKind');
      byLabel = d.label;
      break;
    }
  }
  const respondents: Respondent[] = answered.map((r) => ({
    rows: groupsOf(r.member, r.choices),
    columns: r.choices[index] ?? [],
  }));
  return { table: crossTab(rows, columns, respondents, minimum), question: q.label, by: byLabel };
}
