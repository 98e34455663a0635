/**
 * Prompts' part of the data map: prompts a member suggested, and their replies in prompt threads
 * (who and when; the text stays on Discord). On erase, a suggestion the managers never took into
 * the bank goes; one they took stays in the bank without its author or credit. Replies keep
 * counting for their prompt under a random stand-in, one per prompt (a prompt's figures count
 * distinct people replying; nothing counts them across prompts), with the message id replaced
 * too (on Discord it would say who wrote it) and the time coarsened to what /prompt history
 * shows: the hour after the post within its first day, the day after that.
 */
import type { MemberData } from '../../core/member-data.js';
import { dayStart, DAY_MS, newPseudonym } from '../../core/member-data.js';
import './messages.js';
import * as repo from './repository.js';

const HOUR_MS = 3_600_000;

/**
 * The time an anonymized reply keeps: whole hours after its prompt's post during the first day
 * (the replies-per-hour of /prompt history stay the same), whole days after it later, never the
 * moment Discord shows for the message.
 */
export function keptReplyTime(at: number, postedAt: number | null): number {
  if (postedAt === null || at < postedAt) return dayStart(at);
  const since = at - postedAt;
  return postedAt + since - (since % (since < DAY_MS ? HOUR_MS : DAY_MS));
}

export const promptsMemberData: MemberData = {
  columns: [
    {
      table: 'prompts',
      column: 'author_id',
      erase: 'clear',
      byFeature: true,
      label: 'prompts.data.suggestions',
    },
    {
      table: 'prompt_replies',
      column: 'user_id',
      erase: 'pseudonymize',
      byFeature: true,
      times: ['at'],
      label: 'prompts.data.replies',
      async enrich(db, { guildId }, rows) {
        const textOf = await repo.promptTextsOfRuns(db, guildId, [
          ...new Set(rows.map((r) => Number(r.occurrence_id))),
        ]);
        return rows.map((row) => ({
          ...row,
          prompt: textOf.get(Number(row.occurrence_id)) ?? null,
        }));
      },
    },
  ],
  async erase({ trx, guildId, userId, pseudonym }) {
    await repo.deleteUnkeptSuggestions(trx, guildId, userId);
    await repo.unattributePrompts(trx, guildId, userId);
    const replies = await repo.repliesBy(trx, guildId, userId);
    // A few hundred rows per statement: an erase holds the write lock for milliseconds.
    for (let i = 0; i < replies.length; i += 300) {
      await repo.rewriteReplies(
        trx,
        replies.slice(i, i + 300).map((r) => ({
          messageId: r.messageId,
          userId: pseudonym(`prompt_replies:${r.promptId ?? `run-${r.occurrenceId}`}`),
          newMessageId: newPseudonym(),
          at: keptReplyTime(r.at, r.postedAt),
        })),
      );
    }
  },
};
