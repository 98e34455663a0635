import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild, updateSettings } from '../../src/core/guilds.js';
import { addPrompt } from '../../src/features/prompts/bank.js';
import {
  claimDue,
  createSchedule,
  failAndPause,
  occurrenceNonce,
  pendingPosts,
  type Pick,
} from '../../src/features/prompts/schedules.js';
import { fromLocal, localTime } from '../../src/core/local-time.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const END = Date.UTC(2028, 0, 1);
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Rome',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
  'Asia/Tokyo',
  'UTC',
];

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
});

const guildId = (i: number) => `1${String(i).padStart(17, '0')}`;

describe('the scheduler over two simulated years', () => {
  it('claims exactly one run per week at 02:30, 01:30 and 00:30 local in every zone, strictly increasing, never in a gap', async () => {
    const schedules: { id: number; zone: string; hour: number; minute: number }[] = [];
    let n = 0;
    for (const zone of ZONES) {
      for (const [hour, minute] of [
        [2, 30],
        [1, 30],
        [0, 30],
      ] as const) {
        const g = guildId(n++);
        await ensureGuild(db, g, { now: START });
        await updateSettings(db, g, { timezone: zone }, START);
        await addPrompt(db, g, { text: 'What made you smile this week?' }, START);
        const schedule = await createSchedule(
          db,
          g,
          {
            channelId: '200000000000000001',
            rule: {
              kind: 'weekly',
              weekdays: [0],
              hour,
              minute,
              everyWeeks: 1,
              anchor: '2026-01-04',
            },
            tag: null,
            pick: 'queue',
          },
          zone,
          START,
        );
        schedules.push({ id: schedule.id, zone, hour, minute });
      }
    }
    // The ticker runs every hour of the two years (a fake clock; the bot ticks every minute).
    let ticks = 0;
    for (let clock = START; clock < END; clock += HOUR) {
      const result = await claimDue(db, clock, 6 * HOUR);
      expect(result.missed).toEqual([]);
      ticks++;
    }
    expect(ticks).toBe(17_520);
    for (const s of schedules) {
      const runs = await db
        .selectFrom('occurrences')
        .select(['due_at', 'status'])
        .where('schedule_id', '=', s.id)
        .orderBy('due_at')
        .execute();
      expect(runs, `${s.zone} ${s.hour}:${s.minute}`).toHaveLength(104);
      for (const [i, run] of runs.entries()) {
        expect(run.status).toBe('claimed');
        if (i > 0) expect(run.due_at).toBeGreaterThan(runs[i - 1]!.due_at);
        const local = localTime(s.zone, run.due_at);
        expect(local.weekday).toBe(0);
        // Never in the gap: the run's own local time exists and maps back to it.
        expect(
          fromLocal(s.zone, local.year, local.month, local.day, local.hour, local.minute).utc,
        ).toBe(run.due_at);
        expect(fromLocal(s.zone, local.year, local.month, local.day, s.hour, s.minute).utc).toBe(
          run.due_at,
        );
      }
    }
  }, 120_000);
});

describe('picking prompts', () => {
  async function runs(pick: Pick, count: number, tag: string | null = null): Promise<string[]> {
    const g = guildId(90);
    await ensureGuild(db, g, { now: START });
    for (const [text, t] of [
      ['A', 'x'],
      ['B', 'y'],
      ['C', 'x'],
      ['D', 'x'],
    ] as const)
      await addPrompt(db, g, { text, tag: t }, START);
    const schedule = await createSchedule(
      db,
      g,
      {
        channelId: '200000000000000001',
        rule: { kind: 'cron', expression: '0 * * * *' },
        tag,
        pick,
      },
      'UTC',
      START,
    );
    const texts: string[] = [];
    for (let i = 1; i <= count; i++) {
      await claimDue(db, START + i * HOUR, 6 * HOUR);
      const pending = await pendingPosts(db);
      texts.push(pending.at(-1)!.text);
      expect(pending.at(-1)!.nonce).toBe(occurrenceNonce(schedule.id, START + i * HOUR));
    }
    return texts;
  }

  it('queue order goes round the bank', async () => {
    expect(await runs('queue', 6)).toEqual(['A', 'B', 'C', 'D', 'A', 'B']);
  });

  it('a tag limits the bank', async () => {
    expect(await runs('queue', 4, 'x')).toEqual(['A', 'C', 'D', 'A']);
  });

  it('least used evens out', async () => {
    const texts = await runs('least_used', 8);
    for (const t of ['A', 'B', 'C', 'D']) expect(texts.filter((x) => x === t)).toHaveLength(2);
  });

  it('random repeats nothing until the bank is exhausted', async () => {
    const texts = await runs('random', 8);
    expect(new Set(texts.slice(0, 4)).size).toBe(4);
    expect(new Set(texts.slice(4, 8)).size).toBe(4);
  });
});

describe('pausing', () => {
  it('fails every pending run of a paused schedule and reports the pause once', async () => {
    const g = guildId(91);
    await ensureGuild(db, g, { now: START });
    await addPrompt(db, g, { text: 'Hi' }, START);
    await createSchedule(
      db,
      g,
      {
        channelId: '200000000000000001',
        rule: { kind: 'cron', expression: '0 * * * *' },
        tag: null,
        pick: 'queue',
      },
      'UTC',
      START,
    );
    // Six runs claimed hour by hour, none posted yet (no worker here).
    for (let h = 1; h <= 6; h++) await claimDue(db, START + h * HOUR, 6 * HOUR);
    const pending = await pendingPosts(db);
    expect(pending).toHaveLength(6);
    expect(await failAndPause(db, pending[0]!.id, 'channel')).toMatchObject({ firstTime: true });
    expect(await failAndPause(db, pending[1]!.id, 'channel')).toMatchObject({ firstTime: false });
    expect(await pendingPosts(db)).toEqual([]);
    // Paused: later ticks claim nothing.
    expect((await claimDue(db, START + 9 * HOUR, 6 * HOUR)).claimed).toBe(0);
  });
});
