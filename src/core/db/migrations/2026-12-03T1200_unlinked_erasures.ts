import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: no imports of today's code. An erase used to give a member one stand-in in
// every table and keep exact times, so a copy of the database could join their anonymized rows
// (daily totals, joins, prompt replies) and match a join's time to the one Discord shows. Since
// this migration each join keeps, itself, the weeks after it the member was active (what the
// retention figure read from the link), and the rows anonymized before it are parted the same
// way an erase parts them now: a stand-in per join, one per prompt for replies, one per segment
// a manager created, and times kept to the day (to the hour after a prompt's post within its
// first day).
const DAY = 86_400_000;
const HOUR = 3_600_000;
const WEEKS = [1, 2, 4, 8];
const fresh = () => `erased-${randomBytes(9).toString('base64url')}`;
const dayStart = (at: number) => at - (at % DAY);

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('member_events').addColumn('active_weeks', 'integer').execute();

  const events = (
    await sql<{ rowid: number; guild_id: string; user_id: string; kind: string; at: number }>`
      select rowid, guild_id, user_id, kind, at from member_events
      where user_id like 'erased-%'`.execute(db)
  ).rows;
  for (const e of events) {
    let weeks: number | null = null;
    if (e.kind === 'join') {
      const days = (
        await sql<{ day: number }>`
          select day from member_days
          where guild_id = ${e.guild_id} and user_id = ${e.user_id} and messages + threads > 0`.execute(
          db,
        )
      ).rows.map((d) => d.day);
      const joinDay = Math.floor(e.at / DAY);
      weeks = 0;
      for (const [i, k] of WEEKS.entries()) {
        const start = joinDay + (k - 1) * 7;
        if (days.some((d) => d >= start && d < start + 7)) weeks |= 1 << i;
      }
    }
    await sql`
      update member_events set user_id = ${fresh()}, at = ${dayStart(e.at)}, active_weeks = ${weeks}
      where rowid = ${e.rowid}`.execute(db);
  }

  const replies = (
    await sql<{
      message_id: string;
      user_id: string;
      occurrence_id: number;
      at: number;
      prompt_id: number | null;
      posted_at: number | null;
    }>`
      select r.message_id, r.user_id, r.occurrence_id, r.at, o.prompt_id, o.posted_at
      from prompt_replies r join occurrences o on o.id = r.occurrence_id
      where r.user_id like 'erased-%'`.execute(db)
  ).rows;
  const groups = new Map<string, string>();
  for (const r of replies) {
    const group = `${r.user_id}:${r.prompt_id ?? `run-${r.occurrence_id}`}`;
    const standIn = groups.get(group) ?? fresh();
    groups.set(group, standIn);
    let at = dayStart(r.at);
    if (r.posted_at !== null && r.at >= r.posted_at) {
      const since = r.at - r.posted_at;
      at = r.posted_at + since - (since % (since < DAY ? HOUR : DAY));
    }
    await sql`
      update prompt_replies set user_id = ${standIn}, at = ${at}
      where message_id = ${r.message_id}`.execute(db);
  }

  // Segments a manager created, kept after they erased: a stand-in per segment, days only.
  const segments = (
    await sql<{ id: number; created_at: number; updated_at: number }>`
      select id, created_at, updated_at from segments where created_by like 'erased-%'`.execute(db)
  ).rows;
  for (const g of segments)
    await sql`
      update segments set created_by = ${fresh()}, created_at = ${dayStart(g.created_at)},
        updated_at = ${dayStart(g.updated_at)}
      where id = ${g.id}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('member_events').dropColumn('active_weeks').execute();
}
