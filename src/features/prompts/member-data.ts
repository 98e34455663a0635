/**
 * Prompts' part of the data map: prompts a member suggested, and their replies in prompt threads
 * (who and when; the text stays on Discord). On erase, a suggestion the managers never took into
 * the bank goes; one they took stays in the bank without its author or credit. Replies keep
 * counting for their prompt under a random stand-in, one per prompt (a prompt's figures count
 * distinct people replying; nothing counts them across prompts), with the message id replaced
 * too (on Discord it would say who wrote it) and the time coarsened to what /prompt history
 * shows: the hour after the post within its first day, the day after that.
 */
import { sql } from 'kysely';
import type { MemberData } from '../../core/member-data.js';
import { dayStart, DAY_MS, newPseudonym } from '../../core/member-data.js';
import './messages.js';

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
        const prompts = await db
          .selectFrom('occurrences as o')
          .innerJoin('prompts as p', 'p.id', 'o.prompt_id')
          .select(['o.id', 'p.text'])
          .where('o.guild_id', '=', guildId)
          .where('o.id', 'in', [...new Set(rows.map((r) => Number(r.occurrence_id)))].concat([-1]))
          .execute();
        const textOf = new Map(prompts.map((p) => [p.id, p.text]));
        return rows.map((row) => ({
          ...row,
          prompt: textOf.get(Number(row.occurrence_id)) ?? null,
        }));
      },
    },
  ],
  async erase({ trx, guildId, userId, pseudonym }) {
    await trx
      .deleteFrom('prompts')
      .where('guild_id', '=', guildId)
      .where('author_id', '=', userId)
      .where('status', 'in', ['pending', 'rejected'])
      .execute();
    await trx
      .updateTable('prompts')
      .set({ author_id: null, credit: 0 })
      .where('guild_id', '=', guildId)
      .where('author_id', '=', userId)
      .execute();
    const replies = await trx
      .selectFrom('prompt_replies as r')
      .innerJoin('occurrences as o', 'o.id', 'r.occurrence_id')
      .select(['r.message_id', 'r.occurrence_id', 'r.at', 'o.prompt_id', 'o.posted_at'])
      .where('r.guild_id', '=', guildId)
      .where('r.user_id', '=', userId)
      .execute();
    // A few hundred rows per statement: an erase holds the write lock for milliseconds.
    for (let i = 0; i < replies.length; i += 300) {
      const batch = replies.slice(i, i + 300);
      const cases = <T extends string | number>(value: (r: (typeof batch)[number]) => T) =>
        sql<T>`case ${sql.ref('message_id')} ${sql.join(
          batch.map((r) => sql`when ${r.message_id} then ${value(r)}`),
          sql` `,
        )} end`;
      await trx
        .updateTable('prompt_replies')
        .set({
          user_id: cases((r) =>
            pseudonym(`prompt_replies:${r.prompt_id ?? `run-${r.occurrence_id}`}`),
          ),
          message_id: cases(() => newPseudonym()),
          at: cases((r) => keptReplyTime(r.at, r.posted_at)),
        })
        .where(
          'message_id',
          'in',
          batch.map((r) => r.message_id),
        )
        .execute();
    }
  },
};
