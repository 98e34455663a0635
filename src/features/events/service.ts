/**
 * Events: Going / Maybe / Can't go, an optional cap with a first-come, first-served waitlist,
 * timed offers of freed places, reminders, attendance and feedback. The database is the source of
 * truth: a place is a seat number unique per event, a place in the queue is a ticket unique per
 * event, and every check-then-change (an RSVP against the cap, a promotion when someone leaves, an
 * offer that expires) is one IMMEDIATE transaction. No Discord here: what members must be told is
 * enqueued in the outbox in the transaction of the decision that needs it.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database, RsvpStatus } from '../../core/db/schema.js';
import { enqueue, newDecision } from '../../core/outbox/store.js';
import { clearNotice } from '../../core/notices.js';
import {
  eventMirrorCreateEffect,
  eventMirrorDeleteEffect,
  eventMirrorUpdateEffect,
  eventPostEffect,
  eventRenderEffect,
  eventTellEffect,
  type TellPurpose,
} from './effects.js';
import { nextOccurrence, type RecurrenceRule } from './recurrence.js';
import * as repo from './repository.js';
import type {
  EventForFigures,
  EventInfo,
  EventRecord,
  RsvpRecord,
  RsvpValues,
  SeriesRecord,
} from './repository.js';
export type { EventForFigures } from './repository.js';

export type { EventInfo, RsvpRecord, SeriesRecord } from './repository.js';

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
  /** A voice or stage channel the event is in (checked by the caller). */
  readonly voice?: EventInfo['voice'];
  /** The event repeats by this rule, in this zone (the server's): the first occurrence is it. */
  readonly repeats?: { readonly rule: RecurrenceRule; readonly zone: string } | null;
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
    if ((await repo.countOpenEvents(trx, guildId)) >= LIMITS.open)
      throw new UserError('events.tooMany', { max: LIMITS.open });
    const series =
      input.repeats === undefined || input.repeats === null
        ? undefined
        : await repo.insertSeries(trx, { guildId, ...input.repeats, now });
    const event = await repo.insertEvent(trx, {
      ...(series === undefined ? {} : { series: { id: series.id, occurrenceAt: input.startsAt } }),
      guildId,
      channelId: input.channelId,
      title,
      description,
      location,
      startsAt: input.startsAt,
      endsAt: input.startsAt + duration * MINUTE,
      capacity,
      audienceRoleId: input.audienceRoleId ?? null,
      audienceSegmentId: input.audienceSegmentId ?? null,
      rsvpClosesAt,
      offerHours,
      reminders,
      voice: input.voice ?? null,
      createdAt: now,
    });
    const { id } = await enqueue(
      trx,
      eventPostEffect,
      { guildId, key: String(event.id), payload: { event: event.id }, channelId: event.channelId },
      now,
    );
    return { ...info(event), effectId: id };
  });
}

/** What callers see of an event (its queue's next ticket is the rules' own business). */
function info({ nextTicket: _, ...event }: EventRecord): EventInfo {
  return event;
}

async function eventRow(
  db: Db | Tx,
  guildId: string,
  eventId: number,
): Promise<EventRecord | undefined> {
  return repo.findEvent(db, guildId, eventId);
}

/** The event, looked up in the guild Discord named: another server's id is "no such event". */
export async function eventOf(db: Db | Tx, guildId: string, eventId: number): Promise<EventInfo> {
  const row = await eventRow(db, guildId, eventId);
  if (row === undefined) throw new UserError('events.unknown');
  return info(row);
}

/** The rule of a series still going on, or undefined once it is stopped. */
export async function seriesRuleOf(db: Db, seriesId: number): Promise<RecurrenceRule | undefined> {
  const series = await repo.seriesById(db, seriesId);
  return series?.status === 'active' ? series.rule : undefined;
}

/** The guild's recurring series, by id (for the list). */
export async function seriesOf(db: Db, guildId: string): Promise<Map<number, SeriesRecord>> {
  return repo.seriesOfGuild(db, guildId);
}

/**
 * Recurring events, one occurrence ahead: when a series' latest occurrence starts (or its
 * scheduled start passes, if it was cancelled or moved), the next one is created from it (its
 * wording, place, cap, audience, reminders; its own answers and mirror) at the start the rule
 * gives, and posted through the outbox, in one transaction. The unique series and occurrence
 * start makes it once, however often this runs. After downtime the next one is the first still
 * ahead: occurrences that would already have begun are not made.
 */
export async function materializeSeries(db: Db, now: number): Promise<number[]> {
  const made: number[] = [];
  for (const latest of await repo.latestOccurrences(db)) {
    const scheduled = latest.occurrenceAt ?? latest.startsAt;
    if (Math.min(scheduled, latest.startsAt) > now) continue;
    const id = await db.transaction().execute(async (trx) => {
      const series = await repo.seriesById(trx, latest.seriesId!);
      if (series === undefined || series.status !== 'active') return undefined;
      const startsAt = nextOccurrence(series.rule, series.zone, Math.max(scheduled, now));
      const closeBefore = latest.startsAt - latest.rsvpClosesAt;
      const closes = startsAt - closeBefore;
      const event = await repo.insertOccurrence(trx, {
        series: { id: series.id, occurrenceAt: startsAt },
        guildId: latest.guildId,
        channelId: latest.channelId,
        title: latest.title,
        description: latest.description,
        location: latest.location,
        startsAt,
        endsAt: startsAt + (latest.endsAt - latest.startsAt),
        capacity: latest.capacity,
        audienceRoleId: latest.audienceRoleId,
        audienceSegmentId: latest.audienceSegmentId,
        rsvpClosesAt: closes > now ? closes : startsAt,
        offerHours: latest.offerHours,
        reminders: latest.reminders,
        voice: latest.voice,
        createdAt: now,
      });
      if (event === undefined) return undefined;
      await enqueue(
        trx,
        eventPostEffect,
        {
          guildId: event.guildId,
          key: String(event.id),
          payload: { event: event.id },
          channelId: event.channelId,
        },
        now,
      );
      return event.id;
    });
    if (id !== undefined) made.push(id);
  }
  return made;
}

/** Open events first (soonest first), then the latest past ones: 25 at most. */
export async function listEvents(db: Db, guildId: string): Promise<EventInfo[]> {
  const events = (await repo.latestEvents(db, guildId, 100)).map(info);
  const open = events.filter((e) => e.status === 'open').sort((a, b) => a.startsAt - b.startsAt);
  return [...open, ...events.filter((e) => e.status !== 'open')].slice(0, 25);
}

/**
 * The event's message is posted: it is kept, and, in the same transaction, the mirror as a Discord
 * scheduled event is asked for (unless mirroring is paused in the server).
 */
export async function attachMessage(
  db: Db,
  eventId: number,
  messageId: string,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.setEventMessage(trx, eventId, messageId);
    const event = await repo.eventById(trx, eventId);
    if (event.status !== 'open' || (await repo.mirrorPause(trx, event.guildId)) !== undefined)
      return;
    await enqueue(
      trx,
      eventMirrorCreateEffect,
      { guildId: event.guildId, key: String(eventId), payload: { event: eventId } },
      now,
    );
  });
}

/** The notice managers get once when Discord refuses Hearth the server's scheduled events. */
export const MIRROR_NOTICE = 'events-mirror:permissions';

/**
 * Discord refused Hearth the scheduled events (Create Events missing): mirroring stops in the
 * server; the caller's notice tells managers once. In the give-up's transaction.
 */
export async function pauseMirroring(
  trx: Tx,
  guildId: string,
  reason: string,
  now: number,
): Promise<void> {
  await repo.insertMirrorPause(trx, guildId, reason, now);
}

export async function mirroringPaused(db: Db | Tx, guildId: string): Promise<boolean> {
  return (await repo.mirrorPause(db, guildId)) !== undefined;
}

/**
 * Hearth has the permission again (a manager's event command saw it): the pause is lifted, the
 * notice may be sent again if it comes back, and every upcoming event without a mirror gets one.
 * Returns how many mirrors are asked for, or undefined when mirroring was not paused.
 */
export async function resumeMirroring(
  db: Db,
  guildId: string,
  now: number,
): Promise<number | undefined> {
  if (!(await mirroringPaused(db, guildId))) return undefined;
  return db.transaction().execute(async (trx) => {
    if (!(await repo.deleteMirrorPause(trx, guildId))) return undefined;
    await clearNotice(trx, guildId, MIRROR_NOTICE);
    const events = await repo.unmirroredEvents(trx, guildId, now);
    const round = await newDecision(trx);
    for (const { id } of events)
      await enqueue(
        trx,
        eventMirrorCreateEffect,
        { guildId, key: `${id}:${round}`, payload: { event: id } },
        now,
      );
    return events.length;
  });
}

/** The mirror is made: it is kept, and the problem it had (if any) is seen fixed. */
export async function mirrorMade(
  db: Db,
  guildId: string,
  eventId: number,
  scheduledEventId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.setScheduledEventId(trx, eventId, scheduledEventId);
    if (scheduledEventId !== null) await clearNotice(trx, guildId, MIRROR_NOTICE);
  });
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
  const rows = await repo.rsvpTallies(db, eventId);
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

async function rsvpRow(
  trx: Db | Tx,
  eventId: number,
  userId: string,
): Promise<RsvpRecord | undefined> {
  return repo.findRsvp(trx, eventId, userId);
}

/**
 * The lowest free place, or undefined when the event is full. Places are numbered 1..capacity;
 * after the capacity is lowered, places above it stay held (nobody is removed), and a freed one
 * is not given again while the count is at or above the new capacity.
 */
async function freeSeat(trx: Tx, event: EventRecord): Promise<number | undefined> {
  const held = await repo.heldSeats(trx, event.id);
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
  return repo.countWaiting(trx, eventId);
}

/** A member's place in the queue, 1 for first. */
async function positionOf(trx: Db | Tx, eventId: number, ticket: number): Promise<number> {
  return repo.countWaiting(trx, eventId, ticket);
}

async function writeRsvp(
  trx: Tx,
  event: Pick<EventInfo, 'id' | 'guildId'>,
  userId: string,
  values: RsvpValues,
  now: number,
  { answered = true }: { answered?: boolean } = {},
): Promise<void> {
  await repo.upsertRsvp(trx, event, userId, values, now, answered);
}

async function tell(
  trx: Tx,
  event: Pick<EventInfo, 'id' | 'guildId'>,
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
      guildId: event.guildId,
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
  const row = await repo.markRenderPending(trx, eventId);
  if (row === undefined) return;
  await enqueue(
    trx,
    eventRenderEffect,
    {
      guildId: row.guildId,
      key: `${eventId}:${row.renderSeq}`,
      payload: { event: eventId },
      channelId: row.channelId,
    },
    now,
  );
}

/** The render about to run: later changes queue the next one. */
export async function renderStarted(db: Db, eventId: number): Promise<void> {
  await repo.clearRenderPending(db, eventId);
}

/** How long a freed place stays offered: the organiser's hours, at most half the time left. */
function offerWindow(event: EventRecord, now: number): number {
  const window = Math.min(event.offerHours * HOUR, Math.floor((event.startsAt - now) / 2));
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
    const event = await repo.eventById(trx, eventId);
    if (event.status !== 'open' || now >= event.startsAt) break;
    const first = await repo.firstWaiting(trx, eventId);
    if (first === undefined) break;
    const seat = await freeSeat(trx, event);
    if (seat === undefined) break;
    const window = offerWindow(event, now);
    const expiresAt = window === 0 ? null : now + window;
    const changed = await repo.promoteWaiting(trx, {
      eventId,
      userId: first.userId,
      ticket: first.ticket,
      seat,
      expiresAt,
      now,
    });
    if (!changed) break;
    const key = `t${first.ticket}`;
    if (expiresAt === null) {
      await tell(trx, event, first.userId, 'admitted', key, now);
      promoted.push({ userId: first.userId, kind: 'admitted', seat });
    } else {
      await tell(trx, event, first.userId, 'offered', key, now, expiresAt);
      promoted.push({ userId: first.userId, kind: 'offered', seat, expiresAt });
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
  event: EventRecord | undefined,
  now: number,
  { offered }: { offered: boolean },
) {
  if (event === undefined) throw new UserError('events.unknown');
  if (event.status === 'cancelled') throw new UserError('events.isCancelled');
  if (event.status !== 'open' || now >= event.startsAt) throw new UserError('events.isOver');
  // A place offered stays answerable until its deadline, even once answers have closed.
  if (!offered && now >= event.rsvpClosesAt) throw new UserError('events.rsvpClosed');
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
          { status: 'going', seat: current.seat, ticket: null, offerExpiresAt: null },
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
            { status: 'going', seat, ticket: null, offerExpiresAt: null },
            now,
          );
          result = { outcome: 'going', seat, accepted: false };
        } else {
          const ticket = event.nextTicket;
          await repo.setNextTicket(trx, eventId, ticket + 1);
          await writeRsvp(
            trx,
            event,
            userId,
            { status: 'waiting', seat: null, ticket, offerExpiresAt: null },
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
        { status: choice, seat: null, ticket: null, offerExpiresAt: null },
        now,
      );
      // Checked in, then "can't go" before the start: not an attendee (no feedback, no rating).
      if (current?.attended !== null && current?.attended !== undefined)
        await repo.clearAttendance(trx, eventId, userId);
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
  const due = await repo.offersDueBy(trx, now, eventId);
  const events = new Set<number>();
  for (const row of due) {
    if (!(await repo.lapseOffer(trx, row.eventId, row.userId, now))) continue;
    await tell(
      trx,
      { id: row.eventId, guildId: row.guildId },
      row.userId,
      'expired',
      `x${row.offerExpiresAt}`,
      now,
    );
    events.add(row.eventId);
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
  /** A voice or stage channel sets it; null takes the event out of its channel. */
  readonly voice?: EventInfo['voice'];
}

/** What the Discord mirror shows: an edit of these updates it. */
const MIRRORED: readonly (keyof EventChanges)[] = [
  'title',
  'description',
  'location',
  'startsAt',
  'durationMinutes',
  'voice',
];

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
    const startsAt = changes.startsAt ?? row.startsAt;
    if (changes.startsAt !== undefined && changes.startsAt <= now)
      throw new UserError('events.startInPast');
    const duration =
      changes.durationMinutes === undefined
        ? Math.round((row.endsAt - row.startsAt) / MINUTE)
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
      ...(changes.voice === undefined ? {} : { voice: changes.voice }),
      startsAt,
      endsAt: startsAt + duration * MINUTE,
      // Answers close at the start at the latest.
      rsvpClosesAt: Math.min(row.rsvpClosesAt, startsAt),
    };
    await repo.updateEvent(trx, eventId, values);
    if (startsAt !== row.startsAt) {
      // Moved: each reminder not yet due at the new start is claimed (and sent) again for it.
      const again = row.reminders.filter((m) => startsAt - m * MINUTE > now);
      if (again.length > 0) await repo.unclaimReminders(trx, eventId, again);
    }
    const promoted = await promote(trx, eventId, now);
    await requestRender(trx, eventId, now);
    const event = await eventOf(trx, guildId, eventId);
    // The mirror follows (the edit's number names it; one made meanwhile catches up by itself).
    if (MIRRORED.some((field) => changes[field] !== undefined))
      await enqueue(
        trx,
        eventMirrorUpdateEffect,
        { guildId, key: `${eventId}:${event.sequence}`, payload: { event: eventId } },
        now,
      );
    return { event, promoted };
  });
}

/** Cancels an open event in the caller's transaction; the event, or undefined when it was not open. */
async function cancelOpen(
  trx: Tx,
  guildId: string,
  eventId: number,
  now: number,
): Promise<{ event: EventRecord; told: number } | undefined> {
  const changed = await repo.closeOpenEvent(trx, eventId, 'cancelled', now, guildId);
  if (changed === undefined) return undefined;
  const people = await repo.peopleWithPlaces(trx, eventId);
  for (const userId of people) await tell(trx, changed, userId, 'cancelled', 'cancel', now);
  await requestRender(trx, eventId, now);
  await repo.bumpSequence(trx, eventId);
  // The mirror goes (one still being made deletes itself when it sees the cancellation).
  await enqueue(
    trx,
    eventMirrorDeleteEffect,
    { guildId, key: String(eventId), payload: { event: eventId } },
    now,
  );
  return { event: changed, told: people.length };
}

/**
 * Cancels an open event once; everyone holding or waiting for a place is told once. With
 * `series`, the event's series stops too: no more occurrences are made, and every occurrence not
 * yet started is cancelled the same way (one already under way runs to its end).
 */
export async function cancelEvent(
  db: Db,
  guildId: string,
  eventId: number,
  now: number,
  { series = false }: { series?: boolean } = {},
): Promise<{ event: EventInfo; cancelledNow: boolean; told: number; seriesStopped: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await eventOf(trx, guildId, eventId);
    let told = 0;
    let cancelledNow = false;
    let seriesStopped = false;
    if (series) {
      if (before.seriesId === null) throw new UserError('events.notSeries');
      seriesStopped = await repo.stopSeries(trx, before.seriesId, now);
      for (const id of await repo.upcomingOccurrences(trx, before.seriesId, now)) {
        const done = await cancelOpen(trx, guildId, id, now);
        if (done === undefined) continue;
        told += done.told;
        if (id === eventId) cancelledNow = true;
      }
    } else {
      const done = await cancelOpen(trx, guildId, eventId, now);
      cancelledNow = done !== undefined;
      told = done?.told ?? 0;
    }
    const event = await eventOf(trx, guildId, eventId);
    return { event, cancelledNow, told, seriesStopped };
  });
}

/** The post could not be made at all: the event is withdrawn, as if cancelled before anyone saw it. */
export async function withdrawEvent(
  trx: Tx,
  eventId: number,
  now: number,
): Promise<EventInfo | undefined> {
  const event = await repo.closeOpenEvent(trx, eventId, 'cancelled', now);
  return event === undefined ? undefined : info(event);
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
    if (row.status !== 'open' || now >= row.startsAt) throw new UserError('events.isOver');
    await lapseOffers(trx, now, eventId);
    const current = await rsvpRow(trx, eventId, userId);
    if (current?.status === 'going') throw new UserError('events.alreadyGoing');
    const seat = current?.status === 'offered' ? current.seat : await freeSeat(trx, row);
    if (seat === undefined || seat === null) throw new UserError('events.noFreePlace');
    await writeRsvp(
      trx,
      row,
      userId,
      { status: 'going', seat, ticket: null, offerExpiresAt: null },
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
    if (now < row.startsAt - CHECK_IN_EARLY_MS)
      throw new UserError('events.checkInNotYet', {
        at: `<t:${Math.floor((row.startsAt - CHECK_IN_EARLY_MS) / 1000)}:R>`,
      });
    if (row.status !== 'open' || now >= row.endsAt) throw new UserError('events.isOver');
    const current = await rsvpRow(trx, eventId, userId);
    if (current?.status !== 'going') throw new UserError('events.checkInNotGoing');
    if (current.attended === 1) return { already: true };
    await repo.markCheckedIn(trx, eventId, userId, now);
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
    if (now < row.startsAt - CHECK_IN_EARLY_MS) throw new UserError('events.notStarted');
    const current = await rsvpRow(trx, eventId, userId);
    if (current === undefined)
      await writeRsvp(
        trx,
        row,
        userId,
        { status: 'maybe', seat: null, ticket: null, offerExpiresAt: null },
        now,
        { answered: false },
      );
    await repo.setAttended(trx, eventId, userId, present, now);
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
    const events = await repo.upcomingEvents(trx, now);
    let sent = 0;
    for (const event of events) {
      const due = event.reminders.filter((m) => event.startsAt - m * MINUTE <= now);
      if (due.length === 0) continue;
      const claimed = await repo.claimedReminders(trx, event.id);
      const fresh = due.filter((m) => !claimed.has(m));
      if (fresh.length === 0) continue;
      const latest = Math.min(...fresh);
      for (const m of fresh)
        await repo.claimReminder(trx, {
          eventId: event.id,
          minutesBefore: m,
          outcome: m === latest ? 'sent' : 'skipped',
          now,
        });
      for (const userId of await repo.goingWithReminders(trx, event.id)) {
        await tell(trx, event, userId, 'reminder', `r${latest}@${event.startsAt}`, now, latest);
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
  const due = await repo.eventsEndedBy(db, now);
  const ended: number[] = [];
  for (const { id, guildId } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const event = await repo.closeOpenEvent(trx, id, 'ended', now, guildId);
      if (event === undefined) return false;
      await repo.markNoShows(trx, id, now);
      await repo.lapseAllOffers(trx, id, now);
      for (const userId of await repo.attendeeIds(trx, id))
        await tell(trx, event, userId, 'feedback', 'feedback', now);
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
    const before = await repo.findRating(trx, eventId, userId);
    await repo.saveRating(trx, { eventId, guildId, userId, rating, now });
    return { replaced: before !== undefined };
  });
}

export async function feedbackOf(
  db: Db,
  eventId: number,
): Promise<{ count: number; average: number | null }> {
  return repo.ratingSummary(db, eventId);
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
  const rows = await repo.rsvpsOf(db, eventId);
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
        a.respondedAt - b.respondedAt,
    )
    .map((r) => ({
      userId: r.userId,
      status: r.status,
      seat: r.seat,
      ticket: r.ticket,
      offerExpiresAt: r.offerExpiresAt,
      attended: r.attended,
    }));
}

export async function rsvpOf(
  db: Db,
  eventId: number,
  userId: string,
): Promise<RsvpRecord | undefined> {
  return rsvpRow(db, eventId, userId);
}

/** Whether a member gets event reminders in this server (yes unless they turned them off). */
export async function remindersOn(db: Db, guildId: string, userId: string): Promise<boolean> {
  return (await repo.reminderPref(db, guildId, userId)) ?? true;
}

export async function setReminders(
  db: Db,
  guildId: string,
  userId: string,
  on: boolean,
  now: number,
): Promise<void> {
  await repo.setReminderPref(db, guildId, userId, on, now);
}

/**
 * Erasing a member: a place they held in an open event goes to the first person waiting, in the
 * erase's own transaction; then their answers, ratings and preferences go.
 */
export async function eraseMember(trx: Tx, guildId: string, userId: string, now: number) {
  const held = await repo.openEventsWithSeatOf(trx, guildId, userId);
  await repo.deleteRsvpsOf(trx, guildId, userId);
  for (const eventId of held) {
    await promote(trx, eventId, now);
    await requestRender(trx, eventId, now);
  }
}

/** `/insights events` and the weekly digest: ended events starting in [from, to), with answers. */
export function endedEventsBetween(
  db: Db,
  guildId: string,
  from: number,
  to: number,
): Promise<EventForFigures[]> {
  return repo.endedEventsBetween(db, guildId, from, to);
}
