import { sql } from 'kysely';
import {
  avoidMember,
  joinIntros,
  settingsOf as introSettingsOf,
  setupIntros,
} from '../../src/features/intros/service.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { erasureKey } from '../../src/core/member-data.js';
import { ingestEvents, recordMemberEvent, setHidden } from '../../src/features/insights/service.js';
import { recordActivity, requestAdmission } from '../../src/features/membership/service.js';
import { createPoll, vote, voterKey } from '../../src/features/polls/service.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import { createEvent, rsvp, setReminders } from '../../src/features/events/service.js';

type Row = Record<string, unknown>;
const DAY = 86_400_000;
/** Message ids of seeded replies, unique in the process like Discord's. */
let messages = 0;

/**
 * A member with a row in (nearly) every table of the data map, written through the services
 * where they exist: answers, a seat, activity over `days` days, a named and an anonymous vote, a
 * prompt reply and suggestion, an opt-out. Returns the anonymous poll's id.
 */
export async function seedMember(
  db: Db,
  {
    guildId,
    userId,
    now,
    secret,
    days = 3,
    replies = 1,
  }: {
    guildId: string;
    userId: string;
    now: number;
    secret: Buffer;
    days?: number;
    replies?: number;
  },
): Promise<{ anonymousPoll: number; namedPoll: number }> {
  await ensureGuild(db, guildId, { now });
  let question = await db
    .selectFrom('questions')
    .select('id')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  if (question === undefined) {
    question = await db
      .insertInto('questions')
      .values({
        guild_id: guildId,
        position: 1,
        current_revision: 1,
        retired_at: null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('question_revisions')
      .values({
        question_id: question.id,
        revision: 1,
        guild_id: guildId,
        definition: JSON.stringify({ kind: 'short', label: 'Where are you from?', required: true }),
        created_at: now,
      })
      .execute();
  }
  await db
    .insertInto('onboarding_members')
    .values({
      guild_id: guildId,
      user_id: userId,
      status: 'completed',
      joined_at: now,
      left_at: null,
      welcomed_at: now,
      started_at: now,
      completed_at: now,
      decided_at: null,
      decided_by: null,
    })
    .execute();
  await db
    .insertInto('answers')
    .values({
      guild_id: guildId,
      user_id: userId,
      question_id: question.id,
      revision: 1,
      value: JSON.stringify({ text: `the answer of ${userId}` }),
      answered_at: now,
    })
    .execute();
  await db
    .insertInto('answer_drafts')
    .values({
      guild_id: guildId,
      user_id: userId,
      question_id: question.id,
      raw: '{}',
      saved_at: now,
    })
    .execute();
  await requestAdmission(db, guildId, userId, now);
  await recordActivity(db, guildId, userId, now);
  const events = [];
  for (let d = 0; d < days; d++)
    events.push({
      guildId,
      userId,
      channelId: '300000000000000009',
      at: now - d * DAY,
      staff: false,
      replyTo: null,
      startsThread: false,
      words: 4,
    });
  await ingestEvents(db, events);
  await recordMemberEvent(db, guildId, userId, 'join', now);
  await setHidden(db, guildId, userId, true);
  const poll = (anonymous: boolean) =>
    createPoll(
      db,
      guildId,
      {
        channelId: '300000000000000001',
        title: anonymous ? 'Anonymous' : 'Named',
        questions: [
          { kind: 'single', label: 'Pick', options: ['A', 'B'], required: true },
          { kind: 'text', label: 'Why?', required: false },
        ],
        anonymous,
        results: 'live',
        audience: [],
        closesAt: null,
        remindAt: null,
      },
      now,
    );
  const named = await poll(false);
  const anonymous = await poll(true);
  for (const p of [named, anonymous])
    await vote(db, {
      guildId,
      pollId: p.id,
      voter: voterKey(p, userId, secret),
      ballot: new Map([
        [0, { choices: [0] }],
        [1, { text: p.anonymous ? 'an anonymous reason' : `words of ${userId}` }],
      ]),
      now,
    });
  await addPrompt(
    db,
    guildId,
    { text: `a suggestion by ${userId}`, authorId: userId, pending: true },
    now,
  );
  const schedule = await db
    .insertInto('schedules')
    .values({
      guild_id: guildId,
      channel_id: '300000000000000002',
      rule: '{}',
      tag: null,
      pick: 'queue',
      state: 'paused',
      paused_reason: null,
      next_run_at: null,
      created_at: now,
      // Each member seeded into a server adds one schedule, in the server's next slot.
      slot: (
        await db.selectFrom('schedules').select('id').where('guild_id', '=', guildId).execute()
      ).length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const occurrence = await db
    .insertInto('occurrences')
    .values({
      schedule_id: schedule.id,
      guild_id: guildId,
      due_at: now,
      prompt_id: null,
      status: 'posted',
      channel_id: '300000000000000002',
      nonce: `n${schedule.id}`,
      message_id: null,
      thread_id: null,
      claimed_at: now,
      posted_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < replies; i += 500)
    await db
      .insertInto('prompt_replies')
      .values(
        Array.from({ length: Math.min(500, replies - i) }, () => ({
          message_id: String(4_000_000_000_000_000n + BigInt((messages += 1))),
          occurrence_id: occurrence.id,
          guild_id: guildId,
          user_id: userId,
          at: now,
        })),
      )
      .execute();
  await db
    .insertInto('member_departures')
    .values({ guild_id: guildId, user_id: userId, left_at: now })
    .execute();
  // An event: a place, reminders turned off, and a rating (written as the feedback DM would).
  const event = await createEvent(
    db,
    guildId,
    {
      channelId: '300000000000000009',
      title: 'Meetup',
      startsAt: now + DAY,
      durationMinutes: 60,
      capacity: 5,
    },
    now,
  );
  await rsvp(db, { guildId, eventId: event.id, userId, choice: 'going', now });
  await setReminders(db, guildId, userId, false, now);
  await db
    .insertInto('event_feedback')
    .values({ event_id: event.id, guild_id: guildId, user_id: userId, rating: 4, at: now })
    .execute();
  // Introductions: opted in, and asked never to be matched with someone.
  if ((await introSettingsOf(db, guildId)) === undefined)
    await setupIntros(
      db,
      guildId,
      {
        cadence: 'weekly',
        weekday: 1,
        hour: 18,
        minute: 0,
        groupSize: 2,
        channelId: '300000000000000010',
        audienceRoleId: null,
        audienceSegmentId: null,
        criteria: [],
        zone: 'UTC',
      },
      now,
    );
  await joinIntros(db, guildId, userId, now);
  await avoidMember(db, erasureKey(secret), guildId, userId, '299999999999999999', now);
  return { anonymousPoll: anonymous.id, namedPoll: named.id };
}

/** Every table, as rows. */
export async function allRows(db: Db): Promise<Record<string, Row[]>> {
  const tables = (
    await sql<{ name: string }>`
      SELECT name FROM sqlite_schema
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'`.execute(db)
  ).rows.map((r) => r.name);
  const out: Record<string, Row[]> = {};
  for (const table of tables)
    out[table] = (await sql<Row>`select * from ${sql.table(table)}`.execute(db)).rows;
  return out;
}

/** Rows in which any value is or contains `id`, in server `guild` (poll rows through their poll). */
export async function rowsNaming(
  db: Db,
  id: string,
  guild: string,
): Promise<Record<string, Row[]>> {
  const everything = await allRows(db);
  const pollGuild = new Map((everything.polls ?? []).map((p) => [p.id, p.guild_id]));
  const out: Record<string, Row[]> = {};
  for (const [table, rows] of Object.entries(everything)) {
    const naming = rows.filter(
      (row) =>
        Object.values(row).some((v) => typeof v === 'string' && v.includes(id)) &&
        (row.guild_id ?? pollGuild.get(row.poll_id)) === guild,
    );
    if (naming.length > 0) out[table] = naming;
  }
  return out;
}

export const rowCount = (rows: Record<string, Row[]>) =>
  Object.values(rows).reduce((sum, r) => sum + r.length, 0);
