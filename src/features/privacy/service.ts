/**
 * Departures and the retention of departed members' data, on the database. A member who leaves is
 * recorded with the time; once MEMBER_DATA_RETENTION_DAYS have passed without their return, their
 * data is erased (by the adapter, through the data map). No Discord here.
 */
import type { Db } from '../../core/db/database.js';
import * as repo from './repository.js';

/** The member left (now, or while Hearth was offline): the retention window starts. */
export async function recordDepartures(
  db: Db,
  guildId: string,
  userIds: readonly string[],
  at: number,
): Promise<void> {
  // A second notice of the same departure keeps the first time.
  await repo.insertDepartures(db, guildId, userIds, at);
}

/** The members came back: their data is theirs again, with no erase pending. */
export async function clearDepartures(
  db: Db,
  guildId: string,
  userIds: readonly string[],
): Promise<void> {
  await repo.deleteDepartures(db, guildId, userIds);
}

/** Departures whose retention window has passed (left at or before `leftBy`), oldest first. */
export async function dueDepartures(
  db: Db,
  leftBy: number,
  limit = 500,
): Promise<{ guildId: string; userId: string }[]> {
  return repo.departuresBy(db, leftBy, limit);
}

/** Whether the server keeps any erasure fingerprint, which needs its member list at start-up. */
export async function keepsErasures(db: Db, guildId: string): Promise<boolean> {
  return repo.hasErasures(db, guildId);
}

/** Once an hour per member and server: an export reads every table. Kept in memory only. */
export class ExportLimiter {
  readonly #last = new Map<string, number>();
  constructor(readonly everyMs: number) {}

  /** Claims an export now, or returns when the next one is allowed. */
  claim(guildId: string, userId: string, now: number): { ok: true } | { ok: false; at: number } {
    const key = `${guildId}:${userId}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.everyMs)
      return { ok: false, at: last + this.everyMs };
    if (this.#last.size > 10_000)
      for (const [k, at] of this.#last) if (now - at >= this.everyMs) this.#last.delete(k);
    this.#last.set(key, now);
    return { ok: true };
  }

  /** The export failed before the member got it: it does not count. */
  release(guildId: string, userId: string): void {
    this.#last.delete(`${guildId}:${userId}`);
  }
}
