/**
 * Member caps and the waitlist. The database is the source of truth: seats exist as rows, an
 * admitted member holds one through a foreign key with a unique constraint, and every
 * check-then-change (admission, promotion, release) is one IMMEDIATE transaction. No Discord call
 * happens here: what Discord must show (the member role, a greeting, a message to the person) is
 * enqueued in the outbox in the same transaction as the decision, and the outbox worker does it.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database, MembershipState, MembershipSettingsTable } from '../../core/db/schema.js';
import { enqueue, newDecision } from '../../core/outbox/store.js';
import {
  greetingEffect,
  memberRoleEffect,
  tellEffect,
  type AdmissionNews,
  type Phrase,
} from './effects.js';

type Tx = Transaction<Database>;

export const MAX_CAP = 10_000;
const HOUR_MS = 3_600_000;

export interface Promotion {
  readonly userId: string;
  /** Admitted at once, or offered the seat with a deadline to confirm. */
  readonly kind: 'admitted' | 'invited';
  readonly seat: number;
  readonly expiresAt?: number;
}

export type AdmissionResult =
  | { readonly outcome: 'admitted'; readonly seat: number; readonly promoted: readonly Promotion[] }
  | {
      readonly outcome: 'waitlisted';
      readonly position: number;
      readonly promoted: readonly Promotion[];
    }
  | { readonly outcome: 'already'; readonly promoted: readonly Promotion[] }
  | {
      /** A manager removed them earlier; no seat until a manager lets them back in. */
      readonly outcome: 'barred';
      /** True the first time they are refused since that decision: tell them, once. */
      readonly firstNotice: boolean;
      readonly promoted: readonly Promotion[];
    };

export interface MembershipSettings {
  readonly cap: number | null;
  readonly reserved: number;
  readonly confirmHours: number | null;
  readonly skipPolicy: 'keep' | 'drop';
}

async function settingsRow(
  trx: Db | Tx,
  guildId: string,
): Promise<MembershipSettingsTable | undefined> {
  return trx
    .selectFrom('membership_settings')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
}

async function ensureSettings(
  trx: Tx,
  guildId: string,
  now: number,
): Promise<MembershipSettingsTable> {
  await trx
    .insertInto('membership_settings')
    .values({
      guild_id: guildId,
      cap: null,
      reserved: 0,
      confirm_hours: null,
      skip_policy: 'keep',
      next_ticket: 1,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('guild_id').doNothing())
    .execute();
  return (await settingsRow(trx, guildId))!;
}

export async function getMembershipSettings(db: Db, guildId: string): Promise<MembershipSettings> {
  const row = await settingsRow(db, guildId);
  return {
    cap: row?.cap ?? null,
    reserved: row?.reserved ?? 0,
    confirmHours: row?.confirm_hours ?? null,
    skipPolicy: row?.skip_policy ?? 'keep',
  };
}

async function membership(trx: Db | Tx, guildId: string, userId: string) {
  return trx
    .selectFrom('memberships')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

async function occupiedCount(trx: Tx, guildId: string): Promise<number> {
  const row = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('seat', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A seat a member can take now, or undefined. With no cap, seats are created as needed.
 * `overflow` (a manager granting the role by hand) creates a seat beyond the cap if none is free:
 * Discord already says the member is in, and the database reflects Discord.
 */
async function takeableSeat(
  trx: Tx,
  guildId: string,
  settings: MembershipSettingsTable,
  mode: 'auto' | 'manager' | 'overflow',
): Promise<number | undefined> {
  const createSeat = async (retiring: boolean) => {
    const maxRow = await trx
      .selectFrom('seats')
      .select((eb) => eb.fn.max<number>('seat').as('max'))
      .where('guild_id', '=', guildId)
      .executeTakeFirst();
    const seat = Number(maxRow?.max ?? 0) + 1;
    await trx
      .insertInto('seats')
      .values({ guild_id: guildId, seat, retiring: retiring ? 1 : 0, vacated_at: null })
      .execute();
    return seat;
  };
  if (settings.cap === null) return createSeat(false);
  const occupied = await occupiedCount(trx, guildId);
  const limit = mode === 'auto' ? settings.cap - settings.reserved : settings.cap;
  if (occupied < limit) {
    const free = await trx
      .selectFrom('seats')
      .select('seat')
      .where('guild_id', '=', guildId)
      .where('retiring', '=', 0)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('memberships as m')
              .select('m.seat')
              .whereRef('m.guild_id', '=', 'seats.guild_id')
              .whereRef('m.seat', '=', 'seats.seat'),
          ),
        ),
      )
      .orderBy('seat')
      .limit(1)
      .executeTakeFirst();
    if (free !== undefined) return free.seat;
  }
  return mode === 'overflow' ? createSeat(true) : undefined;
}

/** Frees a member's seat; a retiring (or uncapped, on-demand) seat disappears with it. */
async function releaseSeat(
  trx: Tx,
  guildId: string,
  seat: number,
  settings: MembershipSettingsTable,
  now: number,
): Promise<void> {
  const row = await trx
    .selectFrom('seats')
    .select('retiring')
    .where('guild_id', '=', guildId)
    .where('seat', '=', seat)
    .executeTakeFirst();
  if (row?.retiring === 1 || settings.cap === null)
    await trx
      .deleteFrom('seats')
      .where('guild_id', '=', guildId)
      .where('seat', '=', seat)
      .execute();
  else
    await trx
      .updateTable('seats')
      .set({ vacated_at: now })
      .where('guild_id', '=', guildId)
      .where('seat', '=', seat)
      .execute();
}

async function writeMembership(
  trx: Tx,
  guildId: string,
  userId: string,
  values: {
    state: MembershipState;
    seat?: number | null;
    ticket?: number | null;
    waiting_since?: number | null;
    admitted_at?: number | null;
    invite_expires_at?: number | null;
    last_expired_at?: number | null;
    role_synced?: number;
    barred_at?: number | null;
    barred_by?: string | null;
    barred_told?: number;
  },
  now: number,
): Promise<void> {
  const full = {
    seat: null,
    ticket: null,
    waiting_since: null,
    invite_expires_at: null,
    ...values,
    updated_at: now,
  };
  await trx
    .insertInto('memberships')
    .values({
      guild_id: guildId,
      user_id: userId,
      admitted_at: null,
      last_expired_at: null,
      role_synced: 0,
      ...full,
    })
    .onConflict((oc) => oc.columns(['guild_id', 'user_id']).doUpdateSet(full))
    .execute();
}

async function markBarredTold(trx: Tx, guildId: string, userId: string): Promise<void> {
  await trx
    .updateTable('memberships')
    .set({ barred_told: 1 })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * A manager lets a removed member back in (admits them, approves them, grants the role by hand):
 * the bar on their record goes, and the one kept after they erased their data (`barSubject`).
 */
async function liftBar(
  trx: Tx,
  guildId: string,
  userId: string,
  barSubject: string | undefined,
): Promise<void> {
  await trx
    .updateTable('memberships')
    .set({ barred_at: null, barred_by: null, barred_told: 0 })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
  if (barSubject !== undefined)
    await trx
      .deleteFrom('member_bars')
      .where('guild_id', '=', guildId)
      .where('subject', '=', barSubject)
      .execute();
}

/**
 * A manager's removal kept after the member erased their data, under their fingerprint
 * (`keptSubject(key, 'bar', …)`, computed by the caller, which holds Hearth's key).
 */
async function keptBar(
  trx: Tx,
  guildId: string,
  barSubject: string | undefined,
): Promise<{ told: number } | undefined> {
  if (barSubject === undefined) return undefined;
  return trx
    .selectFrom('member_bars')
    .select('told')
    .where('guild_id', '=', guildId)
    .where('subject', '=', barSubject)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ what Discord must show

async function channelSetting(
  trx: Tx,
  guildId: string,
  setting: 'announcements_channel_id' | 'welcome_channel_id',
): Promise<string | null> {
  const row = await trx
    .selectFrom('guilds')
    .select(setting)
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.[setting] ?? null;
}

/**
 * An admission, on Discord: the member role, and once it is granted (see {@link memberRoleApplied})
 * the greeting in the announcements channel and the person's news, if any.
 */
async function enqueueAdmitted(
  trx: Tx,
  guildId: string,
  userId: string,
  admittedAt: number,
  now: number,
  tell?: AdmissionNews['tell'],
): Promise<void> {
  const decision = await newDecision(trx);
  await enqueue(
    trx,
    memberRoleEffect,
    {
      guildId,
      key: `${guildId}:${userId}:grant:${decision}`,
      payload: {
        user: userId,
        grant: true,
        admission: { at: admittedAt, decision, ...(tell === undefined ? {} : { tell }) },
      },
      subjectId: userId,
    },
    now,
  );
}

/**
 * The greeting and the person's news of an admission, once its member role is granted (or could
 * not be, for a reason managers fix): the member is known to be in the server. In the caller's
 * transaction; enqueued once per admission however often the grant runs.
 */
export async function enqueueAdmissionNews(
  trx: Tx,
  guildId: string,
  userId: string,
  news: AdmissionNews,
  now: number,
): Promise<void> {
  const admission = news.decision ?? String(news.at);
  await enqueue(
    trx,
    greetingEffect,
    {
      guildId,
      key: `${guildId}:${userId}:${admission}`,
      payload: { user: userId },
      subjectId: userId,
      channelId: await channelSetting(trx, guildId, 'announcements_channel_id'),
    },
    now,
  );
  if (news.tell !== undefined)
    await enqueueTell(trx, guildId, userId, `promoted:${admission}`, news.tell, now);
}

/**
 * The member role change reached Discord: the membership is in sync unless the decision changed
 * meanwhile, and an admission's greeting and news follow, in one transaction.
 */
export async function memberRoleApplied(
  db: Db,
  guildId: string,
  userId: string,
  granted: boolean,
  news: AdmissionNews | undefined,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await syncedIf(trx, guildId, userId, granted);
    if (news !== undefined) await enqueueAdmissionNews(trx, guildId, userId, news, now);
  });
}

/** A seat taken away, on Discord: the member role removed. */
async function enqueueRevoke(trx: Tx, guildId: string, userId: string, now: number): Promise<void> {
  await enqueue(
    trx,
    memberRoleEffect,
    {
      guildId,
      key: `${guildId}:${userId}:revoke:${await newDecision(trx)}`,
      payload: { user: userId, grant: false },
      subjectId: userId,
    },
    now,
  );
}

/** A message for the person, by DM (or, with closed DMs, a mention in the welcome channel). */
async function enqueueTell(
  trx: Tx,
  guildId: string,
  userId: string,
  key: string,
  message: { dm: Phrase; fallback?: Phrase | undefined; confirm?: boolean },
  now: number,
): Promise<void> {
  await enqueue(
    trx,
    tellEffect,
    {
      guildId,
      key: `${guildId}:${userId}:${key}`,
      payload: {
        user: userId,
        dm: message.dm,
        ...(message.fallback === undefined ? {} : { fallback: message.fallback }),
        confirm: message.confirm ?? false,
      },
      subjectId: userId,
      channelId: `user:${userId}`,
    },
    now,
  );
}

/** A promotion, on Discord: the role (then the greeting and the news), or the offer with its button. */
async function enqueuePromotion(
  trx: Tx,
  guildId: string,
  p: Promotion,
  now: number,
): Promise<void> {
  const member = `<@${p.userId}>`;
  if (p.kind === 'admitted') {
    await enqueueAdmitted(trx, guildId, p.userId, now, now, {
      dm: { key: 'seats.promotedDm', params: {} },
      fallback: { key: 'seats.promotedPublic', params: { member } },
    });
    return;
  }
  const deadline = `<t:${Math.floor((p.expiresAt ?? now) / 1000)}:F>`;
  await enqueueTell(
    trx,
    guildId,
    p.userId,
    `invited:${await newDecision(trx)}`,
    {
      dm: { key: 'seats.invitedDm', params: { deadline } },
      fallback: { key: 'seats.invitedPublic', params: { member, deadline } },
      confirm: true,
    },
    now,
  );
}

/** Members whose member role Hearth is already about to grant or remove. */
export async function roleChangesPending(db: Db | Tx, guildId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('subject_id')
    .where('guild_id', '=', guildId)
    .where('kind', '=', memberRoleEffect.kind)
    .where('state', '=', 'pending')
    .execute();
  return new Set(rows.map((r) => r.subject_id).filter((id): id is string => id !== null));
}

/**
 * Role changes found by a reconciliation, enqueued in one transaction (each with its own key: a
 * role Discord lost since is granted again). Returns the outbox rows, to wait for them.
 */
export async function enqueueRoleSync(
  db: Db,
  guildId: string,
  changes: { grant: readonly string[]; revoke: readonly string[] },
  now: number,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    const decision = await newDecision(trx);
    for (const [users, grant] of [
      [changes.grant, true],
      [changes.revoke, false],
    ] as const)
      for (const userId of users)
        ids.push(
          (
            await enqueue(
              trx,
              memberRoleEffect,
              {
                guildId,
                key: `${guildId}:${userId}:${grant ? 'grant' : 'revoke'}:sync:${decision}`,
                payload: { user: userId, grant },
                subjectId: userId,
              },
              now,
            )
          ).id,
        );
    return ids;
  });
}

/** The role change reached Discord: synced, unless the decision changed meanwhile. */
export async function markRoleSyncedIf(
  db: Db,
  guildId: string,
  userId: string,
  granted: boolean,
): Promise<void> {
  await syncedIf(db, guildId, userId, granted);
}

async function syncedIf(
  db: Db | Tx,
  guildId: string,
  userId: string,
  granted: boolean,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role_synced: 1 })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('state', granted ? '=' : '!=', 'admitted')
    .execute();
}

/**
 * Fills free seats from the head of the waitlist, in ticket order, and enqueues what each
 * promotion shows on Discord in the same transaction. With a confirmation window
 * the head is offered the seat instead; a person whose offer for a seat expired is not offered
 * that seat again while someone else is waiting.
 */
async function promote(trx: Tx, guildId: string, now: number): Promise<Promotion[]> {
  const settings = await ensureSettings(trx, guildId, now);
  const promoted: Promotion[] = [];
  for (;;) {
    const waiting = await trx
      .selectFrom('memberships')
      .select(['user_id', 'ticket', 'last_expired_at'])
      .where('guild_id', '=', guildId)
      .where('state', '=', 'waiting')
      .orderBy('ticket')
      .limit(50)
      .execute();
    if (waiting.length === 0) return promoted;
    const seat = await takeableSeat(trx, guildId, settings, 'auto');
    if (seat === undefined) return promoted;
    const vacated =
      (
        await trx
          .selectFrom('seats')
          .select('vacated_at')
          .where('guild_id', '=', guildId)
          .where('seat', '=', seat)
          .executeTakeFirst()
      )?.vacated_at ?? null;
    const head =
      waiting.find(
        (w) => vacated === null || w.last_expired_at === null || w.last_expired_at < vacated,
      ) ?? waiting[0]!;
    if (settings.confirm_hours !== null) {
      const expiresAt = now + settings.confirm_hours * HOUR_MS;
      await writeMembership(
        trx,
        guildId,
        head.user_id,
        {
          state: 'invited',
          seat,
          ticket: head.ticket,
          invite_expires_at: expiresAt,
          last_expired_at: head.last_expired_at,
        },
        now,
      );
      const promotion: Promotion = { userId: head.user_id, kind: 'invited', seat, expiresAt };
      await enqueuePromotion(trx, guildId, promotion, now);
      promoted.push(promotion);
    } else {
      await writeMembership(
        trx,
        guildId,
        head.user_id,
        { state: 'admitted', seat, admitted_at: now, role_synced: 0 },
        now,
      );
      const promotion: Promotion = { userId: head.user_id, kind: 'admitted', seat };
      await enqueuePromotion(trx, guildId, promotion, now);
      promoted.push(promotion);
    }
  }
}

async function positionIn(trx: Db | Tx, guildId: string, ticket: number): Promise<number> {
  const row = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('guild_id', '=', guildId)
    .where('state', '=', 'waiting')
    .where('ticket', '<=', ticket)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A member finished onboarding (or joined, with onboarding off): a seat if one is free and nobody
 * is waiting for it, else the end of the waitlist. Idempotent for admitted and waiting members.
 */
export async function requestAdmission(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
  {
    tellByDm = false,
    byManager = false,
    barSubject,
  }: {
    /** No reply carries the outcome (a returning member, onboarding off): a DM says it. */
    tellByDm?: boolean;
    /** A manager's decision (an approval): it lets in someone a manager removed before. */
    byManager?: boolean;
    /** The member's bar fingerprint, to find a removal kept after they erased their data. */
    barSubject?: string;
  } = {},
): Promise<AdmissionResult> {
  return db.transaction().execute(async (trx) => {
    const settings = await ensureSettings(trx, guildId, now);
    const current = await membership(trx, guildId, userId);
    // A manager's removal survives leaving and coming back, and erasing their data: only a
    // manager lifts it.
    const kept = await keptBar(trx, guildId, barSubject);
    // Someone holding a seat (admitted, or offered one) is never barred: a manager let them in
    // after the removal, so a bar still on file (an older database kept it) is stale, and goes.
    const seated = current?.state === 'admitted' || current?.state === 'invited';
    if (seated && (kept !== undefined || current.barred_at !== null))
      await liftBar(trx, guildId, userId, barSubject);
    else if (kept !== undefined && (current === undefined || current.barred_at === null)) {
      if (!byManager) {
        const firstNotice = kept.told === 0;
        if (firstNotice) {
          await trx
            .updateTable('member_bars')
            .set({ told: 1 })
            .where('guild_id', '=', guildId)
            .where('subject', '=', barSubject!)
            .execute();
          if (tellByDm)
            await enqueueTell(
              trx,
              guildId,
              userId,
              `barred:kept:${await newDecision(trx)}`,
              { dm: { key: 'seats.barredDm', params: {} } },
              now,
            );
        }
        return { outcome: 'barred', firstNotice, promoted: [] };
      }
      await liftBar(trx, guildId, userId, barSubject);
    }
    if (!seated && current !== undefined && current.barred_at !== null) {
      if (!byManager) {
        const firstNotice = current.barred_told === 0;
        if (firstNotice) {
          await markBarredTold(trx, guildId, userId);
          // Told once, privately (never in public), when no reply says it.
          if (tellByDm)
            await enqueueTell(
              trx,
              guildId,
              userId,
              `barred:${current.barred_at}`,
              { dm: { key: 'seats.barredDm', params: {} } },
              now,
            );
        }
        return { outcome: 'barred', firstNotice, promoted: [] };
      }
      await liftBar(trx, guildId, userId, barSubject);
    }
    if (current?.state === 'admitted' || current?.state === 'invited')
      return { outcome: 'already', promoted: [] };
    if (current?.state === 'waiting')
      return {
        outcome: 'waitlisted',
        position: await positionIn(trx, guildId, current.ticket!),
        promoted: [],
      };
    const queue = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('guild_id', '=', guildId)
      .where('state', '=', 'waiting')
      .limit(1)
      .execute();
    const seat =
      queue.length === 0 ? await takeableSeat(trx, guildId, settings, 'auto') : undefined;
    if (seat !== undefined) {
      await writeMembership(
        trx,
        guildId,
        userId,
        { state: 'admitted', seat, admitted_at: now, role_synced: 0 },
        now,
      );
      await enqueueAdmitted(trx, guildId, userId, now, now);
      return { outcome: 'admitted', seat, promoted: [] };
    }
    const ticket = settings.next_ticket;
    await trx
      .updateTable('membership_settings')
      .set({ next_ticket: ticket + 1 })
      .where('guild_id', '=', guildId)
      .execute();
    await writeMembership(
      trx,
      guildId,
      userId,
      { state: 'waiting', ticket, waiting_since: now },
      now,
    );
    // With nobody ahead and no seat free, promotion has nothing to do; otherwise it may seat the
    // head of the queue (a seat can be free while people wait, after an expired offer).
    const promoted = queue.length === 0 ? [] : await promote(trx, guildId, now);
    const mine = promoted.find((p) => p.userId === userId);
    if (mine?.kind === 'admitted')
      return { outcome: 'admitted', seat: mine.seat, promoted: promoted.filter((p) => p !== mine) };
    const position = await positionIn(trx, guildId, ticket);
    // Where no reply carries the news (a returning member, onboarding off): a DM.
    if (tellByDm)
      await enqueueTell(
        trx,
        guildId,
        userId,
        `waitlisted:${ticket}`,
        { dm: { key: 'seats.waitlistedDm', params: { position } } },
        now,
      );
    return { outcome: 'waitlisted', position, promoted };
  });
}

/** The member left the server: their seat opens (and is filled), or they leave the waitlist. */
export async function memberLeft(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<Promotion[]> {
  return db.transaction().execute(async (trx) => {
    const current = await membership(trx, guildId, userId);
    if (current === undefined) return [];
    const settings = await ensureSettings(trx, guildId, now);
    if (current.state === 'admitted' || current.state === 'invited') {
      await writeMembership(trx, guildId, userId, { state: 'left', role_synced: 1 }, now);
      await releaseSeat(trx, guildId, current.seat!, settings, now);
      return promote(trx, guildId, now);
    }
    if (current.state === 'waiting')
      await writeMembership(trx, guildId, userId, { state: 'dropped', role_synced: 1 }, now);
    return [];
  });
}

/**
 * What Discord shows about the member role, from a member update or a member list. A change
 * Hearth did not make (a manager granting or removing the role by hand) is reflected in the
 * database and the seat count; a change Hearth is still making is not mistaken for one.
 */
export async function roleObserved(
  db: Db,
  guildId: string,
  userId: string,
  hasRole: boolean,
  now: number,
  /** The member's bar fingerprint: a manager granting the role by hand lifts a kept removal. */
  barSubject?: string,
): Promise<{ promoted: readonly Promotion[]; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const settings = await ensureSettings(trx, guildId, now);
    const current = await membership(trx, guildId, userId);
    const admitted = current?.state === 'admitted';
    if (hasRole && admitted) {
      if (current.role_synced === 0)
        await trx
          .updateTable('memberships')
          .set({ role_synced: 1 })
          .where('guild_id', '=', guildId)
          .where('user_id', '=', userId)
          .execute();
      return { promoted: [], changed: false };
    }
    if (!hasRole && !admitted) {
      if (current !== undefined && current.role_synced === 0)
        await trx
          .updateTable('memberships')
          .set({ role_synced: 1 })
          .where('guild_id', '=', guildId)
          .where('user_id', '=', userId)
          .execute();
      return { promoted: [], changed: false };
    }
    if (hasRole) {
      // A removal Hearth has not finished is not a manual grant.
      if (current?.state === 'removed' && current.role_synced === 0)
        return { promoted: [], changed: false };
      const seat =
        current?.state === 'invited'
          ? current.seat!
          : (await takeableSeat(trx, guildId, settings, 'overflow'))!;
      // A manager granting the role by hand lets a removed member back in.
      await liftBar(trx, guildId, userId, barSubject);
      await writeMembership(
        trx,
        guildId,
        userId,
        {
          state: 'admitted',
          seat,
          admitted_at: now,
          role_synced: 1,
          barred_at: null,
          barred_by: null,
          barred_told: 0,
        },
        now,
      );
      return { promoted: await promote(trx, guildId, now), changed: true };
    }
    // Admitted, but the role is gone: a grant Hearth has not finished, or a manager removed it.
    if (current?.state !== 'admitted' || current.role_synced === 0)
      return { promoted: [], changed: false };
    // Taken away by hand on Discord: a manager's decision, as lasting as /seats remove.
    await writeMembership(
      trx,
      guildId,
      userId,
      { state: 'removed', role_synced: 1, barred_at: now, barred_by: null, barred_told: 0 },
      now,
    );
    await releaseSeat(trx, guildId, current.seat!, settings, now);
    return { promoted: await promote(trx, guildId, now), changed: true };
  });
}

/** Hearth finished granting (or removing) the member role: Discord matches the database. */
export async function markRoleSynced(db: Db, guildId: string, userId: string): Promise<void> {
  await db
    .updateTable('memberships')
    .set({ role_synced: 1 })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

export interface CapChange {
  readonly promoted: readonly Promotion[];
  /** Admitted members above a lowered cap: they keep their seats; nobody is removed. */
  readonly overCap: number;
}

/**
 * Sets (or with `null` removes) the cap. Raising it fills the new seats from the waitlist; lowering
 * it keeps everyone admitted, and seats above the cap disappear as they free up.
 */
export async function setCap(
  db: Db,
  guildId: string,
  cap: number | null,
  now: number,
): Promise<CapChange> {
  if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > MAX_CAP))
    throw new UserError('seats.capRange', { max: MAX_CAP });
  return db.transaction().execute(async (trx) => {
    await ensureSettings(trx, guildId, now);
    await trx
      .updateTable('membership_settings')
      .set({ cap, updated_at: now })
      .where('guild_id', '=', guildId)
      .execute();
    const occupied = new Set(
      (
        await trx
          .selectFrom('memberships')
          .select('seat')
          .where('guild_id', '=', guildId)
          .where('seat', 'is not', null)
          .execute()
      ).map((r) => r.seat!),
    );
    const existing = new Set(
      (await trx.selectFrom('seats').select('seat').where('guild_id', '=', guildId).execute()).map(
        (r) => r.seat,
      ),
    );
    if (cap === null) {
      await trx
        .deleteFrom('seats')
        .where('guild_id', '=', guildId)
        .where('seat', 'not in', [...occupied, -1])
        .execute();
      await trx.updateTable('seats').set({ retiring: 0 }).where('guild_id', '=', guildId).execute();
    } else {
      const missing = Array.from({ length: cap }, (_, i) => i + 1).filter((s) => !existing.has(s));
      if (missing.length > 0)
        await trx
          .insertInto('seats')
          .values(
            missing.map((seat) => ({ guild_id: guildId, seat, retiring: 0, vacated_at: null })),
          )
          .execute();
      await trx
        .updateTable('seats')
        .set({ retiring: 0 })
        .where('guild_id', '=', guildId)
        .where('seat', '<=', cap)
        .execute();
      await trx
        .deleteFrom('seats')
        .where('guild_id', '=', guildId)
        .where('seat', '>', cap)
        .where('seat', 'not in', [...occupied, -1])
        .execute();
      await trx
        .updateTable('seats')
        .set({ retiring: 1 })
        .where('guild_id', '=', guildId)
        .where('seat', '>', cap)
        .execute();
    }
    const promoted = await promote(trx, guildId, now);
    const overCap = cap === null ? 0 : Math.max(0, (await occupiedCount(trx, guildId)) - cap);
    return { promoted, overCap };
  });
}

export async function setReserved(
  db: Db,
  guildId: string,
  reserved: number,
  now: number,
): Promise<readonly Promotion[]> {
  if (!Number.isInteger(reserved) || reserved < 0 || reserved > MAX_CAP)
    throw new UserError('seats.reservedRange', { max: MAX_CAP });
  return db.transaction().execute(async (trx) => {
    await ensureSettings(trx, guildId, now);
    await trx
      .updateTable('membership_settings')
      .set({ reserved, updated_at: now })
      .where('guild_id', '=', guildId)
      .execute();
    return promote(trx, guildId, now);
  });
}

export async function setConfirmation(
  db: Db,
  guildId: string,
  hours: number | null,
  policy: 'keep' | 'drop',
  now: number,
): Promise<void> {
  if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > 24 * 30))
    throw new UserError('seats.confirmRange');
  await db.transaction().execute(async (trx) => {
    await ensureSettings(trx, guildId, now);
    await trx
      .updateTable('membership_settings')
      .set({ confirm_hours: hours, skip_policy: policy, updated_at: now })
      .where('guild_id', '=', guildId)
      .execute();
  });
}

/** A manager admits someone ahead of the queue, using a free or a reserved seat. */
export async function admitNow(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
  /** The member's bar fingerprint: a removal kept after they erased their data is lifted too. */
  barSubject?: string,
): Promise<{ seat: number }> {
  return db.transaction().execute(async (trx) => {
    const settings = await ensureSettings(trx, guildId, now);
    const current = await membership(trx, guildId, userId);
    if (current?.state === 'admitted') throw new UserError('seats.alreadyAdmitted');
    await liftBar(trx, guildId, userId, barSubject);
    const seat =
      current?.state === 'invited'
        ? current.seat!
        : await takeableSeat(trx, guildId, settings, 'manager');
    if (seat === undefined) throw new UserError('seats.full');
    // A reserved seat was used when no unreserved one was free.
    if (
      settings.cap !== null &&
      current?.state !== 'invited' &&
      (await occupiedCount(trx, guildId)) + settings.reserved >= settings.cap &&
      settings.reserved > 0
    ) {
      await trx
        .updateTable('membership_settings')
        .set({ reserved: settings.reserved - 1 })
        .where('guild_id', '=', guildId)
        .execute();
    }
    await writeMembership(
      trx,
      guildId,
      userId,
      {
        state: 'admitted',
        seat,
        admitted_at: now,
        role_synced: 0,
        barred_at: null,
        barred_by: null,
        barred_told: 0,
      },
      now,
    );
    await enqueueAdmitted(trx, guildId, userId, now, now);
    return { seat };
  });
}

/**
 * A manager takes a member's seat away (the role is removed) or takes them off the waitlist. The
 * decision lasts: leaving and rejoining does not bring them back; only a manager does
 * (`/seats admit`, approving their answers, or granting the member role by hand).
 */
export async function removeMember(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
  by: string | null = null,
): Promise<{ was: MembershipState; promoted: readonly Promotion[] }> {
  return db.transaction().execute(async (trx) => {
    const settings = await ensureSettings(trx, guildId, now);
    const current = await membership(trx, guildId, userId);
    if (current === undefined || !['admitted', 'invited', 'waiting'].includes(current.state))
      throw new UserError('seats.notListed');
    await writeMembership(
      trx,
      guildId,
      userId,
      {
        state: current.state === 'waiting' ? 'dropped' : 'removed',
        role_synced: current.state === 'admitted' ? 0 : 1,
        barred_at: now,
        barred_by: by,
        barred_told: 0,
      },
      now,
    );
    if (current.seat !== null) await releaseSeat(trx, guildId, current.seat, settings, now);
    if (current.state === 'admitted') await enqueueRevoke(trx, guildId, userId, now);
    return { was: current.state, promoted: await promote(trx, guildId, now) };
  });
}

/** Moves a waiting member to a 1-based position; the others keep their order. */
export async function moveInWaitlist(
  db: Db,
  guildId: string,
  userId: string,
  position: number,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const settings = await ensureSettings(trx, guildId, now);
    const waiting = await trx
      .selectFrom('memberships')
      .select(['user_id', 'ticket'])
      .where('guild_id', '=', guildId)
      .where('state', '=', 'waiting')
      .orderBy('ticket')
      .execute();
    const index = waiting.findIndex((w) => w.user_id === userId);
    if (index === -1) throw new UserError('seats.notWaiting');
    const order = waiting.map((w) => w.user_id);
    order.splice(index, 1);
    const target = Math.min(Math.max(Math.trunc(position), 1), order.length + 1);
    order.splice(target - 1, 0, userId);
    // Fresh tickets after every existing one keep the unique constraint satisfied at every step.
    let ticket = settings.next_ticket;
    for (const id of order)
      await trx
        .updateTable('memberships')
        .set({ ticket: ticket++, updated_at: now })
        .where('guild_id', '=', guildId)
        .where('user_id', '=', id)
        .execute();
    await trx
      .updateTable('membership_settings')
      .set({ next_ticket: ticket })
      .where('guild_id', '=', guildId)
      .execute();
    return target;
  });
}

/** A member takes themselves off the waitlist. */
export async function leaveWaitlist(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await membership(trx, guildId, userId);
    if (current?.state !== 'waiting') throw new UserError('seats.notWaiting');
    await writeMembership(trx, guildId, userId, { state: 'dropped', role_synced: 1 }, now);
  });
}

/** The invited member confirms in time and is admitted. */
export async function confirmSeat(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<{ seat: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await membership(trx, guildId, userId);
    if (current?.state === 'admitted') throw new UserError('seats.alreadyAdmitted');
    if (current?.state !== 'invited' || current.invite_expires_at! <= now)
      throw new UserError('seats.offerExpired');
    await writeMembership(
      trx,
      guildId,
      userId,
      { state: 'admitted', seat: current.seat, admitted_at: now, role_synced: 0 },
      now,
    );
    await enqueueAdmitted(trx, guildId, userId, now, now);
    return { seat: current.seat! };
  });
}

export interface Expiry {
  readonly guildId: string;
  readonly userId: string;
  /** Their place in the waitlist when they keep it, or undefined when they left the list. */
  readonly position: number | undefined;
  readonly promoted: readonly Promotion[];
}

/** Offers past their deadline pass the seat on. Run by the minute ticker; safe to run twice. */
export async function expireInvitations(db: Db, now: number): Promise<Expiry[]> {
  const due = await db
    .selectFrom('memberships')
    .select(['guild_id', 'user_id'])
    .where('state', '=', 'invited')
    .where('invite_expires_at', '<=', now)
    .execute();
  const expiries: Expiry[] = [];
  for (const { guild_id: guildId, user_id: userId } of due) {
    const expiry = await db.transaction().execute(async (trx) => {
      const current = await membership(trx, guildId, userId);
      if (current?.state !== 'invited' || current.invite_expires_at! > now) return undefined;
      const settings = await ensureSettings(trx, guildId, now);
      const keep = settings.skip_policy === 'keep';
      await writeMembership(
        trx,
        guildId,
        userId,
        keep
          ? {
              state: 'waiting',
              ticket: current.ticket,
              waiting_since: now,
              last_expired_at: now,
              role_synced: 1,
            }
          : { state: 'dropped', last_expired_at: now, role_synced: 1 },
        now,
      );
      await releaseSeat(trx, guildId, current.seat!, settings, now);
      const position = keep ? await positionIn(trx, guildId, current.ticket!) : undefined;
      await enqueueTell(
        trx,
        guildId,
        userId,
        `expired:${await newDecision(trx)}`,
        {
          dm:
            position === undefined
              ? { key: 'seats.expiredDrop', params: {} }
              : { key: 'seats.expiredKeep', params: { position } },
        },
        now,
      );
      const promoted = await promote(trx, guildId, now);
      return { guildId, userId, position, promoted };
    });
    if (expiry !== undefined) expiries.push(expiry);
  }
  return expiries;
}

export interface SeatSummary {
  readonly cap: number | null;
  readonly admitted: number;
  readonly invited: number;
  readonly reserved: number;
  readonly free: number;
  readonly waiting: number;
}

export async function seatSummary(db: Db, guildId: string): Promise<SeatSummary> {
  const settings = await getMembershipSettings(db, guildId);
  const counts = await db
    .selectFrom('memberships')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('guild_id', '=', guildId)
    .groupBy('state')
    .execute();
  const count = (state: MembershipState) => Number(counts.find((c) => c.state === state)?.n ?? 0);
  const admitted = count('admitted');
  const invited = count('invited');
  const free =
    settings.cap === null ? 0 : Math.max(0, settings.cap - admitted - invited - settings.reserved);
  return {
    cap: settings.cap,
    admitted,
    invited,
    reserved: settings.reserved,
    free,
    waiting: count('waiting'),
  };
}

export async function waitlist(
  db: Db,
  guildId: string,
): Promise<{ userId: string; position: number; waitingSince: number }[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'waiting_since'])
    .where('guild_id', '=', guildId)
    .where('state', '=', 'waiting')
    .orderBy('ticket')
    .execute();
  return rows.map((r, i) => ({
    userId: r.user_id,
    position: i + 1,
    waitingSince: r.waiting_since ?? 0,
  }));
}

export async function standingOf(
  db: Db,
  guildId: string,
  userId: string,
): Promise<{
  state: MembershipState | 'none';
  position?: number;
  seat?: number;
  expiresAt?: number;
}> {
  const current = await membership(db, guildId, userId);
  if (current === undefined) return { state: 'none' };
  if (current.state === 'waiting')
    return { state: 'waiting', position: await positionIn(db, guildId, current.ticket!) };
  if (current.state === 'invited')
    return { state: 'invited', seat: current.seat!, expiresAt: current.invite_expires_at! };
  if (current.state === 'admitted') return { state: 'admitted', seat: current.seat! };
  return { state: current.state };
}

export interface Reconciliation {
  /** Members to grant the role to (admitted in the database, role missing on Discord). */
  readonly grant: readonly string[];
  /** Members to remove the role from (removed in the database, role still on Discord). */
  readonly revoke: readonly string[];
  readonly promoted: readonly Promotion[];
}

/**
 * Compares the database with Discord's member list (who is present, who holds the member role)
 * and returns what to do so Discord matches the database: roles Hearth still owes (a crash
 * between recording and granting), roles it still has to take away, and manual changes made
 * while it was offline, which are taken into the database. Running it twice changes nothing the
 * second time.
 */
export async function reconcileMemberships(
  db: Db,
  guildId: string,
  present: ReadonlyMap<string, boolean>,
  now: number,
  /**
   * Each member's bar fingerprint: a manager who granted the member role by hand while Hearth was
   * offline lifted a removal kept after an erase too, as the same grant made online does.
   */
  barSubjectOf: (userId: string) => string | undefined = () => undefined,
): Promise<Reconciliation> {
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', 'state', 'role_synced'])
    .where('guild_id', '=', guildId)
    .execute();
  const known = new Map(rows.map((r) => [r.user_id, r]));
  const grant: string[] = [];
  const revoke: string[] = [];
  const promoted: Promotion[] = [];
  // Departures first, waiting members before seated ones, so no seat is offered to someone gone.
  const absent = rows.filter((r) => !present.has(r.user_id));
  for (const row of absent.filter((r) => r.state === 'waiting'))
    await memberLeft(db, guildId, row.user_id, now);
  for (const row of absent.filter((r) => r.state === 'admitted' || r.state === 'invited'))
    promoted.push(...(await memberLeft(db, guildId, row.user_id, now)));
  for (const row of rows) {
    const hasRole = present.get(row.user_id);
    if (hasRole === undefined) continue;
    if (row.state === 'admitted' && !hasRole && row.role_synced === 0) grant.push(row.user_id);
    else if (row.state === 'removed' && hasRole && row.role_synced === 0) revoke.push(row.user_id);
    else
      promoted.push(
        ...(await roleObserved(db, guildId, row.user_id, hasRole, now, barSubjectOf(row.user_id)))
          .promoted,
      );
  }
  // Members holding the role that Hearth has no record of: admitted by hand (or before the cap).
  // A removal kept after their erase is lifted with it: the grant is a manager's decision.
  for (const [userId, hasRole] of present) {
    if (hasRole && !known.has(userId))
      promoted.push(
        ...(await roleObserved(db, guildId, userId, true, now, barSubjectOf(userId))).promoted,
      );
  }
  return { grant, revoke, promoted };
}

/** A member in the server at start-up, as Discord lists them. */
export interface PresentMember {
  readonly userId: string;
  readonly joinedAt: number;
  readonly hasRole: boolean;
}

/**
 * With onboarding off, joining is the admission step; a join made while Hearth was offline is
 * not replayed by Discord, so at start-up each member who joined after `joins_seen_at` (and
 * holds no member role) goes through {@link requestAdmission} as the join would have, oldest
 * join first (seats in join order, the rest to the end of the FIFO waitlist, a barred member
 * told once), each told by DM. A join Hearth already acted on (its record changed after the
 * join) is left alone; a seat or place held from a stay that ended offline is given up first, as
 * leaving would have. The first start after this existed knows of no join: it only sets the mark.
 */
export async function admitMissedJoins(
  db: Db,
  guildId: string,
  present: readonly PresentMember[],
  now: number,
  barSubjectOf: (userId: string) => string | undefined = () => undefined,
): Promise<AdmissionResult[]> {
  const since = await db
    .transaction()
    .execute(async (trx) => (await ensureSettings(trx, guildId, now)).joins_seen_at);
  const results: AdmissionResult[] = [];
  if (since !== null) {
    const missed = present
      .filter((m) => !m.hasRole && m.joinedAt > since)
      .sort((x, y) => x.joinedAt - y.joinedAt || (x.userId < y.userId ? -1 : 1));
    for (const m of missed) {
      const row = await db
        .selectFrom('memberships')
        .select(['state', 'updated_at'])
        .where('guild_id', '=', guildId)
        .where('user_id', '=', m.userId)
        .executeTakeFirst();
      if (row !== undefined && row.updated_at >= m.joinedAt) continue;
      if (row !== undefined && ['admitted', 'invited', 'waiting'].includes(row.state))
        await memberLeft(db, guildId, m.userId, now);
      const barSubject = barSubjectOf(m.userId);
      results.push(
        await requestAdmission(db, guildId, m.userId, now, {
          tellByDm: true,
          ...(barSubject === undefined ? {} : { barSubject }),
        }),
      );
    }
  }
  await markJoinsSeen(db, now, guildId);
  return results;
}

/** Joins up to `now` are seen (the minute job, for every server; start-up, for one). */
export async function markJoinsSeen(db: Db, now: number, guildId?: string): Promise<void> {
  let update = db.updateTable('membership_settings').set({ joins_seen_at: now });
  if (guildId !== undefined) update = update.where('guild_id', '=', guildId);
  await update.execute();
}

/** Message activity: the last time a member wrote, kept at most hourly. */
export async function recordActivity(
  db: Db,
  guildId: string,
  userId: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('member_activity')
    .values({ guild_id: guildId, user_id: userId, last_message_at: at })
    .onConflict((oc) =>
      oc
        .columns(['guild_id', 'user_id'])
        .doUpdateSet({ last_message_at: at })
        .where('member_activity.last_message_at', '<', at - HOUR_MS),
    )
    .execute();
}

/** Admitted members with no message since `since`: for a manager's decision, never acted on by Hearth. */
export async function inactiveMembers(
  db: Db,
  guildId: string,
  since: number,
): Promise<{ userId: string; lastMessageAt: number | null; admittedAt: number | null }[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .leftJoin('member_activity as a', (j) =>
      j.onRef('a.guild_id', '=', 'm.guild_id').onRef('a.user_id', '=', 'm.user_id'),
    )
    .select(['m.user_id', 'a.last_message_at', 'm.admitted_at'])
    .where('m.guild_id', '=', guildId)
    .where('m.state', '=', 'admitted')
    .where((eb) =>
      eb.or([eb('a.last_message_at', 'is', null), eb('a.last_message_at', '<', since)]),
    )
    .orderBy('a.last_message_at')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    lastMessageAt: r.last_message_at,
    admittedAt: r.admitted_at,
  }));
}

export interface MembershipErasure {
  /** What the member's record was before the erase, or undefined when they had none. */
  readonly was: MembershipState | undefined;
  readonly seat: number | null;
  /** The record was written afresh (still a member, keeping the member role). */
  readonly keptSeat: boolean;
  readonly promoted: readonly Promotion[];
}

/**
 * Erases a member's seat and waitlist history, in the caller's transaction. A member who stays in
 * the server with the member role keeps their seat, recorded afresh (admitted now, nothing
 * else): Discord still shows them as a member, and the next sync would count them again anyway.
 * Anyone else loses their record: a waiting member their place, an invited or admitted one their
 * seat, which passes to the next person in line (the caller carries that out on Discord).
 */
export async function eraseMembership(
  trx: Tx,
  guildId: string,
  userId: string,
  {
    now,
    keepSeat,
    barSubject,
  }: {
    now: number;
    keepSeat: boolean;
    /** The member's bar fingerprint (asked only when a manager's removal must outlive the erase). */
    barSubject: () => string;
  },
): Promise<MembershipErasure> {
  const current = await membership(trx, guildId, userId);
  if (current === undefined) return { was: undefined, seat: null, keptSeat: false, promoted: [] };
  // A manager's removal stands: kept under a fingerprint, not the id, and only the day of it.
  if (current.barred_at !== null)
    await trx
      .insertInto('member_bars')
      .values({
        guild_id: guildId,
        subject: barSubject(),
        barred_on: current.barred_at - (current.barred_at % 86_400_000),
        told: current.barred_told,
      })
      .onConflict((oc) => oc.columns(['guild_id', 'subject']).doNothing())
      .execute();
  await trx
    .deleteFrom('memberships')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
  if (current.state === 'admitted' && keepSeat) {
    await writeMembership(
      trx,
      guildId,
      userId,
      { state: 'admitted', seat: current.seat, admitted_at: now, role_synced: 1 },
      now,
    );
    return { was: current.state, seat: current.seat, keptSeat: true, promoted: [] };
  }
  if (current.seat === null)
    return { was: current.state, seat: null, keptSeat: false, promoted: [] };
  const settings = await ensureSettings(trx, guildId, now);
  await releaseSeat(trx, guildId, current.seat, settings, now);
  return {
    was: current.state,
    seat: current.seat,
    keptSeat: false,
    promoted: await promote(trx, guildId, now),
  };
}

/** Where a member stands, for the notes shown before they erase their data. */
export async function membershipOf(
  db: Db,
  guildId: string,
  userId: string,
): Promise<{ state: MembershipState; seat: number | null; barred: boolean } | undefined> {
  const row = await membership(db, guildId, userId);
  return row === undefined
    ? undefined
    : { state: row.state, seat: row.seat, barred: row.barred_at !== null };
}
