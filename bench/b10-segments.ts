/**
 * B10: segments over 5,000 members with a year of activity. Evaluating one 3-rule segment (an
 * onboarding answer, active in the last 30 days, at least 10 messages in the last 90) against the
 * 20 ms target, and a full recount of 50 segments after an activity fold against the 1 s target;
 * each beside the same rules written by hand as raw SQL on better-sqlite3, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { ensureGuild } from '../src/core/guilds.js';
import { addQuestion } from '../src/features/onboarding/questionnaire.js';
import { foldEvents, ingestEvents, type MessageEvent } from '../src/features/insights/service.js';
import { DAY_MS, dayOf, evaluateRules, type SegmentRules } from '../src/features/segments/rules.js';
import {
  addRule,
  createSegment,
  reconcileRoster,
  refreshSegments,
} from '../src/features/segments/service.js';

const GUILD = '100000000000000001';
const MEMBERS = 5_000;
const END = Date.UTC(2026, 10, 21, 12);
const TODAY = dayOf(END);

/** A fixed pseudo-random sequence: the same community on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * The same rules written by hand as raw SQL, in the shape Hearth compiles them to: the members who
 * picked the choice read once (IN), then activity checked for each of them.
 */
const RAW = `
  SELECT r.user_id FROM member_roster r
  WHERE r.guild_id = ? AND r.left_at IS NULL
    AND r.user_id IN (SELECT ac.user_id FROM answer_choices ac WHERE ac.guild_id = ?
                      AND ac.question_id = ? AND ac.choice_key = ?)
    AND EXISTS (SELECT 1 FROM member_days md WHERE md.guild_id = r.guild_id
                AND md.user_id = r.user_id AND md.day >= ? AND (md.messages > 0 OR md.threads > 0))
    AND (SELECT coalesce(sum(md.messages), 0) FROM member_days md WHERE md.guild_id = r.guild_id
         AND md.user_id = r.user_id AND md.day >= ?) >= ?
  ORDER BY r.user_id`;

/** The textbook form, every rule a correlated EXISTS per member: what Hearth no longer does. */
const NAIVE = `
  SELECT r.user_id FROM member_roster r
  WHERE r.guild_id = ? AND r.left_at IS NULL
    AND EXISTS (SELECT 1 FROM answer_choices ac WHERE ac.guild_id = r.guild_id
                AND ac.user_id = r.user_id AND ac.question_id = ? AND ac.choice_key = ?)
    AND EXISTS (SELECT 1 FROM member_days md WHERE md.guild_id = r.guild_id
                AND md.user_id = r.user_id AND md.day >= ? AND (md.messages > 0 OR md.threads > 0))
    AND (SELECT coalesce(sum(md.messages), 0) FROM member_days md WHERE md.guild_id = r.guild_id
         AND md.user_id = r.user_id AND md.day >= ?) >= ?
  ORDER BY r.user_id`;

export async function benchSegments(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const path = join(dir, 'bench.sqlite');
  const db = openDatabase(path);
  await migrateToLatest(db);
  await ensureGuild(db, GUILD, { now: 0 });
  const random = rng(10);
  const userIds = Array.from({ length: MEMBERS }, (_, i) => `2${String(i).padStart(17, '0')}`);

  // The questionnaire: experience (single) and interests (multi).
  const experience = await addQuestion(
    db,
    GUILD,
    {
      kind: 'single',
      label: 'Experience',
      required: true,
      choicesText: 'Beginner\nIntermediate\nExpert',
    },
    0,
  );
  const interests = await addQuestion(
    db,
    GUILD,
    {
      kind: 'multi',
      label: 'Interests',
      required: true,
      choicesText: 'Recipes\nBaking\nGardening\nFermenting\nGrilling\nDesserts',
      minValues: 1,
      maxValues: 3,
    },
    0,
  );
  const levels = experience.definition.choices!.map((c) => c.key);
  const topics = interests.definition.choices!.map((c) => c.key);

  // Members, roles and answers, written with raw statements (setup, not measured).
  await reconcileRoster(
    db,
    GUILD,
    userIds.map((userId) => ({
      userId,
      joinedAt: END - Math.floor(random() * 730) * DAY_MS,
      roles: random() < 0.3 ? ['400000000000000001'] : [],
    })),
    END,
  );
  const raw = new BetterSqlite3(path);
  raw.pragma('synchronous = NORMAL');
  const member = raw.prepare(
    "insert into onboarding_members (guild_id, user_id, status, joined_at) values (?, ?, 'completed', 0)",
  );
  const answer = raw.prepare(
    'insert into answers (guild_id, user_id, question_id, revision, value, answered_at) values (?, ?, ?, 1, ?, 0)',
  );
  const choice = raw.prepare(
    'insert into answer_choices (guild_id, user_id, question_id, choice_key) values (?, ?, ?, ?)',
  );
  raw.transaction(() => {
    for (const userId of userIds) {
      if (random() < 0.2) continue;
      member.run(GUILD, userId);
      const level = levels[Math.floor(random() * levels.length)]!;
      answer.run(GUILD, userId, experience.id, JSON.stringify({ choices: [level] }));
      choice.run(GUILD, userId, experience.id, level);
      const picked = topics.filter(() => random() < 0.35).slice(0, 3);
      if (picked.length === 0) picked.push(topics[0]!);
      answer.run(GUILD, userId, interests.id, JSON.stringify({ choices: picked }));
      for (const p of picked) choice.run(GUILD, userId, interests.id, p);
    }
  })();
  // A year of activity: each member active on about one day in five, folded into member_days.
  const day = raw.prepare(
    `insert into member_days (guild_id, user_id, day, staff, messages, top_level, replies_member,
       replies_staff, replies_bot, threads, words, counted) values (?, ?, ?, 0, ?, ?, 0, 0, 0, 0, 0, 0)`,
  );
  let memberDays = 0;
  raw.transaction(() => {
    for (const userId of userIds) {
      const keen = random();
      for (let d = TODAY - 364; d <= TODAY; d += 1) {
        if (random() > keen * 0.4) continue;
        const messages = 1 + Math.floor(random() * 6);
        day.run(GUILD, userId, d, messages, messages);
        memberDays += 1;
      }
    }
  })();

  // One 3-rule segment.
  const rules: SegmentRules = {
    v: 1,
    root: {
      kind: 'all',
      of: [
        { kind: 'choice', question: experience.id, choice: levels[0]! },
        { kind: 'active', days: 30 },
        { kind: 'messages', atLeast: 10, days: 90 },
      ],
    },
  };
  const rawQuery = raw.prepare(RAW).pluck();
  const naiveQuery = raw.prepare(NAIVE).pluck();
  const rawArgs = (level: string, active: number, atLeast: number) => [
    GUILD,
    GUILD,
    experience.id,
    level,
    TODAY - active + 1,
    TODAY - 90 + 1,
    atLeast,
  ];
  const naiveArgs = (level: string, active: number, atLeast: number) => [
    GUILD,
    experience.id,
    level,
    TODAY - active + 1,
    TODAY - 90 + 1,
    atLeast,
  ];
  const ours: number[] = [];
  const theirs: number[] = [];
  const naive: number[] = [];
  let matched = 0;
  for (let i = -3; i < 20; i += 1) {
    let t = process.hrtime.bigint();
    const got = await evaluateRules(db, GUILD, rules, END);
    if (i >= 0) ours.push(ms(t));
    t = process.hrtime.bigint();
    const expected = rawQuery.all(...rawArgs(levels[0]!, 30, 10)) as string[];
    if (i >= 0) theirs.push(ms(t));
    t = process.hrtime.bigint();
    const textbook = naiveQuery.all(...naiveArgs(levels[0]!, 30, 10)) as string[];
    if (i >= 0) naive.push(ms(t));
    if (textbook.length !== expected.length) throw new Error('B10: the two raw forms disagree');
    if (got.length !== expected.length) throw new Error('B10: the segment and raw SQL disagree');
    matched = got.length;
  }

  // 50 segments: every mix of level, activity window and message threshold.
  const combos: [string, number, number][] = [];
  for (const level of levels)
    for (const active of [7, 14, 30, 60, 90])
      for (const atLeast of [1, 5, 10, 20]) combos.push([level, active, atLeast]);
  const fifty = combos.slice(0, 50);
  for (const [i, [level, active, atLeast]] of fifty.entries()) {
    const s = await createSegment(db, GUILD, { name: `S${i}`, match: 'all', by: '1' }, END);
    await addRule(
      db,
      GUILD,
      s.id,
      { kind: 'choice', question: experience.id, choice: level },
      {},
      END,
    );
    await addRule(db, GUILD, s.id, { kind: 'active', days: active }, {}, END);
    await addRule(db, GUILD, s.id, { kind: 'messages', atLeast, days: 90 }, {}, END);
  }
  await refreshSegments(db, GUILD, END);

  // An activity fold: a batch of today's messages lands, yesterday's raw events fold away.
  const recounts: number[] = [];
  const rawRecounts: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const batch: MessageEvent[] = userIds
      .slice(round * 200, round * 200 + 200)
      .map((userId, i) => ({
        guildId: GUILD,
        userId,
        channelId: '300000000000000001',
        at: END + round * 60_000 + i,
        staff: false,
        replyTo: null,
        startsThread: false,
        words: null,
      }));
    await ingestEvents(db, batch);
    await foldEvents(db, TODAY);
    let t = process.hrtime.bigint();
    const changes = await refreshSegments(db, GUILD, END + round * 60_000 + 1_000);
    recounts.push(ms(t));
    if (changes.length !== 50) throw new Error(`B10: ${changes.length} of 50 segments recounted`);
    t = process.hrtime.bigint();
    for (const [level, active, atLeast] of fifty) rawQuery.all(...rawArgs(level, active, atLeast));
    rawRecounts.push(ms(t));
  }
  raw.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });

  // How busy the machine was: the same fixed loop takes about 10 ms on an idle modern core.
  const calibration: number[] = [];
  for (let r = 0; r < 5; r += 1) {
    const t = process.hrtime.bigint();
    let sum = 0;
    for (let i = 0; i < 10_000_000; i += 1) sum += i;
    if (sum < 0) throw new Error('unreachable');
    calibration.push(ms(t));
  }
  const one = median(ours);
  const oneRaw = median(theirs);
  const all = median(recounts);
  const allRaw = median(rawRecounts);
  return [
    `B10 segments: ${MEMBERS} members, ${memberDays.toLocaleString('en')} member-days of activity (a year), WAL file`,
    `  one 3-rule segment (answer, active 30 d, >= 10 messages in 90 d; ${matched} members): median ${one.toFixed(1)} ms, worst ${Math.max(...ours).toFixed(1)} ms  (target <= 20 ms: ${one <= 20 ? 'met' : 'NOT MET'})`,
    `    raw SQL of the same rules                 median ${oneRaw.toFixed(1)} ms   ratio ours/raw ${(one / oneRaw).toFixed(2)}x`,
    `    raw SQL, every rule a correlated EXISTS   median ${median(naive).toFixed(1)} ms   ratio ours/that ${(one / median(naive)).toFixed(2)}x`,
    `  full recount of 50 segments after an activity fold: median ${all.toFixed(0)} ms, worst ${Math.max(...recounts).toFixed(0)} ms  (target <= 1000 ms: ${all <= 1000 ? 'met' : 'NOT MET'})`,
    `    50 raw SQL queries of the same rules      median ${allRaw.toFixed(0)} ms   ratio ours/raw ${(all / allRaw).toFixed(2)}x`,
    `  machine: 10 million additions took ${median(calibration).toFixed(0)} ms (about 10 ms on an idle core; compare the times above with that)`,
  ];
}
