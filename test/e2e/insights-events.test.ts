/**
 * `/insights events` end to end, hand-checked: a known month of seeded events, answers,
 * attendance and ratings (November 2026 in Community A, plus rows that must not count: an event
 * before the period, a cancelled one, one still open, and one of Community B). Every figure of the
 * reply is worked out by hand below. Then the attacker's side: a member who is not a manager is
 * refused, and a member who asked not to be counted is left out of every figure.
 */
import { describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { isEphemeral, type OptionValue } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';
import type { RsvpStatus } from '../../src/core/db/schema.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 10, 0);
let people: Record<'ana' | 'bea' | 'cai' | 'dan' | 'eli' | 'fay', APIUser>;

const s = e2eSuite({
  a: { name: 'Meet Club' },
  start: NOW,
  setup: (c) => ({ log_channel: { channel: c.log } }),
  seed: ({ standIn, a }) => {
    people = Object.fromEntries(
      (['ana', 'bea', 'cai', 'dan', 'eli', 'fay'] as const).map((n) => [
        n,
        standIn.addMember(a.guild, n, [a.memberRole]),
      ]),
    ) as typeof people;
  },
});

async function run(subcommand: string, options: Record<string, OptionValue>, user: string) {
  const answer = await s.standIn.answer(
    s.standIn.command({
      guild: s.a.guild,
      user,
      command: subcommand === 'hide' ? 'privacy' : 'insights',
      subcommand,
      options,
    }),
  );
  expect(isEphemeral(answer)).toBe(true);
  return answer;
}

type Answer = [keyof typeof people, RsvpStatus, (0 | 1 | null)?, number?];

/** One event, its answers (status, attendance, rating) straight into the tables. */
async function seedEvent(
  guild: string,
  title: string,
  startsAt: number,
  status: 'open' | 'ended' | 'cancelled',
  nextTicket: number,
  capacity: number | null,
  answers: Answer[],
) {
  const { id } = await s.db
    .insertInto('events')
    .values({
      guild_id: guild,
      channel_id: s.a.announcements,
      title,
      starts_at: startsAt,
      ends_at: startsAt + 2 * 3_600_000,
      capacity,
      audience_role_id: null,
      audience_segment_id: null,
      rsvp_closes_at: startsAt,
      status,
      next_ticket: nextTicket,
      created_at: startsAt - 7 * DAY,
      ended_at: status === 'open' ? null : startsAt + 2 * 3_600_000,
      message_id: null,
      scheduled_event_id: null,
      voice_channel_id: null,
      voice_entity_type: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seat = 1;
  let ticket = 1;
  for (const [who, st, attended, rating] of answers) {
    const userId = people[who].id;
    await s.db
      .insertInto('event_rsvps')
      .values({
        event_id: id,
        guild_id: guild,
        user_id: userId,
        status: st,
        seat: st === 'going' || st === 'offered' ? seat++ : null,
        ticket: st === 'waiting' ? ticket++ : null,
        offer_expires_at: st === 'offered' ? startsAt : null,
        attended: attended ?? null,
        checked_in_at: attended === 1 ? startsAt : null,
        responded_at: startsAt - DAY,
        updated_at: startsAt,
      })
      .execute();
    if (rating !== undefined)
      await s.db
        .insertInto('event_feedback')
        .values({ event_id: id, guild_id: guild, user_id: userId, rating, at: startsAt + DAY })
        .execute();
  }
}

const descriptionOf = (answer: Awaited<ReturnType<typeof run>>) =>
  (answer.embeds as { title: string; description: string }[])[0]!;
const stamp = (at: number) => `<t:${Math.floor(at / 1000)}:d>`;

const E1 = Date.UTC(2026, 10, 5, 18, 0);
const E2 = Date.UTC(2026, 10, 20, 18, 0);

describe('/insights events over a known month', () => {
  it('seeds November', async () => {
    // Board games, capacity 3: ana, bea going and present, cai going and absent (a no-show); two
    // joined the waitlist (tickets 1 and 2): dan's offer lapsed, eli still waiting; fay had said
    // maybe and was marked present. Ratings 5, 4, 3: fewer than 5, so no average is shown.
    await seedEvent(s.a.guild, 'Board games', E1, 'ended', 3, 3, [
      ['ana', 'going', 1, 5],
      ['bea', 'going', 1, 4],
      ['cai', 'going', 0],
      ['dan', 'expired'],
      ['eli', 'waiting'],
      ['fay', 'maybe', 1, 3],
    ]);
    // Walk, no cap: six going, dan did not come; five ratings 5+5+4+3+3 = 20, average 4.0.
    await seedEvent(s.a.guild, 'Autumn walk', E2, 'ended', 1, null, [
      ['ana', 'going', 1, 5],
      ['bea', 'going', 1, 5],
      ['cai', 'going', 1, 4],
      ['dan', 'going', 0],
      ['eli', 'going', 1, 3],
      ['fay', 'going', 1, 3],
    ]);
    // None of these count: before the 30 days, cancelled, not ended yet, another server.
    await seedEvent(s.a.guild, 'October quiz', Date.UTC(2026, 9, 25, 18), 'ended', 1, null, [
      ['ana', 'going', 1, 1],
      ['dan', 'going', 1],
    ]);
    await seedEvent(s.a.guild, 'Rained off', Date.UTC(2026, 10, 12, 18), 'cancelled', 1, null, [
      ['dan', 'going'],
    ]);
    await seedEvent(s.a.guild, 'Still on', Date.UTC(2026, 10, 30, 18), 'open', 1, null, [
      ['cai', 'going', 1],
    ]);
    await seedEvent(s.b.guild, 'Elsewhere', E2, 'ended', 1, null, [['cai', 'going', 1, 1]]);
  });

  it('shows turnout, no-shows (counted, never named), waitlist demand, feedback and repeat attendees', async () => {
    const embed = descriptionOf(await run('events', {}, s.a.owner.id));
    // The title names whole days: 1 November (30 days back) to 1 December.
    expect(embed.title).toBe(
      `Events, ${stamp(Date.UTC(2026, 10, 1))} – ${stamp(Date.UTC(2026, 11, 1))}`,
    );
    expect(embed.description.split('\n')).toEqual([
      `**Board games** (${stamp(E1)}): attended 2 of 3 going (67%), 1 no-show, 3 present in all · waitlist: 2 joined, 1 offers lapsed, 1 still waiting · feedback: 3 ratings (an average of fewer than 5 is not shown)`,
      `**Autumn walk** (${stamp(E2)}): attended 5 of 6 going (83%), 1 no-show, 5 present in all · waitlist: 0 joined, 0 offers lapsed, 0 still waiting · feedback: 4.0 of 5 (5 ratings)`,
      // Attended both: ana, bea, fay; attended one: cai, eli (dan attended none).
      '**Repeat attendees:** 3 of 5 members who attended came to two events or more',
    ]);
    for (const p of Object.values(people)) {
      expect(embed.description).not.toContain(p.id);
      expect(embed.description).not.toContain(p.username);
    }
  });

  it('refuses a member who is not a manager, saying why', async () => {
    const answer = await run('events', {}, s.a.member.id);
    expect(answer.embeds ?? []).toEqual([]);
    expect(String(answer.content)).toMatch(/manager/i);
  });

  it('leaves out a member who asked not to be counted (fewer than 5 did), in every figure', async () => {
    await run('hide', { on: true }, people.fay.id);
    const embed = descriptionOf(await run('events', { period: 'month' }, s.a.owner.id));
    expect(embed.description.split('\n')).toEqual([
      // Without fay: Board games loses a present maybe and a rating; the walk a present goer
      // and a rating (4 ratings: no average); the ticket count is not shown at all.
      `**Board games** (${stamp(E1)}): attended 2 of 3 going (67%), 1 no-show, 2 present in all · waitlist: not shown, 1 offers lapsed, 1 still waiting · feedback: 2 ratings (an average of fewer than 5 is not shown)`,
      `**Autumn walk** (${stamp(E2)}): attended 4 of 5 going (80%), 1 no-show, 4 present in all · waitlist: not shown, 0 offers lapsed, 0 still waiting · feedback: 4 ratings (an average of fewer than 5 is not shown)`,
      '**Repeat attendees:** 2 of 4 members who attended came to two events or more',
      expect.stringContaining('leave out members who asked not to be counted'),
    ]);
  });

  it('says so when no event ended in the period', async () => {
    const embed = descriptionOf(await run('events', { period: 'week' }, s.a.owner.id));
    expect(embed.description).toBe('No event ended in this period.');
  });
});
