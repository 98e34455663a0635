/**
 * Events: Going / Maybe / Can't go, an optional cap with a first-come, first-served waitlist,
 * timed offers of freed places, reminders, attendance and feedback. The database is the source of
 * truth: a place is a seat number unique per event, a place in the queue is a ticket unique per
 * event, and every check-then-change (an RSVP against the cap, a promotion when someone leaves, an
 * offer that expires) is one IMMEDIATE transaction. No Discord here: what members must be told is
 * enqueued in the outbox in the transaction of the decision that needs it.
 */
import type { Selectable, Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type {
  Database,
  EventRsvpTable,
  EventStatus,
  EventTable,
  RsvpStatus,
} from '../../core/db/schema.js';
import { enqueue, newDecision } from '../../core/outbox/store.js';
import {
  eventPostEffect,
  eventRenderEffect,
  eventTellEffect,
  type TellPurpose,
} from './effects.js';

type Tx = Transaction<Database>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LIMITS = {
  /** Open events per server at once. */
  open: 25,
  title: 100,
  description: 1000,
  location: 200,
  capacity: 1000,
  durationMinutes: { min: 5, max: 7 * 24 * 60 },
  offerHours: 72,
  reminders: 3,
  /** Reminders from 5 minutes to 14 days before. */
  reminderMinutes: { min: 5, max: 14 * 24 * 60 },
} as const;

/** Members may check in from this long before the start until the end. */
export const CHECK_IN_EARLY_MS = 15 * MINUTE;
/** An offer shorter than this is no offer: the place is given at once. */
const MIN_OFFER_MS = 15 * MINUTE;

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
}

function toEvent(row: Selectable<EventTable>): EventInfo {
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
    reminders: JSON.parse(row.reminders) as number[],
    status: row.status,
  };
}

export interface NewEvent {
  readonly channelId: string;
  readonly title: string;
  readonly description?: string;
  readonly location?: string;
  readonly startsAt: number;
  readonly durationMinutes: number;
  readonly capacity: number | null;
  readonly audienceRoleId?: string | null;
  /** A segment of this server (checked by the caller): only its members may answer. */
  readonly audienceSegmentId?: number | null;
  /** Null: answers close at the start. */
  readonly rsvpClosesAt?: number | null;
  readonly offerHours?: number;
  /** Minutes before the start; 24 h and 1 h by default. */
  readonly reminders?: readonly number[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function checkTitle(title: string): string {
  const clean = oneLine(title);
  if (clean.length === 0 || clean.length > LIMITS.title)
    throw new UserError('events.titleLength', { max: LIMITS.title });
  return clean;
}

function checkText(
  text: string,
  max: number,
  key: 'events.descriptionLong' | 'events.locationLong',
) {
  const clean = text.trim();
  if (clean.length > max) throw new UserError(key, { max });
  return clean;
}

function checkCapacity(capacity: number | null): number | null {
  if (capacity === null) return null;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > LIMITS.capacity)
    throw new UserError('events.capacityRange', { max: LIMITS.capacity });
  return capacity;
}

function checkDuration(minutes: number): number {
  const { min, max } = LIMITS.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max)
    throw new UserError('events.durationRange', { min, max: max / 60 });
  return minutes;
}

function checkReminders(reminders: readonly number[]): number[] {
  const { min, max } = LIMITS.reminderMinutes;
  const unique = [...new Set(reminders)].sort((a, b) => b - a);
  if (
    unique.length > LIMITS.reminders ||
    unique.some((m) => !Number.isInteger(m) || m < min || m > max)
  )
    throw new UserError('events.remindersRange', { max: LIMITS.reminders });
  return unique;
}

/** Parses "24h, 1h, 30m" (or "none") into minutes before the start. */
export function parseReminders(text: string): number[] {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'none' || trimmed === 'nessuno') return [];
  return trimmed.split(/[\s,;]+/).map((part) => {
    const match = /^(\d{1,5})\s*(m|min|h|d|g)?$/.exec(part);
    if (match === null) throw new UserError('events.remindersFormat');
    const n = Number(match[1]);
    const unit = match[2] ?? 'h';
    return unit === 'd' || unit === 'g' ? n * 24 * 60 : unit === 'h' ? n * 60 : n;
  });
}

/**
 * Creates an event and, in the same transaction, the outbox row that posts it: an event never
 * exists without its post. Returns the event with the row's id, to wait for the post.
 */
export async function createEvent(
  db: Db,
  guildId: string,
  input: NewEvent,
  now: number,
): Promise<EventInfo & { readonly effectId: number }> {
  const title = checkTitle(input.title);
  const description = checkText(
    input.description ?? '',
    LIMITS.description,
    'events.descriptionLong',
  );
  const location = checkText(input.location ?? '', LIMITS.location, 'events.locationLong');
  if (!Number.isFinite(input.startsAt) || input.startsAt <= now)
    throw new UserError('events.startInPast');
  const duration = checkDuration(input.durationMinutes);
  const capacity = checkCapacity(input.capacity);
  const rsvpClosesAt = input.rsvpClosesAt ?? input.startsAt;
  if (rsvpClosesAt <= now || rsvpClosesAt > input.startsAt)
    throw new UserError('events.rsvpClosesRange');
  const offerHours = input.offerHours ?? 12;
  if (!Number.isInteger(offerHours) || offerHours < 0 || offerHours > LIMITS.offerHours)
    throw new UserError('events.offerHoursRange', { max: LIMITS.offerHours });
  const reminders = checkReminders(input.reminders ?? [24 * 60, 60]);
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('guild_id', '=', guildId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    if (Number(open.n) >= LIMITS.open) throw new UserError('events.tooMany', { max: LIMITS.open });
    const row = await trx
      .insertInto('events')
      .values({
        guild_id: guildId,
        channel_id: input.channelId,
        message_id: null,
        title,
        description,
        location,
        starts_at: input.startsAt,
        ends_at: input.startsAt + duration * MINUTE,
        capacity,
        audience_role_id: input.audienceRoleId ?? null,
        audience_segment_id: input.audienceSegmentId ?? null,
        rsvp_closes_at: rsvpClosesAt,
        offer_hours: offerHours,
        reminders: JSON.stringify(reminders),
        status: 'open',
        created_at: now,
        ended_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { id } = await enqueue(
      trx,
      eventPostEffect,
      { guildId, key: String(row.id), payload: { event: row.id }, channelId: row.channel_id },
      now,
    );
    return { ...toEvent(row), effectId: id };
  });
}

async function eventRow(db: Db | Tx, guildId: string, eventId: number) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', eventId)
    .executeTakeFirst();
}

/** The event, looked up in the guild Discord named: another server's id is "no such event". */
export async function eventOf(db: Db | Tx, guildId: string, eventId: number): Promise<EventInfo> {
  const row = await eventRow(db, guildId, eventId);
  if (row === undefined) throw new UserError('events.unknown');
  return toEvent(row);
}

/** Open events first (soonest first), then the latest past ones: 25 at most. */
export async function listEvents(db: Db, guildId: string): Promise<EventInfo[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  const events = rows.map(toEvent);
  const open = events.filter((e) => e.status === 'open').sort((a, b) => a.startsAt - b.startsAt);
  return [...open, ...events.filter((e) => e.status !== 'open')].slice(0, 25);
}

export async function attachMessage(db: Db, eventId: number, messageId: string): Promise<void> {
  await db.updateTable('events').set({ message_id: messageId }).where('id', '=', eventId).execute();
}

export interface EventCounts {
  readonly going: number;
  readonly offered: number;
  readonly waiting: number;
  readonly maybe: number;
  readonly declined: number;
  readonly attended: number;
  readonly noShows: number;
}

export async function countsOf(db: Db | Tx, eventId: number): Promise<EventCounts> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select(['status', 'attended', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy(['status', 'attended'])
    .execute();
  const by = (status: RsvpStatus) =>
    rows.filter((r) => r.status === status).reduce((sum, r) => sum + Number(r.n), 0);
  return {
    going: by('going'),
    offered: by('offered'),
    waiting: by('waiting'),
    maybe: by('maybe'),
    declined: by('declined'),
    attended: rows.filter((r) => r.attended === 1).reduce((sum, r) => sum + Number(r.n), 0),
    noShows: rows.filter((r) => r.attended === 0).reduce((sum, r) => sum + Number(r.n), 0),
  };
}

// ------------------------------------------------------------------ places and the queue

async function rsvpRow(trx: Db | Tx, eventId: number, userId: string) {
  return trx
    .selectFrom('event_rsvps')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * The lowest free place, or undefined when the event is full. Places are numbered 1..capacity;
 * after the capacity is lowered, places above it stay held (nobody is removed), and a freed one
 * is not given again while the count is at or above the new capacity.
 */
async function freeSeat(trx: Tx, event: Selectable<EventTable>): Promise<number | undefined> {
  const held = (
    await trx
      .selectFrom('event_rsvps')
      .select('seat')
      .where('event_id', '=', event.id)
      .where('seat', 'is not', null)
      .orderBy('seat')
      .execute()
  ).map((r) => r.seat!);
  if (event.capacity === null) return (held.at(-1) ?? 0) + 1;
  if (held.length >= event.capacity) return undefined;
  let seat = 1;
  for (const taken of held) {
    if (taken > seat) break;
    if (taken === seat) seat++;
  }
  return seat;
}

async function queueLength(trx: Tx, eventId: number): Promise<number> {
  const row = await trx
    .selectFrom('event_rsvps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A member's place in the queue, 1 for first. */
async function positionOf(trx: Db | Tx, eventId: number, ticket: number): Promise<number> {
  const row = await trx
    .selectFrom('event_rsvps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .where('ticket', '<=', ticket)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type RsvpValues = Pick<EventRsvpTable, 'status' | 'seat' | 'ticket' | 'offer_expires_at'>;

async function writeRsvp(
  trx: Tx,
  event: Pick<EventTable, 'guild_id'> & { id: number },
  userId: string,
  values: RsvpValues,
  now: number,
  { answered = true }: { answered?: boolean } = {},
): Promise<void> {
  const update = { ...values, updated_at: now, ...(answered ? { responded_at: now } : {}) };
  await trx
    .insertInto('event_rsvps')
    .values({
      event_id: event.id,
      guild_id: event.guild_id,
      user_id: userId,
      attended: null,
      checked_in_at: null,
      responded_at: now,
      ...update,
    })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet(update))
    .execute();
}

async function tell(
  trx: Tx,
  event: Pick<EventTable, 'guild_id' | 'channel_id'> & { id: number },
  userId: string,
  purpose: TellPurpose,
  key: string,
  now: number,
  at?: number,
): Promise<void> {
  await enqueue(
    trx,
    eventTellEffect,
    {
      guildId: event.guild_id,
      key: `${event.id}:${userId}:${key}`,
      payload: { event: event.id, user: userId, purpose, ...(at === undefined ? {} : { at }) },
      subjectId: userId,
      channelId: `user:${userId}`,
    },
    now,
  );
}

/** The event message shows stale counts: one edit is queued, unless one already is. */
async function requestRender(trx: Tx, eventId: number, now: number): Promise<void> {
  const row = await trx
    .updateTable('events')
    .set((eb) => ({ render_pending: 1, render_seq: eb('render_seq', '+', 1) }))
    .where('id', '=', eventId)
    .where('render_pending', '=', 0)
    .returning(['guild_id', 'channel_id', 'render_seq'])
    .executeTakeFirst();
  if (row === undefined) return;
  await enqueue(
    trx,
    eventRenderEffect,
    {
      guildId: row.guild_id,
      key: `${eventId}:${row.render_seq}`,
      payload: { event: eventId },
      channelId: row.channel_id,
    },
    now,
  );
}

/** The render about to run: later changes queue the next one. */
export async function renderStarted(db: Db, eventId: number): Promise<void> {
  await db.updateTable('events').set({ render_pending: 0 }).where('id', '=', eventId).execute();
}

/** How long a freed place stays offered: the organiser's hours, at most half the time left. */
function offerWindow(event: Selectable<EventTable>, now: number): number {
  const window = Math.min(event.offer_hours * HOUR, Math.floor((event.starts_at - now) / 2));
  return window < MIN_OFFER_MS ? 0 : window;
}

export interface Promotion {
  readonly userId: string;
  readonly kind: 'admitted' | 'offered';
  readonly seat: number;
  readonly expiresAt?: number;
}

/**
 * Gives free places to the first people waiting, in ticket order, each once: the update only
 * matches a row still waiting with that ticket, and its message is keyed by the ticket.
 */
async function promote(trx: Tx, eventId: number, now: number): Promise<Promotion[]> {
  const promoted: Promotion[] = [];
  for (;;) {
    const event = await trx
      .selectFrom('events')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    if (event.status !== 'open' || now >= event.starts_at) break;
    const first = await trx
      .selectFrom('event_rsvps')
      .select(['user_id', 'ticket'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'waiting')
      .orderBy('ticket')
      .limit(1)
      .executeTakeFirst();
    if (first === undefined) break;
    const seat = await freeSeat(trx, event);
    if (seat === undefined) break;
    const window = offerWindow(event, now);
    const expiresAt = window === 0 ? null : now + window;
    const changed = await trx
      .updateTable('event_rsvps')
      .set({
        status: expiresAt === null ? 'going' : 'offered',
        seat,
        ticket: null,
        offer_expires_at: expiresAt,
        updated_at: now,
      })
      .where('event_id', '=', eventId)
      .where('user_id', '=', first.user_id)
      .where('status', '=', 'waiting')
      .where('ticket', '=', first.ticket)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) break;
    const key = `t${first.ticket}`;
    if (expiresAt === null) {
      await tell(trx, event, first.user_id, 'admitted', key, now);
      promoted.push({ userId: first.user_id, kind: 'admitted', seat });
    } else {
      await tell(trx, event, first.user_id, 'offered', key, now, expiresAt);
      promoted.push({ userId: first.user_id, kind: 'offered', seat, expiresAt });
    }
  }
  return promoted;
}

export type RsvpChoice = 'going' | 'maybe' | 'declined';

export type RsvpResult =
  | { readonly outcome: 'going'; readonly seat: number; readonly accepted: boolean }
  | { readonly outcome: 'waiting'; readonly position: number }
  | { readonly outcome: 'maybe' | 'declined'; readonly promoted: readonly Promotion[] }
  | { readonly outcome: 'unchanged'; readonly status: RsvpStatus; readonly position?: number };

function checkAnswering(
  event: Selectable<EventTable> | undefined,
  now: number,
  { offered }: { offered: boolean },
) {
  if (event === undefined) throw new UserError('events.unknown');
  if (event.status === 'cancelled') throw new UserError('events.isCancelled');
  if (event.status !== 'open' || now >= event.starts_at) throw new UserError('events.isOver');
  // A place offered stays answerable until its deadline, even once answers have closed.
  if (!offered && now >= event.rsvp_closes_at) throw new UserError('events.rsvpClosed');
  return event;
}

/**
 * A member answers Going, Maybe or Can't go, in one transaction. Going takes the lowest free place
 * when nobody is waiting (the queue goes first), or a ticket at the end of the queue; Going on an
 * offered place takes it. Leaving a place gives it to the first person waiting.
 */
export async function rsvp(
  db: Db,
  {
    guildId,
    eventId,
    userId,
    choice,
    now,
  }: { guildId: string; eventId: number; userId: string; choice: RsvpChoice; now: number },
): Promise<RsvpResult> {
  return db.transaction().execute(async (trx) => {
    // An offer past its deadline is gone, whether or not the minute job has seen it yet.
    if ((await eventRow(trx, guildId, eventId)) !== undefined) await lapseOffers(trx, now, eventId);
    const current = await rsvpRow(trx, eventId, userId);
    const event = checkAnswering(await eventRow(trx, guildId, eventId), now, {
      offered: current?.status === 'offered',
    });
    let result: RsvpResult;
    if (choice === 'going') {
      if (current?.status === 'going' && current.seat !== null)
        return { outcome: 'unchanged', status: 'going' } as const;
      if (current?.status === 'waiting' && current.ticket !== null)
        return {
          outcome: 'unchanged',
          status: 'waiting',
          position: await positionOf(trx, eventId, current.ticket),
        } as const;
      if (current?.status === 'offered' && current.seat !== null) {
        await writeRsvp(
          trx,
          event,
          userId,
          { status: 'going', seat: current.seat, ticket: null, offer_expires_at: null },
          now,
        );
        result = { outcome: 'going', seat: current.seat, accepted: true };
      } else {
        const seat = (await queueLength(trx, eventId)) > 0 ? undefined : await freeSeat(trx, event);
        if (seat !== undefined) {
          await writeRsvp(
            trx,
            event,
            userId,
            { status: 'going', seat, ticket: null, offer_expires_at: null },
            now,
          );
          result = { outcome: 'going', seat, accepted: false };
        } else {
          const ticket = event.next_ticket;
          await trx
            .updateTable('events')
            .set({ next_ticket: ticket + 1 })
            .where('id', '=', eventId)
            .execute();
          await writeRsvp(
            trx,
            event,
            userId,
            { status: 'waiting', seat: null, ticket, offer_expires_at: null },
            now,
          );
          result = { outcome: 'waiting', position: await positionOf(trx, eventId, ticket) };
        }
      }
    } else {
      if (current?.status === choice) return { outcome: 'unchanged', status: choice } as const;
      const held = current?.seat !== null && current?.seat !== undefined;
      await writeRsvp(
        trx,
        event,
        userId,
        { status: choice, seat: null, ticket: null, offer_expires_at: null },
        now,
      );
      // Checked in, then "can't go" before the start: not an attendee (no feedback, no rating).
      if (current?.attended !== null && current?.attended !== undefined)
        await trx
          .updateTable('event_rsvps')
          .set({ attended: null, checked_in_at: null })
          .where('event_id', '=', eventId)
          .where('user_id', '=', userId)
          .execute();
      result = { outcome: choice, promoted: held ? await promote(trx, eventId, now) : [] };
    }
    await requestRender(trx, eventId, now);
    return result;
  });
}

/**
 * Offers past their deadline lapse (the member is told once) and their places pass to the next
 * person waiting: of one event, or of every event when `eventId` is undefined. Run by the minute
 * job, and first thing in every decision on an event, so a deadline holds even when the job is late.
 */
async function lapseOffers(trx: Tx, now: number, eventId?: number): Promise<number> {
  const due = await trx
    .selectFrom('event_rsvps as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.event_id', 'r.user_id', 'r.offer_expires_at', 'e.guild_id', 'e.channel_id'])
    .where('r.status', '=', 'offered')
    .where('r.offer_expires_at', '<=', now)
    .$if(eventId !== undefined, (q) => q.where('r.event_id', '=', eventId!))
    .execute();
  const events = new Set<number>();
  for (const row of due) {
    const changed = await trx
      .updateTable('event_rsvps')
      .set({ status: 'expired', seat: null, offer_expires_at: null, updated_at: now })
      .where('event_id', '=', row.event_id)
      .where('user_id', '=', row.user_id)
      .where('status', '=', 'offered')
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) continue;
    await tell(
      trx,
      { id: row.event_id, guild_id: row.guild_id, channel_id: row.channel_id },
      row.user_id,
      'expired',
      `x${row.offer_expires_at}`,
      now,
    );
    events.add(row.event_id);
  }
  for (const id of events) {
    await promote(trx, id, now);
    await requestRender(trx, id, now);
  }
  return due.length;
}

/** Offers past their deadline pass to the next person waiting; each member is told once. */
export async function expireOffers(db: Db, now: number): Promise<number> {
  return db.transaction().execute((trx) => lapseOffers(trx, now));
}

export interface EventChanges {
  readonly title?: string;
  readonly description?: string;
  readonly location?: string;
  readonly startsAt?: number;
  readonly durationMinutes?: number;
  /** A number sets the cap; null removes it. */
  readonly capacity?: number | null;
}

/**
 * An organiser edits an event. Raising the capacity (or removing it) offers the new places to the
 * people waiting, in order; lowering it removes nobody.
 */
export async function editEvent(
  db: Db,
  guildId: string,
  eventId: number,
  changes: EventChanges,
  now: number,
): Promise<{ event: EventInfo; promoted: readonly Promotion[] }> {
  return db.transaction().execute(async (trx) => {
    const row = await eventRow(trx, guildId, eventId);
    if (row === undefined) throw new UserError('events.unknown');
    if (row.status !== 'open') throw new UserError('events.notEditable');
    const startsAt = changes.startsAt ?? row.starts_at;
    if (changes.startsAt !== undefined && changes.startsAt <= now)
      throw new UserError('events.startInPast');
    const duration =
      changes.durationMinutes === undefined
        ? Math.round((row.ends_at - row.starts_at) / MINUTE)
        : checkDuration(changes.durationMinutes);
    const values = {
      ...(changes.title === undefined ? {} : { title: checkTitle(changes.title) }),
      ...(changes.description === undefined
        ? {}
        : {
            description: checkText(
              changes.description,
              LIMITS.description,
              'events.descriptionLong',
            ),
          }),
      ...(changes.location === undefined
        ? {}
        : { location: checkText(changes.location, LIMITS.location, 'events.locationLong') }),
      ...(changes.capacity === undefined ? {} : { capacity: checkCapacity(changes.capacity) }),
      starts_at: startsAt,
      ends_at: startsAt + duration * MINUTE,
      // Answers close at the start at the latest.
      rsvp_closes_at: Math.min(row.rsvp_closes_at, startsAt),
    };
    await trx.updateTable('events').set(values).where('id', '=', eventId).execute();
    if (startsAt !== row.starts_at) {
      // Moved: each reminder not yet due at the new start is claimed (and sent) again for it.
      const reminders = JSON.parse(row.reminders) as number[];
      const again = reminders.filter((m) => startsAt - m * MINUTE > now);
      if (again.length > 0)
        await trx
          .deleteFrom('event_reminders')
          .where('event_id', '=', eventId)
          .where('minutes_before', 'in', again)
          .execute();
    }
    const promoted = await promote(trx, eventId, now);
    await requestRender(trx, eventId, now);
    return { event: await eventOf(trx, guildId, eventId), promoted };
  });
}

/** Cancels an open event once; everyone holding or waiting for a place is told once. */
export async function cancelEvent(
  db: Db,
  guildId: string,
  eventId: number,
  now: number,
): Promise<{ event: EventInfo; cancelledNow: boolean; told: number }> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('events')
      .set({ status: 'cancelled', ended_at: now })
      .where('guild_id', '=', guildId)
      .where('id', '=', eventId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    const event = await eventOf(trx, guildId, eventId);
    if (changed === undefined) return { event, cancelledNow: false, told: 0 };
    const people = await trx
      .selectFrom('event_rsvps')
      .select('user_id')
      .where('event_id', '=', eventId)
      .where('status', 'in', ['going', 'offered', 'waiting'])
      .execute();
    for (const { user_id } of people) await tell(trx, changed, user_id, 'cancelled', 'cancel', now);
    await requestRender(trx, eventId, now);
    return { event, cancelledNow: true, told: people.length };
  });
}

/** The post could not be made at all: the event is withdrawn, as if cancelled before anyone saw it. */
export async function withdrawEvent(trx: Tx, eventId: number, now: number) {
  return trx
    .updateTable('events')
    .set({ status: 'cancelled', ended_at: now })
    .where('id', '=', eventId)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

/** An organiser gives someone a free place ahead of the queue. */
export async function admitAhead(
  db: Db,
  guildId: string,
  eventId: number,
  userId: string,
  now: number,
): Promise<{ seat: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await eventRow(trx, guildId, eventId);
    if (row === undefined) throw new UserError('events.unknown');
    if (row.status !== 'open' || now >= row.starts_at) throw new UserError('events.isOver');
    await lapseOffers(trx, now, eventId);
    const current = await rsvpRow(trx, eventId, userId);
    if (current?.status === 'going') throw new UserError('events.alreadyGoing');
    const seat = current?.status === 'offered' ? current.seat : await freeSeat(trx, row);
    if (seat === undefined || seat === null) throw new UserError('events.noFreePlace');
    await writeRsvp(
      trx,
      row,
      userId,
      { status: 'going', seat, ticket: null, offer_expires_at: null },
      now,
      { answered: false },
    );
    await tell(trx, row, userId, 'admitted', `m${await newDecision(trx)}`, now);
    await requestRender(trx, eventId, now);
    return { seat };
  });
}

/** A member going to the event says they are there, from shortly before the start to the end. */
export async function checkIn(
  db: Db,
  guildId: string,
  eventId: number,
  userId: string,
  now: number,
): Promise<{ already: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await eventRow(trx, guildId, eventId);
    if (row === undefined) throw new UserError('events.unknown');
    if (row.status === 'cancelled') throw new UserError('events.isCancelled');
    if (now < row.starts_at - CHECK_IN_EARLY_MS)
      throw new UserError('events.checkInNotYet', {
        at: `<t:${Math.floor((row.starts_at - CHECK_IN_EARLY_MS) / 1000)}:R>`,
      });
    if (row.status !== 'open' || now >= row.ends_at) throw new UserError('events.isOver');
    const current = await rsvpRow(trx, eventId, userId);
    if (current?.status !== 'going') throw new UserError('events.checkInNotGoing');
    if (current.attended === 1) return { already: true };
    await trx
      .updateTable('event_rsvps')
      .set({ attended: 1, checked_in_at: now, updated_at: now })
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .execute();
    return { already: false };
  });
}

/**
 * The organiser corrects attendance. After the event, marking someone present asks them for
 * feedback (once, like everyone who attended).
 */
export async function setAttendance(
  db: Db,
  guildId: string,
  eventId: number,
  userId: string,
  present: boolean,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await eventRow(trx, guildId, eventId);
    if (row === undefined) throw new UserError('events.unknown');
    if (row.status === 'cancelled') throw new UserError('events.isCancelled');
    if (now < row.starts_at - CHECK_IN_EARLY_MS) throw new UserError('events.notStarted');
    const current = await rsvpRow(trx, eventId, userId);
    if (current === undefined)
      await writeRsvp(
        trx,
        row,
        userId,
        { status: 'maybe', seat: null, ticket: null, offer_expires_at: null },
        now,
        { answered: false },
      );
    await trx
      .updateTable('event_rsvps')
      .set({ attended: present ? 1 : 0, updated_at: now })
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .execute();
    if (present && row.status === 'ended')
      await tell(trx, row, userId, 'feedback', 'feedback', now);
  });
}

/**
 * Reminders that fell due, claimed once each: a claim row per event and reminder (its primary
 * key makes a second claim fail), and one message per member keyed by event, reminder and member.
 * After downtime only the latest due reminder of an event is sent; earlier ones are skipped.
 */
export async function claimReminders(db: Db, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'open')
      .where('starts_at', '>', now)
      .execute();
    let sent = 0;
    for (const event of events) {
      const due = (JSON.parse(event.reminders) as number[]).filter(
        (m) => event.starts_at - m * MINUTE <= now,
      );
      if (due.length === 0) continue;
      const claimed = new Set(
        (
          await trx
            .selectFrom('event_reminders')
            .select('minutes_before')
            .where('event_id', '=', event.id)
            .execute()
        ).map((r) => r.minutes_before),
      );
      const fresh = due.filter((m) => !claimed.has(m));
      if (fresh.length === 0) continue;
      const latest = Math.min(...fresh);
      for (const m of fresh)
        await trx
          .insertInto('event_reminders')
          .values({
            event_id: event.id,
            minutes_before: m,
            outcome: m === latest ? 'sent' : 'skipped',
            claimed_at: now,
          })
          .execute();
      const going = await trx
        .selectFrom('event_rsvps as r')
        .leftJoin('event_member_prefs as p', (j) =>
          j.onRef('p.guild_id', '=', 'r.guild_id').onRef('p.user_id', '=', 'r.user_id'),
        )
        .select('r.user_id')
        .where('r.event_id', '=', event.id)
        .where('r.status', '=', 'going')
        .where((eb) => eb.or([eb('p.reminders', 'is', null), eb('p.reminders', '=', 1)]))
        .execute();
      for (const { user_id } of going) {
        await tell(trx, event, user_id, 'reminder', `r${latest}@${event.starts_at}`, now, latest);
        sent++;
      }
    }
    return sent;
  });
}

/**
 * Events past their end are closed once: going members who did not check in count as no-shows
 * (never shown publicly), offers lapse, and everyone who attended is asked for feedback once.
 */
export async function endDueEvents(db: Db, now: number): Promise<number[]> {
  const due = await db
    .selectFrom('events')
    .select(['id', 'guild_id'])
    .where('status', '=', 'open')
    .where('ends_at', '<=', now)
    .execute();
  const ended: number[] = [];
  for (const { id, guild_id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const event = await trx
        .updateTable('events')
        .set({ status: 'ended', ended_at: now })
        .where('id', '=', id)
        .where('guild_id', '=', guild_id)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (event === undefined) return false;
      await trx
        .updateTable('event_rsvps')
        .set({ attended: 0, updated_at: now })
        .where('event_id', '=', id)
        .where('status', '=', 'going')
        .where('attended', 'is', null)
        .execute();
      await trx
        .updateTable('event_rsvps')
        .set({ status: 'expired', seat: null, offer_expires_at: null, updated_at: now })
        .where('event_id', '=', id)
        .where('status', '=', 'offered')
        .execute();
      const attendees = await trx
        .selectFrom('event_rsvps')
        .select('user_id')
        .where('event_id', '=', id)
        .where('attended', '=', 1)
        .execute();
      for (const { user_id } of attendees)
        await tell(trx, event, user_id, 'feedback', 'feedback', now);
      await requestRender(trx, id, now);
      return true;
    });
    if (done) ended.push(id);
  }
  return ended;
}

/** A rating from someone who attended; a second one replaces the first. */
export async function rateEvent(
  db: Db,
  guildId: string,
  eventId: number,
  userId: string,
  rating: number,
  now: number,
): Promise<{ replaced: boolean }> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5)
    throw new UserError('error.invalidReference');
  return db.transaction().execute(async (trx) => {
    const row = await eventRow(trx, guildId, eventId);
    if (row === undefined) throw new UserError('events.unknown');
    const current = await rsvpRow(trx, eventId, userId);
    if (current?.attended !== 1) throw new UserError('events.rateNotAttended');
    const before = await trx
      .selectFrom('event_feedback')
      .select('rating')
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    await trx
      .insertInto('event_feedback')
      .values({ event_id: eventId, guild_id: guildId, user_id: userId, rating, at: now })
      .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet({ rating, at: now }))
      .execute();
    return { replaced: before !== undefined };
  });
}

export async function feedbackOf(
  db: Db,
  eventId: number,
): Promise<{ count: number; average: number | null }> {
  const row = await db
    .selectFrom('event_feedback')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('rating').as('avg')])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), average: row.avg === null ? null : Number(row.avg) };
}

export interface Attendee {
  readonly userId: string;
  readonly status: RsvpStatus;
  readonly seat: number | null;
  readonly ticket: number | null;
  readonly offerExpiresAt: number | null;
  readonly attended: number | null;
}

/** Everyone who answered, places first (by place), then the queue in order, then the rest. */
export async function attendeesOf(db: Db, eventId: number): Promise<Attendee[]> {
  const rows = await db
    .selectFrom('event_rsvps')
    .select(['user_id', 'status', 'seat', 'ticket', 'offer_expires_at', 'attended', 'responded_at'])
    .where('event_id', '=', eventId)
    .execute();
  const rank: Record<RsvpStatus, number> = {
    going: 0,
    offered: 1,
    waiting: 2,
    maybe: 3,
    declined: 4,
    expired: 5,
  };
  return rows
    .sort(
      (a, b) =>
        rank[a.status] - rank[b.status] ||
        (a.seat ?? 0) - (b.seat ?? 0) ||
        (a.ticket ?? 0) - (b.ticket ?? 0) ||
        a.responded_at - b.responded_at,
    )
    .map((r) => ({
      userId: r.user_id,
      status: r.status,
      seat: r.seat,
      ticket: r.ticket,
      offerExpiresAt: r.offer_expires_at,
      attended: r.attended,
    }));
}

export async function rsvpOf(db: Db, eventId: number, userId: string) {
  return rsvpRow(db, eventId, userId);
}

/** Whether a member gets event reminders in this server (yes unless they turned them off). */
export async function remindersOn(db: Db, guildId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('event_member_prefs')
    .select('reminders')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row === undefined || row.reminders === 1;
}

export async function setReminders(
  db: Db,
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

/**
 * Erasing a member: a place they held in an open event goes to the first person waiting, in the
 * erase's own transaction; then their answers, ratings and preferences go.
 */
export async function eraseMember(trx: Tx, guildId: string, userId: string, now: number) {
  const held = await trx
    .selectFrom('event_rsvps as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select('r.event_id')
    .where('r.guild_id', '=', guildId)
    .where('r.user_id', '=', userId)
    .where('r.seat', 'is not', null)
    .where('e.status', '=', 'open')
    .execute();
  await trx
    .deleteFrom('event_rsvps')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
  for (const { event_id } of held) {
    await promote(trx, event_id, now);
    await requestRender(trx, event_id, now);
  }
}
