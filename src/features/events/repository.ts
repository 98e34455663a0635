/**
 * Events' SQL, all of it: events, members' answers (places, tickets, offers, attendance),
 * reminder claims, ratings and reminder preferences. Rows in, domain values out: the reminders
 * column is parsed through its zod schema (never cast). No rules live here (the cap, the queue's
 * order, offer windows, when reminders fall due are the service's); each function takes the
 * database or the caller's transaction, so the service keeps its check-then-change in one
 * IMMEDIATE transaction.
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../core/db/database.js';
import type {
  Database,
  EventRsvpTable,
  EventStatus,
  EventSeriesTable,
  EventTable,
  RsvpStatus,
} from '../../core/db/schema.js';
import { parseJson } from '../../core/json.js';
import { recurrenceSchema, type RecurrenceRule } from './recurrence.js';

type Tx = Transaction<Database>;
/** The database, or the caller's transaction. */
type Conn = Db | Tx;

export interface EventInfo {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string | null;
  readonly title: string;
  readonly description: string;
  readonly location: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly capacity: number | null;
  readonly audienceRoleId: string | null;
  readonly audienceSegmentId: number | null;
  readonly rsvpClosesAt: number;
  readonly offerHours: number;
  /** Minutes before the start, largest first. */
  readonly reminders: readonly number[];
  readonly status: EventStatus;
  /** The Discord scheduled event mirroring it, once made. */
  readonly scheduledEventId: string | null;
  /** A voice or stage channel the event is in, with Discord's entity type (1 stage, 2 voice). */
  readonly voice: { readonly channelId: string; readonly entityType: 1 | 2 } | null;
  /** Bumped by every edit and the cancellation. */
  readonly sequence: number;
  /** The series this event is an occurrence of (null: a one-off event). */
  readonly seriesId: number | null;
  /** The start the series' rule gave it (an edit moves the event, never this). */
  readonly occurrenceAt: number | null;
}

/** An event with what only the rules need: the next ticket of its queue. */
export interface EventRecord extends EventInfo {
  readonly nextTicket: number;
}

/** A member's answer to an event. */
export interface RsvpRecord {
  readonly userId: string;
  readonly status: RsvpStatus;
  readonly seat: number | null;
  readonly ticket: number | null;
  readonly offerExpiresAt: number | null;
  /** 1 checked in (or marked present), 0 a no-show, null not known yet. */
  readonly attended: number | null;
  readonly respondedAt: number;
}

/** Minutes before the start. */
const remindersSchema = z.array(z.number().int().positive());

function toEvent(row: Selectable<EventTable>): EventRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    audienceRoleId: row.audience_role_id,
    audienceSegmentId: row.audience_segment_id,
    rsvpClosesAt: row.rsvp_closes_at,
    offerHours: row.offer_hours,
    reminders: parseJson(remindersSchema, row.reminders, 'events.reminders'),
    status: row.status,
    scheduledEventId: row.scheduled_event_id,
    voice:
      row.voice_channel_id === null
        ? null
        : {
            channelId: row.voice_channel_id,
            entityType: row.voice_entity_type === 1 ? 1 : 2,
          },
    sequence: row.sequence,
    seriesId: row.series_id,
    occurrenceAt: row.occurrence_at,
    nextTicket: row.next_ticket,
  };
}

function toRsvp(row: Selectable<EventRsvpTable>): RsvpRecord {
  return {
    userId: row.user_id,
    status: row.status,
    seat: row.seat,
    ticket: row.ticket,
    offerExpiresAt: row.offer_expires_at,
    attended: row.attended,
    respondedAt: row.responded_at,
  };
}

// ---- events ---------------------------------------------------------------------------------

export async function countOpenEvents(db: Conn, guildId: string): Promise<number> {
  const open = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(open.n);
}

export interface EventRow {
  readonly guildId: string;
  readonly channelId: string;
  readonly title: string;
  readonly description: string;
  readonly location: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly capacity: number | null;
  readonly audienceRoleId: string | null;
  readonly audienceSegmentId: number | null;
  readonly rsvpClosesAt: number;
  readonly offerHours: number;
  readonly reminders: readonly number[];
  readonly voice: EventInfo['voice'];
  readonly createdAt: number;
  /** An occurrence of a series, at the start its rule gave it. */
  readonly series?: { readonly id: number; readonly occurrenceAt: number };
}

function eventValues(e: EventRow) {
  return {
    series_id: e.series?.id ?? null,
    occurrence_at: e.series?.occurrenceAt ?? null,
    guild_id: e.guildId,
    channel_id: e.channelId,
    message_id: null,
    title: e.title,
    description: e.description,
    location: e.location,
    starts_at: e.startsAt,
    ends_at: e.endsAt,
    capacity: e.capacity,
    audience_role_id: e.audienceRoleId,
    audience_segment_id: e.audienceSegmentId,
    rsvp_closes_at: e.rsvpClosesAt,
    offer_hours: e.offerHours,
    reminders: JSON.stringify(e.reminders),
    status: 'open' as const,
    created_at: e.createdAt,
    ended_at: null,
    voice_channel_id: e.voice?.channelId ?? null,
    voice_entity_type: e.voice?.entityType ?? null,
  };
}

/** A new open event, without its message yet. */
export async function insertEvent(db: Conn, e: EventRow): Promise<EventRecord> {
  const row = await db
    .insertInto('events')
    .values(eventValues(e))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(row);
}

/**
 * A series' next occurrence, unless it exists already (the unique series and occurrence start):
 * the new event, or undefined when another process made it first.
 */
export async function insertOccurrence(
  db: Conn,
  e: EventRow & { readonly series: { readonly id: number; readonly occurrenceAt: number } },
): Promise<EventRecord | undefined> {
  const row = await db
    .insertInto('events')
    .values(eventValues(e))
    .onConflict((oc) => oc.columns(['series_id', 'occurrence_at']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toEvent(row);
}

// ---- series ---------------------------------------------------------------------------------

export interface SeriesRecord {
  readonly id: number;
  readonly guildId: string;
  readonly rule: RecurrenceRule;
  readonly zone: string;
  readonly status: 'active' | 'cancelled';
}

function toSeries(row: Selectable<EventSeriesTable>): SeriesRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    rule: parseJson(recurrenceSchema, row.rule, 'events.series.rule'),
    zone: row.zone,
    status: row.status,
  };
}

export async function insertSeries(
  db: Conn,
  s: { guildId: string; rule: RecurrenceRule; zone: string; now: number },
): Promise<SeriesRecord> {
  const row = await db
    .insertInto('event_series')
    .values({
      guild_id: s.guildId,
      rule: JSON.stringify(s.rule),
      zone: s.zone,
      created_at: s.now,
      ended_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSeries(row);
}

export async function seriesById(db: Conn, seriesId: number): Promise<SeriesRecord | undefined> {
  const row = await db
    .selectFrom('event_series')
    .selectAll()
    .where('id', '=', seriesId)
    .executeTakeFirst();
  return row === undefined ? undefined : toSeries(row);
}

/** The guild's series, by id. */
export async function seriesOfGuild(db: Conn, guildId: string): Promise<Map<number, SeriesRecord>> {
  const rows = await db
    .selectFrom('event_series')
    .selectAll()
    .where('guild_id', '=', guildId)
    .execute();
  return new Map(rows.map((r) => [r.id, toSeries(r)]));
}

/** Stops an active series; whether it was active. */
export async function stopSeries(db: Conn, seriesId: number, now: number): Promise<boolean> {
  const changed = await db
    .updateTable('event_series')
    .set({ status: 'cancelled', ended_at: now })
    .where('id', '=', seriesId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return changed.numUpdatedRows > 0n;
}

/** The latest occurrence of every active series (in every guild). */
export async function latestOccurrences(db: Conn): Promise<EventRecord[]> {
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('event_series as s', 's.id', 'e.series_id')
    .selectAll('e')
    .where('s.status', '=', 'active')
    .where((eb) =>
      eb(
        'e.occurrence_at',
        '=',
        eb
          .selectFrom('events as l')
          .select((l) => l.fn.max('l.occurrence_at').as('m'))
          .whereRef('l.series_id', '=', 'e.series_id'),
      ),
    )
    .execute();
  return rows.map(toEvent);
}

/** The open occurrences of a series that have not started by `now`. */
export async function upcomingOccurrences(
  db: Conn,
  seriesId: number,
  now: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('events')
    .select('id')
    .where('series_id', '=', seriesId)
    .where('status', '=', 'open')
    .where('starts_at', '>', now)
    .execute();
  return rows.map((r) => r.id);
}

export async function findEvent(
  db: Conn,
  guildId: string,
  eventId: number,
): Promise<EventRecord | undefined> {
  const row = await db
    .selectFrom('events')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', eventId)
    .executeTakeFirst();
  return row === undefined ? undefined : toEvent(row);
}

/** An event known to exist (by id alone: the caller already checked its guild). */
export async function eventById(db: Conn, eventId: number): Promise<EventRecord> {
  return toEvent(
    await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow(),
  );
}

/** The guild's most recent events, newest first. */
export async function latestEvents(
  db: Conn,
  guildId: string,
  limit: number,
): Promise<EventRecord[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

export async function setEventMessage(db: Conn, eventId: number, messageId: string): Promise<void> {
  await db.updateTable('events').set({ message_id: messageId }).where('id', '=', eventId).execute();
}

/** The event's next free ticket becomes `next`. */
export async function setNextTicket(db: Conn, eventId: number, next: number): Promise<void> {
  await db.updateTable('events').set({ next_ticket: next }).where('id', '=', eventId).execute();
}

/** Changes an event's wording, cap and times. */
export async function updateEvent(
  db: Conn,
  eventId: number,
  change: {
    readonly title?: string;
    readonly description?: string;
    readonly location?: string;
    readonly capacity?: number | null;
    /** A channel sets it; null takes the event out of its channel. */
    readonly voice?: EventInfo['voice'];
    readonly startsAt: number;
    readonly endsAt: number;
    readonly rsvpClosesAt: number;
  },
): Promise<void> {
  await db
    .updateTable('events')
    .set((eb) => ({
      sequence: eb('sequence', '+', 1),
      ...(change.voice === undefined
        ? {}
        : {
            voice_channel_id: change.voice?.channelId ?? null,
            voice_entity_type: change.voice?.entityType ?? null,
          }),
      ...(change.title === undefined ? {} : { title: change.title }),
      ...(change.description === undefined ? {} : { description: change.description }),
      ...(change.location === undefined ? {} : { location: change.location }),
      ...(change.capacity === undefined ? {} : { capacity: change.capacity }),
      starts_at: change.startsAt,
      ends_at: change.endsAt,
      rsvp_closes_at: change.rsvpClosesAt,
    }))
    .where('id', '=', eventId)
    .execute();
}

/** The event's calendar revision goes up (a cancellation). */
export async function bumpSequence(db: Conn, eventId: number): Promise<void> {
  await db
    .updateTable('events')
    .set((eb) => ({ sequence: eb('sequence', '+', 1) }))
    .where('id', '=', eventId)
    .execute();
}

/** The Discord scheduled event mirroring the event (null: there is none). */
export async function setScheduledEventId(
  db: Conn,
  eventId: number,
  scheduledEventId: string | null,
): Promise<void> {
  await db
    .updateTable('events')
    .set({ scheduled_event_id: scheduledEventId })
    .where('id', '=', eventId)
    .execute();
}

/** Open events of a guild that start after `now` and have no mirror yet. */
export async function unmirroredEvents(
  db: Conn,
  guildId: string,
  now: number,
): Promise<{ id: number }[]> {
  return db
    .selectFrom('events')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('status', '=', 'open')
    .where('starts_at', '>', now)
    .where('scheduled_event_id', 'is', null)
    .where('message_id', 'is not', null)
    .execute();
}

// ---- mirroring paused -----------------------------------------------------------------------

export async function mirrorPause(
  db: Conn,
  guildId: string,
): Promise<{ reason: string; pausedAt: number } | undefined> {
  const row = await db
    .selectFrom('event_mirror_pauses')
    .select(['reason', 'paused_at'])
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row === undefined ? undefined : { reason: row.reason, pausedAt: row.paused_at };
}

export async function insertMirrorPause(
  db: Conn,
  guildId: string,
  reason: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('event_mirror_pauses')
    .values({ guild_id: guildId, reason, paused_at: now })
    .onConflict((oc) => oc.column('guild_id').doNothing())
    .execute();
}

/** Lifts the pause; whether there was one. */
export async function deleteMirrorPause(db: Conn, guildId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('event_mirror_pauses')
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Ends an open event as `status` (cancelled or ended) at `now`, scoped by guild when one is
 * given; the event, or undefined when it was not open.
 */
export async function closeOpenEvent(
  db: Conn,
  eventId: number,
  status: 'cancelled' | 'ended',
  now: number,
  guildId?: string,
): Promise<EventRecord | undefined> {
  const row = await db
    .updateTable('events')
    .set({ status, ended_at: now })
    .$if(guildId !== undefined, (q) => q.where('guild_id', '=', guildId!))
    .where('id', '=', eventId)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toEvent(row);
}

/** Open events that have not started by `now`, in every guild. */
export async function upcomingEvents(db: Conn, now: number): Promise<EventRecord[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('status', '=', 'open')
    .where('starts_at', '>', now)
    .execute();
  return rows.map(toEvent);
}

/** Open events whose end is at or before `now`, in every guild. */
export async function eventsEndedBy(
  db: Conn,
  now: number,
): Promise<{ id: number; guildId: string }[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'guild_id'])
    .where('status', '=', 'open')
    .where('ends_at', '<=', now)
    .execute();
  return rows.map((r) => ({ id: r.id, guildId: r.guild_id }));
}

/**
 * Marks the event message stale and takes the next render number, unless a render is already
 * pending: what the render's outbox row needs, or undefined.
 */
export async function markRenderPending(
  db: Conn,
  eventId: number,
): Promise<{ guildId: string; channelId: string; renderSeq: number } | undefined> {
  const row = await db
    .updateTable('events')
    .set((eb) => ({ render_pending: 1, render_seq: eb('render_seq', '+', 1) }))
    .where('id', '=', eventId)
    .where('render_pending', '=', 0)
    .returning(['guild_id', 'channel_id', 'render_seq'])
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { guildId: row.guild_id, channelId: row.channel_id, renderSeq: row.render_seq };
}

export async function clearRenderPending(db: Conn, eventId: number): Promise<void> {
  await db.updateTable('events').set({ render_pending: 0 }).where('id', '=', eventId).execute();
}

/** Titles and starts of some of a guild's events, by id. */
export async function eventHeadings(
  db: Conn,
  guildId: string,
  eventIds: readonly number[],
): Promise<Map<number, { title: string; startsAt: number }>> {
  const events = await db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at'])
    .where('guild_id', '=', guildId)
    .where('id', 'in', [...eventIds, -1])
    .execute();
  return new Map(events.map((e) => [e.id, { title: e.title, startsAt: e.starts_at }]));
}

// ---- answers, places and the queue ----------------------------------------------------------

/** How many answers of each status and attendance. */
export async function rsvpTallies(
  db: Conn,
  eventId: number,
): Promise<{ status: RsvpStatus; attended: number | null; n: number }[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select(['status', 'attended', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy(['status', 'attended'])
    .execute();
  return rows.map((r) => ({ status: r.status, attended: r.attended, n: Number(r.n) }));
}

export async function findRsvp(
  db: Conn,
  eventId: number,
  userId: string,
): Promise<RsvpRecord | undefined> {
  const row = await db
    .selectFrom('event_rsvps')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined ? undefined : toRsvp(row);
}

export async function rsvpsOf(db: Conn, eventId: number): Promise<RsvpRecord[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .selectAll()
    .where('event_id', '=', eventId)
    .execute();
  return rows.map(toRsvp);
}

/** The places held, lowest first. */
export async function heldSeats(db: Conn, eventId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select('seat')
    .where('event_id', '=', eventId)
    .where('seat', 'is not', null)
    .orderBy('seat')
    .execute();
  return rows.flatMap((r) => (r.seat === null ? [] : [r.seat]));
}

/** How many are waiting (with a ticket at or below `upTo`, when given). */
export async function countWaiting(db: Conn, eventId: number, upTo?: number): Promise<number> {
  const row = await db
    .selectFrom('event_rsvps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .$if(upTo !== undefined, (q) => q.where('ticket', '<=', upTo!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first person waiting, by ticket. */
export async function firstWaiting(
  db: Conn,
  eventId: number,
): Promise<{ userId: string; ticket: number | null } | undefined> {
  const first = await db
    .selectFrom('event_rsvps')
    .select(['user_id', 'ticket'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .orderBy('ticket')
    .limit(1)
    .executeTakeFirst();
  return first === undefined ? undefined : { userId: first.user_id, ticket: first.ticket };
}

export interface RsvpValues {
  readonly status: RsvpStatus;
  readonly seat: number | null;
  readonly ticket: number | null;
  readonly offerExpiresAt: number | null;
}

/**
 * Writes a member's answer (creating it or replacing the earlier one). `answered`: it is the
 * member's own answer, so its time is the answer's time (an organiser's change keeps theirs).
 */
export async function upsertRsvp(
  db: Conn,
  event: { readonly id: number; readonly guildId: string },
  userId: string,
  values: RsvpValues,
  now: number,
  answered: boolean,
): Promise<void> {
  const update = {
    status: values.status,
    seat: values.seat,
    ticket: values.ticket,
    offer_expires_at: values.offerExpiresAt,
    updated_at: now,
    ...(answered ? { responded_at: now } : {}),
  };
  await db
    .insertInto('event_rsvps')
    .values({
      event_id: event.id,
      guild_id: event.guildId,
      user_id: userId,
      attended: null,
      checked_in_at: null,
      responded_at: now,
      ...update,
    })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet(update))
    .execute();
}

/**
 * Gives a waiting member a place (offered until `expiresAt`, or taken when null), if they still
 * wait with that ticket; whether it did.
 */
export async function promoteWaiting(
  db: Conn,
  p: {
    eventId: number;
    userId: string;
    ticket: number | null;
    seat: number;
    expiresAt: number | null;
    now: number;
  },
): Promise<boolean> {
  const changed = await db
    .updateTable('event_rsvps')
    .set({
      status: p.expiresAt === null ? 'going' : 'offered',
      seat: p.seat,
      ticket: null,
      offer_expires_at: p.expiresAt,
      updated_at: p.now,
    })
    .where('event_id', '=', p.eventId)
    .where('user_id', '=', p.userId)
    .where('status', '=', 'waiting')
    .where('ticket', '=', p.ticket)
    .executeTakeFirst();
  return changed.numUpdatedRows > 0n;
}

/** Offers whose deadline is at or before `now`: of one event, or of every event. */
export async function offersDueBy(
  db: Conn,
  now: number,
  eventId?: number,
): Promise<
  {
    eventId: number;
    userId: string;
    offerExpiresAt: number | null;
    guildId: string;
    channelId: string;
  }[]
> {
  const rows = await db
    .selectFrom('event_rsvps as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.event_id', 'r.user_id', 'r.offer_expires_at', 'e.guild_id', 'e.channel_id'])
    .where('r.status', '=', 'offered')
    .where('r.offer_expires_at', '<=', now)
    .$if(eventId !== undefined, (q) => q.where('r.event_id', '=', eventId!))
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    userId: r.user_id,
    offerExpiresAt: r.offer_expires_at,
    guildId: r.guild_id,
    channelId: r.channel_id,
  }));
}

/** A member's offer lapses, if it still stands; whether it did. */
export async function lapseOffer(
  db: Conn,
  eventId: number,
  userId: string,
  now: number,
): Promise<boolean> {
  const changed = await db
    .updateTable('event_rsvps')
    .set({ status: 'expired', seat: null, offer_expires_at: null, updated_at: now })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .where('status', '=', 'offered')
    .executeTakeFirst();
  return changed.numUpdatedRows > 0n;
}

/** Every offer of the event lapses. */
export async function lapseAllOffers(db: Conn, eventId: number, now: number): Promise<void> {
  await db
    .updateTable('event_rsvps')
    .set({ status: 'expired', seat: null, offer_expires_at: null, updated_at: now })
    .where('event_id', '=', eventId)
    .where('status', '=', 'offered')
    .execute();
}

/** Members holding, offered or waiting for a place. */
export async function peopleWithPlaces(db: Conn, eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select('user_id')
    .where('event_id', '=', eventId)
    .where('status', 'in', ['going', 'offered', 'waiting'])
    .execute();
  return rows.map((r) => r.user_id);
}

/** Forgets a member's attendance (checked in, then "can't go"). */
export async function clearAttendance(db: Conn, eventId: number, userId: string): Promise<void> {
  await db
    .updateTable('event_rsvps')
    .set({ attended: null, checked_in_at: null })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .execute();
}

export async function markCheckedIn(
  db: Conn,
  eventId: number,
  userId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('event_rsvps')
    .set({ attended: 1, checked_in_at: now, updated_at: now })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setAttended(
  db: Conn,
  eventId: number,
  userId: string,
  present: boolean,
  now: number,
): Promise<void> {
  await db
    .updateTable('event_rsvps')
    .set({ attended: present ? 1 : 0, updated_at: now })
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .execute();
}

/** Going members whose attendance is not known count as no-shows. */
export async function markNoShows(db: Conn, eventId: number, now: number): Promise<void> {
  await db
    .updateTable('event_rsvps')
    .set({ attended: 0, updated_at: now })
    .where('event_id', '=', eventId)
    .where('status', '=', 'going')
    .where('attended', 'is', null)
    .execute();
}

export async function attendeeIds(db: Conn, eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select('user_id')
    .where('event_id', '=', eventId)
    .where('attended', '=', 1)
    .execute();
  return rows.map((r) => r.user_id);
}

/** Going members who did not turn reminders off. */
export async function goingWithReminders(db: Conn, eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('event_rsvps as r')
    .leftJoin('event_member_prefs as p', (j) =>
      j.onRef('p.guild_id', '=', 'r.guild_id').onRef('p.user_id', '=', 'r.user_id'),
    )
    .select('r.user_id')
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'going')
    .where((eb) => eb.or([eb('p.reminders', 'is', null), eb('p.reminders', '=', 1)]))
    .execute();
  return rows.map((r) => r.user_id);
}

/** The open events of a guild in which the member holds a place. */
export async function openEventsWithSeatOf(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('event_rsvps as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select('r.event_id')
    .where('r.guild_id', '=', guildId)
    .where('r.user_id', '=', userId)
    .where('r.seat', 'is not', null)
    .where('e.status', '=', 'open')
    .execute();
  return rows.map((r) => r.event_id);
}

export async function deleteRsvpsOf(db: Conn, guildId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('event_rsvps')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

// ---- reminders ------------------------------------------------------------------------------

/** The reminders (minutes before) of the event already claimed. */
export async function claimedReminders(db: Conn, eventId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('event_reminders')
    .select('minutes_before')
    .where('event_id', '=', eventId)
    .execute();
  return new Set(rows.map((r) => r.minutes_before));
}

export async function claimReminder(
  db: Conn,
  c: { eventId: number; minutesBefore: number; outcome: 'sent' | 'skipped'; now: number },
): Promise<void> {
  await db
    .insertInto('event_reminders')
    .values({
      event_id: c.eventId,
      minutes_before: c.minutesBefore,
      outcome: c.outcome,
      claimed_at: c.now,
    })
    .execute();
}

/** Forgets the claims of some reminders, so they are claimed (and sent) again. */
export async function unclaimReminders(
  db: Conn,
  eventId: number,
  minutesBefore: readonly number[],
): Promise<void> {
  await db
    .deleteFrom('event_reminders')
    .where('event_id', '=', eventId)
    .where('minutes_before', 'in', minutesBefore)
    .execute();
}

/** A member's choice about reminders in a guild: undefined when they never made one. */
export async function reminderPref(
  db: Conn,
  guildId: string,
  userId: string,
): Promise<boolean | undefined> {
  const row = await db
    .selectFrom('event_member_prefs')
    .select('reminders')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined ? undefined : row.reminders === 1;
}

export async function setReminderPref(
  db: Conn,
  guildId: string,
  userId: string,
  on: boolean,
  now: number,
): Promise<void> {
  await db
    .insertInto('event_member_prefs')
    .values({ guild_id: guildId, user_id: userId, reminders: on ? 1 : 0, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'user_id']).doUpdateSet({ reminders: on ? 1 : 0, updated_at: now }),
    )
    .execute();
}

// ---- ratings --------------------------------------------------------------------------------

export async function findRating(
  db: Conn,
  eventId: number,
  userId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('event_feedback')
    .select('rating')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.rating;
}

/** A member's rating, replacing their earlier one. */
export async function saveRating(
  db: Conn,
  r: { eventId: number; guildId: string; userId: string; rating: number; now: number },
): Promise<void> {
  await db
    .insertInto('event_feedback')
    .values({
      event_id: r.eventId,
      guild_id: r.guildId,
      user_id: r.userId,
      rating: r.rating,
      at: r.now,
    })
    .onConflict((oc) =>
      oc.columns(['event_id', 'user_id']).doUpdateSet({ rating: r.rating, at: r.now }),
    )
    .execute();
}

export async function ratingSummary(
  db: Conn,
  eventId: number,
): Promise<{ count: number; average: number | null }> {
  const row = await db
    .selectFrom('event_feedback')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('rating').as('avg')])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), average: row.avg === null ? null : Number(row.avg) };
}

/** What `/insights events` reads of one ended event. */
export interface EventForFigures {
  readonly id: number;
  readonly title: string;
  readonly startsAt: number;
  readonly capacity: number | null;
  /** Tickets handed out: how many joined the waitlist, ever (tickets only grow). */
  readonly ticketsIssued: number;
  readonly answers: readonly { userId: string; status: RsvpStatus; attended: number | null }[];
  readonly ratings: readonly { userId: string; rating: number }[];
}

/** Ended events of a server starting in [from, to), oldest first, with answers and ratings. */
export async function endedEventsBetween(
  db: Conn,
  guildId: string,
  from: number,
  to: number,
): Promise<EventForFigures[]> {
  const events = await db
    .selectFrom('events')
    .select(['id', 'title', 'starts_at', 'capacity', 'next_ticket'])
    .where('guild_id', '=', guildId)
    .where('status', '=', 'ended')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  if (events.length === 0) return [];
  const ids = events.map((e) => e.id);
  const answers = await db
    .selectFrom('event_rsvps')
    .select(['event_id', 'user_id', 'status', 'attended'])
    .where('event_id', 'in', ids)
    .execute();
  const ratings = await db
    .selectFrom('event_feedback')
    .select(['event_id', 'user_id', 'rating'])
    .where('event_id', 'in', ids)
    .execute();
  return events.map((e) => ({
    id: e.id,
    title: e.title,
    startsAt: e.starts_at,
    capacity: e.capacity,
    ticketsIssued: e.next_ticket - 1,
    answers: answers
      .filter((a) => a.event_id === e.id)
      .map((a) => ({ userId: a.user_id, status: a.status, attended: a.attended })),
    ratings: ratings
      .filter((r) => r.event_id === e.id)
      .map((r) => ({ userId: r.user_id, rating: r.rating })),
  }));
}
