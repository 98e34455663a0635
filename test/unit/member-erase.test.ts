import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import {
  describeMember,
  eraseMember,
  exportMember,
  guildsNaming,
  memberDataEntries,
  membersNamed,
  type MemberDataEntry,
} from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';
import { pollOf, vote } from '../../src/features/polls/service.js';
import { allRows, rowCount, rowsNaming, seedMember } from '../helpers/member-data.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const NOW = Date.UTC(2026, 11, 1, 12, 0);
const secret = randomBytes(32);
const entries = memberDataEntries(features);
const options = { now: NOW, keepRoles: true, stillMember: false };

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await seedMember(db, { guildId: G, userId: ALICE, now: NOW, secret });
  await seedMember(db, { guildId: G, userId: BOB, now: NOW, secret });
  await seedMember(db, { guildId: OTHER, userId: ALICE, now: NOW, secret });
});
afterEach(async () => {
  await db.destroy();
});

describe('erasing a member through the data map', () => {
  it('leaves no row naming them in that server, and touches no other member or server', async () => {
    const bob = await rowsNaming(db, BOB, G);
    const elsewhere = await rowsNaming(db, ALICE, OTHER);
    const tallies = await db.selectFrom('poll_tallies').selectAll().orderBy('poll_id').execute();
    expect(rowCount(await rowsNaming(db, ALICE, G))).toBeGreaterThan(15);
    await eraseMember(db, entries, { guildId: G, userId: ALICE }, options);
    expect(await rowsNaming(db, ALICE, G)).toEqual({});
    expect(await rowsNaming(db, BOB, G)).toEqual(bob);
    expect(await rowsNaming(db, ALICE, OTHER)).toEqual(elsewhere);
    // Named votes in open polls are withdrawn; anonymous ones keep counting.
    const after = await db.selectFrom('poll_tallies').selectAll().orderBy('poll_id').execute();
    const byPoll = (rows: typeof tallies, poll: number) =>
      rows.filter((r) => r.poll_id === poll).map((r) => r.votes);
    const polls = await db.selectFrom('polls').select(['id', 'anonymous', 'guild_id']).execute();
    // Each seeded member has a poll of each kind; alice's named poll loses her vote, bob's not.
    const named = polls.filter((p) => p.guild_id === G && p.anonymous === 0).map((p) => p.id);
    for (const p of polls.filter((p) => p.guild_id === G)) {
      if (p.anonymous === 1) expect(byPoll(after, p.id)).toEqual(byPoll(tallies, p.id));
    }
    expect(named.map((id) => byPoll(after, id))).toEqual([[0], [1]]);
    expect(await guildsNaming(db, entries, ALICE)).toEqual([OTHER]);
    expect(await membersNamed(db, entries, G)).toEqual(new Set([BOB]));
  });

  it('keeps a closed poll’s counts as they were announced', async () => {
    const named = (
      await db
        .selectFrom('polls')
        .select('id')
        .where('guild_id', '=', G)
        .where('anonymous', '=', 0)
        .execute()
    )[0]!.id;
    await db.updateTable('polls').set({ status: 'closed' }).where('id', '=', named).execute();
    const before = await pollOf(db, G, named);
    await eraseMember(db, entries, { guildId: G, userId: ALICE }, options);
    expect((await pollOf(db, G, named)).voters).toBe(before.voters);
    expect(
      (
        await db.selectFrom('poll_tallies').select('votes').where('poll_id', '=', named).execute()
      ).map((t) => t.votes),
    ).toEqual([1]);
  });

  it('lets a member who erased vote again in an open named poll and be counted once', async () => {
    const poll = (
      await db
        .selectFrom('polls')
        .selectAll()
        .where('guild_id', '=', G)
        .where('anonymous', '=', 0)
        .execute()
    )[0]!;
    await eraseMember(db, entries, { guildId: G, userId: ALICE }, options);
    await vote(db, {
      guildId: G,
      pollId: poll.id,
      voter: ALICE,
      ballot: new Map([[0, { choices: [1] }]]),
      now: NOW,
    });
    // Her earlier vote was withdrawn at the erase: the new one is the only one.
    expect((await pollOf(db, G, poll.id)).voters).toBe(1);
    expect(
      await db
        .selectFrom('poll_tallies')
        .select(['choice', 'votes'])
        .where('poll_id', '=', poll.id)
        .orderBy('choice')
        .execute(),
    ).toEqual([
      { choice: 0, votes: 0 },
      { choice: 1, votes: 1 },
    ]);
  });

  it('counts the same before and after for the figures it pseudonymizes', async () => {
    const days = await db
      .selectFrom('member_days')
      .select(['day', 'messages'])
      .where('guild_id', '=', G)
      .orderBy('day')
      .execute();
    await eraseMember(db, entries, { guildId: G, userId: ALICE }, options);
    expect(
      await db
        .selectFrom('member_days')
        .select(['day', 'messages'])
        .where('guild_id', '=', G)
        .orderBy('day')
        .execute(),
    ).toEqual(days);
    const stand = await db
      .selectFrom('member_days')
      .select('user_id')
      .distinct()
      .where('guild_id', '=', G)
      .execute();
    expect(stand.map((s) => s.user_id).sort()).toEqual(
      [BOB, expect.stringMatching(/^erased-/)].sort(),
    );
  });

  it('is one transaction: a failing step leaves every row as it was', async () => {
    const before = await allRows(db);
    const failing: MemberDataEntry = {
      feature: 'failing',
      data: {
        columns: [],
        erase() {
          return Promise.reject(new Error('disk on fire'));
        },
      },
    };
    await expect(
      eraseMember(db, [...entries, failing], { guildId: G, userId: ALICE }, options),
    ).rejects.toThrow('disk on fire');
    expect(await allRows(db)).toEqual(before);
  });

  it('refuses to commit when a step the feature promised to do left the member named', async () => {
    const before = await allRows(db);
    // A feature that says it erases a column itself, and then does not.
    const forgetful: MemberDataEntry[] = entries.map((e) =>
      e.feature !== 'membership'
        ? e
        : {
            feature: e.feature,
            data: {
              ...e.data,
              columns: e.data.columns.map((c) =>
                c.table === 'member_activity' ? { ...c, byFeature: true as const } : c,
              ),
            },
          },
    );
    await expect(
      eraseMember(db, forgetful, { guildId: G, userId: ALICE }, options),
    ).rejects.toThrow('erase left 1 rows naming the member in member_activity.user_id');
    expect(await allRows(db)).toEqual(before);
  });

  it('describes and exports exactly the rows it finds', async () => {
    const description = await describeMember(db, entries, { guildId: G, userId: ALICE });
    const sections = await exportMember(db, entries, { guildId: G, userId: ALICE });
    const naming = await rowsNaming(db, ALICE, G);
    expect(description.counts.reduce((s, c) => s + c.rows, 0)).toBe(rowCount(naming));
    expect(sections.reduce((s, x) => s + x.rows.length, 0)).toBe(rowCount(naming));
    expect(JSON.stringify(sections)).not.toContain(BOB);
  });
});

describe('the database file after an erase', () => {
  it('holds no byte of what was deleted or replaced, in its free space or its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-erase-file-'));
    const path = join(dir, 'hearth.sqlite');
    const file = openDatabase(path);
    try {
      await migrateToLatest(file);
      await seedMember(file, {
        guildId: G,
        userId: ALICE,
        now: NOW,
        secret,
        days: 40,
        replies: 50,
      });
      await seedMember(file, { guildId: G, userId: BOB, now: NOW, secret, days: 40, replies: 50 });
      const bytes = () =>
        Buffer.concat(
          [path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
        );
      for (const words of [ALICE, `the answer of ${ALICE}`, `words of ${ALICE}`])
        expect(bytes().includes(words)).toBe(true);
      await eraseMember(file, entries, { guildId: G, userId: ALICE }, options);
      // What a copy of the files, taken now beside the running process, would show.
      for (const words of [ALICE, `the answer of ${ALICE}`, `words of ${ALICE}`])
        expect(bytes().includes(words), words).toBe(false);
      expect(bytes().includes(`the answer of ${BOB}`)).toBe(true);
    } finally {
      await file.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
