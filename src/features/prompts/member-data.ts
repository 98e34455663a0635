/**
 * Prompts' part of the data map: prompts a member suggested, and their replies in prompt threads
 * (who and when; the text stays on Discord). On erase, a suggestion the managers never took into
 * the bank goes; one they took stays in the bank without its author or credit. Replies keep
 * counting for their prompt under a random stand-in, with the message id replaced too (on Discord
 * it would say who wrote it).
 */
import { sql } from 'kysely';
import type { MemberData } from '../../core/member-data.js';
import { newPseudonym } from '../../core/member-data.js';
import './messages.js';

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
      .selectFrom('prompt_replies')
      .select('message_id')
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .execute();
    // A few hundred rows per statement: an erase holds the write lock for milliseconds.
    for (let i = 0; i < replies.length; i += 300) {
      const batch = replies.slice(i, i + 300).map((r) => [r.message_id, newPseudonym()] as const);
      const renamed = sql<string>`case ${sql.ref('message_id')} ${sql.join(
        batch.map(([from, to]) => sql`when ${from} then ${to}`),
        sql` `,
      )} end`;
      await trx
        .updateTable('prompt_replies')
        .set({ user_id: pseudonym, message_id: renamed })
        .where(
          'message_id',
          'in',
          batch.map(([from]) => from),
        )
        .execute();
    }
  },
};
