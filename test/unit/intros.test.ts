import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { UserError } from '../../src/core/errors.js';
import {
  eraseMember as eraseMemberData,
  exportMember,
  keptSubject,
  memberDataEntries,
} from '../../src/core/member-data.js';
import { features } from '../../src/features/index.js';
import { allRows, rowsNaming } from '../helpers/member-data.js';
import { matchRound, maxWeightMatching, type Link } from '../../src/features/intros/match.js';
import {
  answerCheckIn,
  answerStay,
  avoidMember,
  claimCheckIns,
  commonGround,
  introStatus,
  joinIntros,
  leaveIntros,
  memberLeftServer,
  memberState,
  pruneReplyPairs,
  recordReply,
  pairScorer,
  pauseIntros,
  reconcileIntroMembers,
  runRound,
  setupIntros,
  type Criterion,
} from '../../src/features/intros/service.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 9, 0);
/** Hearth's key (hearth.key): the exclusions' hashes are keyed with it. */
const KEY = Buffer.alloc(32, 7);
const entries = memberDataEntries(features);
const eraseOptions = { now: T0, keepRoles: true, stillMember: true, key: KEY } as const;

type Edge = readonly [number, number, number];

/** The best (cardinality, then weight) over every matching, by brute force. */
function bruteForce(n: number, edges: readonly Edge[]): { size: number; weight: number } {
  const w = new Map(edges.map(([a, b, x]) => [`${a}|${b}`, x]));
  const used = new Array<boolean>(n).fill(false);
  let best = { size: 0, weight: 0 };
  const go = (i: number, size: number, weight: number) => {
    while (i < n && used[i]) i++;
    if (i >= n) {
      if (size > best.size || (size === best.size && weight > best.weight)) best = { size, weight };
      return;
    }
    used[i] = true;
    go(i + 1, size, weight);
    for (let j = i + 1; j < n; j++) {
      const x = w.get(`${i}|${j}`);
      if (used[j] || x === undefined) continue;
      used[j] = true;
      go(i + 1, size + 1, weight + x);
      used[j] = false;
    }
    used[i] = false;
  };
  go(0, 0, 0);
  return best;
}

function greedy(n: number, edges: readonly Edge[]): { size: number; weight: number } {
  const used = new Array<boolean>(n).fill(false);
  let size = 0;
  let weight = 0;
  for (const [a, b, x] of [...edges].sort((p, q) => q[2] - p[2])) {
    if (used[a] || used[b]) continue;
    used[a] = used[b] = true;
    size++;
    weight += x;
  }
  return { size, weight };
}

function measure(mate: number[], edges: readonly Edge[]) {
  const w = new Map(edges.map(([a, b, x]) => [`${a}|${b}`, x]));
  let size = 0;
  let weight = 0;
  for (let i = 0; i < mate.length; i++) {
    const j = mate[i]!;
    if (j > i) {
      const x = w.get(`${i}|${j}`);
      expect(x, 'the matching uses only edges of the graph').toBeDefined();
      expect(mate[j]).toBe(i);
      size++;
      weight += x!;
    }
  }
  return { size, weight };
}

const graphs = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc
    .array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 1, max: 50 })), {
      maxLength: 30,
    })
    .map((raw) => {
      const seen = new Map<string, Edge>();
      for (const [a, b, x] of raw) {
        if (a === b) continue;
        const [i, j] = a < b ? [a, b] : [b, a];
        seen.set(`${i}|${j}`, [i, j, x]);
      }
      return { n, edges: [...seen.values()] };
    }),
);

describe('the matcher', () => {
  it('finds the optimum of brute force on small graphs (n ≤ 10), and never does worse than greedy', () => {
    fc.assert(
      fc.property(graphs, ({ n, edges }) => {
        const got = measure(maxWeightMatching(n, edges), edges);
        const best = bruteForce(n, edges);
        expect(got).toEqual(best);
        const g = greedy(n, edges);
        // Cardinality first, then weight: as many people paired as possible, then most in common.
        expect(got.size > g.size || (got.size === g.size && got.weight >= g.weight)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const pools = fc.record({
    n: fc.integer({ min: 0, max: 10 }),
    blocked: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 20 }),
    recent: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 20 }),
    scores: fc.array(fc.nat(30), { minLength: 100, maxLength: 100 }),
    seed: fc.nat(),
    size: fc.constantFrom<2 | 3>(2, 3),
  });

  it('large pools (greedy plus improvements instead of blossom) never break a rule, and weigh at least greedy, trios included', () => {
    fc.assert(
      fc.property(pools, ({ n, blocked, recent, scores, seed, size }) => {
        const members = Array.from({ length: n }, (_, i) => user(i));
        const index = new Map(members.map((m, i) => [m, i]));
        const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
        const blockedSet = new Set(blocked.map(([a, b]) => key(a, b)));
        const recentSet = new Set(recent.map(([a, b]) => key(a, b)));
        const link = (a: string, b: string): Link => {
          const i = index.get(a)!;
          const j = index.get(b)!;
          // Distinct scores: greedy is then one matching, whatever breaks its ties.
          const pair = Math.min(i, j) * 10 + Math.max(i, j);
          const score = scores[pair % 100]! * 100 + pair;
          if (blockedSet.has(key(i, j))) return { kind: 'blocked' };
          return recentSet.has(key(i, j)) ? { kind: 'repeat', score } : { kind: 'ok', score };
        };
        const result = matchRound({ members, link, seed, groupSize: size, denseLimit: 1 });
        const placed = result.groups.flat();
        expect(new Set(placed).size).toBe(placed.length);
        expect([...placed, ...result.leftOut.map((l) => l.userId)].sort()).toEqual(
          [...members].sort(),
        );
        for (const group of result.groups)
          for (let a = 0; a < group.length; a++)
            for (let b = a + 1; b < group.length; b++)
              expect(link(group[a]!, group[b]!).kind).not.toBe('blocked');
        // The groups, trios included, never worse than the same steps from the greedy matching:
        // more placed, then fewer repeats, then more in common.
        const measureGroups = (groups: readonly (readonly string[])[]) => {
          let repeats = 0;
          let score = 0;
          for (const g of groups)
            for (let a = 0; a < g.length; a++)
              for (let b = a + 1; b < g.length; b++) {
                const l = link(g[a]!, g[b]!);
                if (l.kind === 'blocked') continue;
                if (l.kind === 'repeat') repeats++;
                score += l.score;
              }
          return [groups.flat().length, -repeats, score] as const;
        };
        const baseline = matchRound({
          members,
          link,
          seed,
          groupSize: size,
          denseLimit: 1,
          greedyOnly: true,
        });
        const [p1, r1, s1] = measureGroups(result.groups);
        const [p0, r0, s0] = measureGroups(baseline.groups);
        expect(p1 > p0 || (p1 === p0 && (r1 > r0 || (r1 === r0 && s1 >= s0)))).toBe(true);
        if (size !== 2) return;
        // With pairs (and the trio of an odd one out): never fewer placed, more repeats at equal
        // placing, or less in common than a greedy matching, counting every pair inside a group.
        const edges: Edge[] = [];
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) {
            const l = link(user(i), user(j));
            if (l.kind !== 'blocked') edges.push([i, j, (l.kind === 'ok' ? 1e6 : 0) + l.score]);
          }
        const g = greedy(n, edges);
        let ours = 0;
        for (const group of result.groups)
          for (let a = 0; a < group.length; a++)
            for (let b = a + 1; b < group.length; b++) {
              const l = link(group[a]!, group[b]!);
              ours += (l.kind === 'ok' ? 1e6 : 0) + (l.kind === 'blocked' ? 0 : l.score);
            }
        expect(placed.length).toBeGreaterThanOrEqual(2 * g.size);
        if (result.groups.length === g.size) expect(ours).toBeGreaterThanOrEqual(g.weight);
        else expect(result.groups.length).toBeGreaterThan(g.size);
        expect(matchRound({ members, link, seed, groupSize: size, denseLimit: 1 })).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it('the fast pair score equals commonGround’s, for every criterion', () => {
    const labels = ['Sourdough', 'sourdough ', 'Hikes', 'Jazz', 'Chess'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            share: fc.subarray([0, 2, 3, 4]),
            give: fc.subarray([0, 2, 3]),
            get: fc.subarray([1, 2, 4]),
            scale: fc.option(fc.integer({ min: 1, max: 5 })),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        (people) => {
          const answers = new Map<
            number,
            { label: string; byUser: Map<string, { choices: string[]; scale: number | null }> }
          >();
          const ask = (q: number, pick: (p: (typeof people)[number]) => number[] | null) => {
            const byUser = new Map<string, { choices: string[]; scale: number | null }>();
            people.forEach((p, i) => {
              const picked = pick(p);
              if (picked !== null)
                byUser.set(user(i), { choices: picked.map((x) => labels[x]!), scale: p.scale });
            });
            answers.set(q, { label: `q${q}`, byUser });
          };
          ask(1, (p) => p.share);
          ask(2, (p) => (p.give.length === 0 ? null : p.give));
          ask(3, (p) => p.get);
          ask(4, () => []);
          const criteria: Criterion[] = [
            { mode: 'share', question: 1 },
            { mode: 'complement', question: 2, other: 3 },
            { mode: 'mix', question: 4 },
          ];
          const scorer = pairScorer(criteria, answers);
          for (let i = 0; i < people.length; i++)
            for (let j = 0; j < people.length; j++) {
              if (i === j) continue;
              expect(
                scorer.score(user(i), scorer.profile(user(i)), user(j), scorer.profile(user(j))),
              ).toBe(commonGround(criteria, answers, user(i), user(j)).score);
            }
        },
      ),
    );
  });

  it('groups of three leave nobody out where pairs could take them: 7 makes 3 + 2 + 2, not 3 + 3 + 1', () => {
    for (const denseLimit of [1_000, 1])
      for (let n = 2; n <= 40; n++) {
        const members = Array.from({ length: n }, (_, i) => user(i));
        const link = (a: string, b: string): Link => ({
          kind: 'ok',
          score: (a.length + b.length + Number(a.at(-1)) * Number(b.at(-1))) % 7,
        });
        const result = matchRound({ members, link, seed: n, groupSize: 3, denseLimit });
        expect(result.leftOut).toEqual([]);
        expect(result.groups.flat().sort()).toEqual([...members].sort());
        const sizes = result.groups.map((g) => g.length);
        expect(sizes.every((k) => k === 2 || k === 3)).toBe(true);
        // As many trios as the numbers allow with everyone placed: n = 3t + 2p, p the fewest.
        const pairs = sizes.filter((k) => k === 2).length;
        expect(pairs).toBe([0, 2, 1][n % 3]);
      }
  });

  it('never breaks a rule, and places everyone who can be placed (random pools, exclusions, repeats)', () => {
    fc.assert(
      fc.property(pools, ({ n, blocked, recent, scores, seed, size }) => {
        const members = Array.from({ length: n }, (_, i) => user(i));
        const index = new Map(members.map((m, i) => [m, i]));
        const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);
        const blockedSet = new Set(blocked.map(([a, b]) => key(a, b)));
        const recentSet = new Set(recent.map(([a, b]) => key(a, b)));
        const link = (a: string, b: string): Link => {
          const i = index.get(a)!;
          const j = index.get(b)!;
          const k = key(i, j);
          const score = scores[(i * 10 + j) % 100]!;
          if (blockedSet.has(k)) return { kind: 'blocked' };
          return recentSet.has(k) ? { kind: 'repeat', score } : { kind: 'ok', score };
        };
        const result = matchRound({ members, link, seed, groupSize: size });
        const placed = result.groups.flat();
        // Each member once, in a group or left out with a reason.
        expect(new Set(placed).size).toBe(placed.length);
        expect([...placed, ...result.leftOut.map((l) => l.userId)].sort()).toEqual(
          [...members].sort(),
        );
        for (const group of result.groups) {
          expect(group.length === 2 || group.length === 3).toBe(true);
          for (let a = 0; a < group.length; a++)
            for (let b = a + 1; b < group.length; b++)
              expect(link(group[a]!, group[b]!).kind).not.toBe('blocked');
        }
        // As many placed as the largest matching of allowed pairs could place.
        const edges: Edge[] = [];
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) if (!blockedSet.has(key(i, j))) edges.push([i, j, 1]);
        expect(placed.length).toBeGreaterThanOrEqual(2 * bruteForce(n, edges).size);
        // With size 2, a trio only takes the odd one out: at most one per pool.
        if (size === 2)
          expect(result.groups.filter((g) => g.length === 3).length).toBeLessThanOrEqual(1);
        // Repeats only where no repeat-free pairing placed as many (pairs; trios may repeat more).
        if (size === 2 && result.repeats > 0) {
          const fresh = edges.filter(([i, j]) => !recentSet.has(key(i, j)));
          expect(2 * bruteForce(n, fresh).size).toBeLessThan(placed.length);
        }
        // Deterministic given the seed.
        expect(
          matchRound({ members: [...members].reverse(), link, seed, groupSize: size }),
        ).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});

describe('rounds', () => {
  let db: Db;
  beforeEach(async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await ensureGuild(db, G, { now: 0 });
    await ensureGuild(db, OTHER, { now: 0 });
  });
  afterEach(async () => db.destroy());

  const setup = (guildId = G, now = T0) =>
    setupIntros(
      db,
      guildId,
      {
        cadence: 'weekly',
        weekday: 2,
        hour: 10,
        minute: 0,
        groupSize: 2,
        channelId: '300000000000000001',
        audienceRoleId: null,
        audienceSegmentId: null,
        criteria: [],
        zone: 'Europe/Rome',
      },
      now,
    );

  async function groupsOf(roundId: number): Promise<string[][]> {
    const rows = await db
      .selectFrom('intro_group_members')
      .select(['group_id', 'user_id'])
      .where('round_id', '=', roundId)
      .execute();
    const by = new Map<number, string[]>();
    for (const r of rows) by.set(r.group_id, [...(by.get(r.group_id) ?? []), r.user_id]);
    return [...by.values()];
  }

  it('50 members over 12 rounds: everyone in once per round, no pair repeated within 6, odd pools make one trio, exclusions kept', async () => {
    let now = T0;
    await setup();
    const members = Array.from({ length: 51 }, (_, i) => user(i));
    for (const m of members) await joinIntros(db, G, m, now);
    // Member 0 avoids 1..5; member 10 is avoided by 11.
    for (let i = 1; i <= 5; i++) await avoidMember(db, KEY, G, user(0), user(i), now);
    await avoidMember(db, KEY, G, user(11), user(10), now);
    const history: string[][][] = [];
    for (let round = 0; round < 12; round++) {
      now += 7 * DAY;
      // One member pauses in round 4 for two weeks.
      if (round === 4) await pauseIntros(db, G, user(20), 2, now);
      const outcome = await runRound(db, KEY, G, 'Europe/Rome', now);
      expect(outcome).toBeDefined();
      const groups = await groupsOf(outcome!.roundId);
      const placed = groups.flat();
      const expected = members.filter((m) => !(m === user(20) && (round === 4 || round === 5)));
      expect(placed.sort()).toEqual([...expected].sort());
      expect(groups.filter((g) => g.length === 3).length).toBe(expected.length % 2);
      for (const g of groups) {
        expect(g.includes(user(0)) && g.some((m) => [1, 2, 3, 4, 5].map(user).includes(m))).toBe(
          false,
        );
        expect(g.includes(user(10)) && g.includes(user(11))).toBe(false);
      }
      // Answer every check-in, so nobody is asked to stay.
      for (const r of await db
        .selectFrom('intro_group_members')
        .select(['group_id', 'user_id'])
        .where('round_id', '=', outcome!.roundId)
        .execute())
        await answerCheckIn(db, G, r.group_id, r.user_id, 'yes', now);
      history.push(groups);
    }
    const pairs = (groups: string[][]) =>
      groups.flatMap((g) =>
        g.flatMap((a, i) => g.slice(i + 1).map((b) => [a, b].sort().join('|'))),
      );
    for (let r = 0; r < history.length; r++)
      for (const pair of pairs(history[r]!))
        for (let back = 1; back <= 6 && r - back >= 0; back++)
          expect(pairs(history[r - back]!)).not.toContain(pair);
    // One thread per group was enqueued.
    const opens = await db
      .selectFrom('outbox')
      .select('id')
      .where('kind', '=', 'intros.open')
      .execute();
    expect(opens.length).toBe(history.reduce((n, g) => n + g.length, 0));
  });

  it('makes one round per due time, however often it is asked', async () => {
    await setup();
    for (let i = 0; i < 4; i++) await joinIntros(db, G, user(i), T0);
    const at = T0 + 7 * DAY;
    const results = await Promise.all([1, 2, 3].map(() => runRound(db, KEY, G, 'Europe/Rome', at)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await db.selectFrom('intro_rounds').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('intro_groups').selectAll().execute()).toHaveLength(2);
  });

  it('a pool of one and everyone excluding everyone: nobody half-matched, the member and the managers told', async () => {
    await setup();
    await joinIntros(db, G, user(1), T0);
    const one = await runRound(db, KEY, G, 'Europe/Rome', T0 + 7 * DAY);
    expect(one!.result.groups).toEqual([]);
    expect(one!.result.leftOut).toEqual([{ userId: user(1), why: 'alone' }]);
    await joinIntros(db, G, user(2), T0);
    await joinIntros(db, G, user(3), T0);
    await avoidMember(db, KEY, G, user(1), user(2), T0);
    await avoidMember(db, KEY, G, user(2), user(3), T0);
    await avoidMember(db, KEY, G, user(3), user(1), T0);
    const none = await runRound(db, KEY, G, 'Europe/Rome', T0 + 14 * DAY);
    expect(none!.result.groups).toEqual([]);
    // Each is blocked from one member by their own list and from the other by that one's: telling
    // any of them "blocked" would say someone avoids them.
    expect(none!.result.leftOut.map((l) => l.why)).toEqual(['noGroup', 'noGroup', 'noGroup']);
    const kinds = (await db.selectFrom('outbox').select('kind').execute()).map((r) => r.kind);
    expect(kinds.filter((k) => k === 'intros.tell')).toHaveLength(4);
    expect(
      kinds.filter((k) => k === 'core.notice' || k.endsWith('notice')).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('three ignored check-ins: the member is asked whether to stay instead of being paired', async () => {
    await setup();
    for (let i = 0; i < 4; i++) await joinIntros(db, G, user(i), T0);
    let now = T0;
    for (let r = 0; r < 4; r++) {
      now += 7 * DAY;
      const outcome = await runRound(db, KEY, G, 'Europe/Rome', now);
      // Everyone but user 0 answers.
      for (const row of await db
        .selectFrom('intro_group_members')
        .select(['group_id', 'user_id'])
        .where('round_id', '=', outcome!.roundId)
        .execute())
        if (row.user_id !== user(0))
          await answerCheckIn(db, G, row.group_id, row.user_id, 'yes', now);
      if (r === 3) {
        expect(outcome!.asked).toEqual([user(0)]);
        expect(outcome!.result.groups.flat()).not.toContain(user(0));
      } else expect(outcome!.asked).toEqual([]);
    }
    expect((await answerStay(db, G, user(1), 'leave', now)).asked).toBe(false);
    expect((await memberState(db, G, user(1))).status).toBe('in');
    expect((await answerStay(db, G, user(0), 'pause', now)).asked).toBe(true);
    expect((await memberState(db, G, user(0))).pausedUntil).toBe(now + 28 * DAY);
    expect(await claimCheckIns(db, now + 7 * DAY)).toBeGreaterThan(0);
    expect(await claimCheckIns(db, now + 7 * DAY)).toBe(0);
  });

  it('refuses a check-in answer from outside the group, and another server’s group', async () => {
    await setup();
    await setup(OTHER);
    for (let i = 0; i < 3; i++) await joinIntros(db, G, user(i), T0);
    await joinIntros(db, G, user(3), T0);
    const outcome = await runRound(db, KEY, G, 'Europe/Rome', T0 + 7 * DAY);
    const [group] = await db
      .selectFrom('intro_group_members')
      .select(['group_id', 'user_id'])
      .where('round_id', '=', outcome!.roundId)
      .execute();
    const groupId = group!.group_id;
    const members = (await groupsOf(outcome!.roundId)).find((g) => g.includes(group!.user_id))!;
    const outsider = [0, 1, 2, 3].map(user).find((u) => !members.includes(u))!;
    await expect(answerCheckIn(db, G, groupId, outsider, 'yes', T0)).rejects.toThrow(UserError);
    await expect(answerCheckIn(db, OTHER, groupId, members[0]!, 'yes', T0)).rejects.toThrow(
      'intros.noSuchIntro',
    );
    const met = await db
      .selectFrom('intro_group_members')
      .select('met')
      .where('met', 'is not', null)
      .execute();
    expect(met).toEqual([]);
  });

  it('joining, leaving and avoiding only ever change the member who asked', async () => {
    await setup();
    await joinIntros(db, G, user(1), T0);
    await joinIntros(db, G, user(2), T0);
    await leaveIntros(db, G, user(1), T0);
    expect((await memberState(db, G, user(2))).status).toBe('in');
    await expect(avoidMember(db, KEY, G, user(1), user(1), T0)).rejects.toThrow('intros.avoidSelf');
    await expect(joinIntros(db, OTHER, user(1), T0)).rejects.toThrow('intros.notSetUp');
  });

  it('members who left the server are taken out: on leave, at start and at the round; never matched, asked or told', async () => {
    await setup();
    for (let i = 0; i < 6; i++) await joinIntros(db, G, user(i), T0);
    // user 0 leaves while Hearth runs; user 1 while it is offline (found at start); user 2 just
    // before the round (found by the round's own look at the member list).
    await memberLeftServer(db, G, user(0), T0);
    expect((await memberState(db, G, user(0))).status).toBe('out');
    const everyoneBut1 = new Set([0, 2, 3, 4, 5].map(user));
    expect(await reconcileIntroMembers(db, G, everyoneBut1, T0)).toBe(1);
    expect((await memberState(db, G, user(1))).status).toBe('out');
    // Another server's member with the same id is untouched.
    await setup(OTHER);
    await joinIntros(db, OTHER, user(2), T0);
    const outcome = await runRound(db, KEY, G, 'Europe/Rome', T0 + 7 * DAY, {
      present: new Set([3, 4, 5].map(user)),
    });
    expect(outcome!.result.groups.flat().sort()).toEqual([3, 4, 5].map(user));
    expect((await memberState(db, G, user(2))).status).toBe('out');
    expect((await memberState(db, OTHER, user(2))).status).toBe('in');
    const written = await db.selectFrom('outbox').select(['kind', 'subject_id']).execute();
    for (const gone of [0, 1, 2].map(user))
      expect(written.filter((r) => r.subject_id === gone)).toEqual([]);
    // Coming back, they are not opted in again by themselves.
    const next = await runRound(db, KEY, G, 'Europe/Rome', T0 + 14 * DAY, {
      present: new Set([0, 1, 2, 3, 4, 5].map(user)),
    });
    expect(next!.result.groups.flat().sort()).toEqual([3, 4, 5].map(user));
  });

  it('a member outside the audience now is not matched, is told once, and is matched again once back', async () => {
    await setup();
    for (let i = 0; i < 5; i++) await joinIntros(db, G, user(i), T0);
    const all = new Set([0, 1, 2, 3, 4].map(user));
    const withoutRole = new Set([0, 1, 2, 3].map(user));
    const tells = async () =>
      (
        await db
          .selectFrom('outbox')
          .select(['payload', 'subject_id'])
          .where('kind', '=', 'intros.tell')
          .execute()
      ).filter((r) => r.subject_id === user(4) && r.payload.includes('outside'));
    let now = T0;
    const round = async (audience: Set<string>) => {
      now += 7 * DAY;
      const outcome = await runRound(db, KEY, G, 'Europe/Rome', now, { present: all, audience });
      // Every check-in answered: nobody is asked to stay.
      for (const r of await db
        .selectFrom('intro_group_members')
        .select(['group_id', 'user_id'])
        .where('round_id', '=', outcome!.roundId)
        .execute())
        await answerCheckIn(db, G, r.group_id, r.user_id, 'yes', now);
      return outcome!.result.groups.flat();
    };
    expect(await round(all)).toContain(user(4));
    // The role is taken away: two rounds without them, one message.
    expect(await round(withoutRole)).not.toContain(user(4));
    expect(await round(withoutRole)).not.toContain(user(4));
    expect(await tells()).toHaveLength(1);
    expect((await memberState(db, G, user(4))).status).toBe('in');
    // /intros status counts the pool the round sees: member 4 is outside it, said apart.
    const status = await introStatus(db, G, now, { present: all, audience: withoutRole });
    expect([status.pool, status.outside]).toEqual([4, 1]);
    // A paused member is neither in the pool nor counted as outside it.
    await pauseIntros(db, G, user(3), 2, now);
    const paused = await introStatus(db, G, now, { present: all, audience: withoutRole });
    expect([paused.pool, paused.outside, paused.paused.length]).toEqual([3, 1, 1]);
    await joinIntros(db, G, user(3), now);
    // Back in the audience: matched again, with nothing sent; lost again later: told again.
    expect(await round(all)).toContain(user(4));
    expect(await tells()).toHaveLength(1);
    expect(await round(withoutRole)).not.toContain(user(4));
    expect(await tells()).toHaveLength(2);
  });

  it('an erase removes the member’s rows and their own list; others’ lists about them stay', async () => {
    await setup();
    for (let i = 0; i < 3; i++) await joinIntros(db, G, user(i), T0);
    await avoidMember(db, KEY, G, user(1), user(0), T0);
    await avoidMember(db, KEY, G, user(0), user(2), T0);
    const exclusions = await db.selectFrom('intro_exclusions').selectAll().execute();
    // The avoided member's id is stored nowhere.
    expect(JSON.stringify(exclusions)).not.toContain(user(2));
    await eraseMemberData(db, entries, { guildId: G, userId: user(0) }, eraseOptions);
    const left = await db.selectFrom('intro_exclusions').select('user_id').execute();
    expect(left.map((r) => r.user_id)).toEqual([user(1)]);
    expect(await rowsNaming(db, user(0), G)).toEqual({});
  });

  // Attacker: a manager (or anyone) holding a copy of the database and the server's member list.
  it('a copy of the database cannot tell whom a member avoids: hashing every member id with anything in it finds nobody', async () => {
    await setup();
    const members = Array.from({ length: 100 }, (_, i) => user(i));
    for (const m of members) await joinIntros(db, G, m, T0);
    await avoidMember(db, KEY, G, user(3), user(37), T0);
    const { other_key: target } = await db
      .selectFrom('intro_exclusions')
      .select('other_key')
      .executeTakeFirstOrThrow();
    // Every value in the database, as a salt or a key, in the ways a hash could be made.
    const values = new Set<string>();
    for (const rows of Object.values(await allRows(db)))
      for (const row of rows)
        for (const v of Object.values(row))
          if (typeof v === 'string' || typeof v === 'number') values.add(String(v));
    const guesses = (id: string, v: string) => [
      createHash('sha256').update(`hearth intros v1:${v}:${id}`).digest('base64url'),
      createHash('sha256').update(`${v}${id}`).digest('base64url'),
      keptSubject(Buffer.from(v, 'utf8'), 'intros-avoid', G, id),
      ...(/^[0-9a-f]+$/i.test(v) && v.length % 2 === 0
        ? [
            keptSubject(Buffer.from(v, 'hex'), 'intros-avoid', G, id),
            createHmac('sha256', Buffer.from(v, 'hex')).update(id).digest('base64url'),
          ]
        : []),
    ];
    const found = members.filter((id) =>
      [...values, ''].some((v) => guesses(id, v).includes(target)),
    );
    expect(found).toEqual([]);
    // With Hearth's key (outside the database) the same search finds them: the test can tell.
    expect(members.filter((id) => keptSubject(KEY, 'intros-avoid', G, id) === target)).toEqual([
      user(37),
    ]);
  });

  // Attacker: the avoided member erases their data and joins again, to be matched after all.
  it('erasing your data and joining again never matches you with someone who avoids you', async () => {
    await setup();
    await joinIntros(db, G, user(1), T0);
    await joinIntros(db, G, user(2), T0);
    await avoidMember(db, KEY, G, user(1), user(2), T0);
    await eraseMemberData(db, entries, { guildId: G, userId: user(2) }, eraseOptions);
    await joinIntros(db, G, user(2), T0);
    const round = await runRound(db, KEY, G, 'Europe/Rome', T0 + 7 * DAY);
    expect(round!.result.groups).toEqual([]);
  });

  // Attacker: the avoided member reads why they have no introduction.
  it('why no group never tells a member that someone avoids them: only their own list is named', async () => {
    await setup();
    await joinIntros(db, G, user(1), T0);
    await joinIntros(db, G, user(2), T0);
    // A pool of two, one avoiding the other: the avoided one hears nothing about lists.
    await avoidMember(db, KEY, G, user(1), user(2), T0);
    const two = await runRound(db, KEY, G, 'Europe/Rome', T0 + 7 * DAY);
    expect(two!.result.leftOut).toEqual([
      { userId: user(1), why: 'blocked' },
      { userId: user(2), why: 'noGroup' },
    ]);
    const told = async (roundId: number) =>
      (await db.selectFrom('outbox').select('payload').where('kind', '=', 'intros.tell').execute())
        .map((r) => JSON.parse(r.payload) as { round: number; user: string; why: string })
        .filter((p) => p.round === roundId)
        .map((p) => [p.user, p.why])
        .sort();
    expect(await told(two!.roundId)).toEqual([
      [user(1), 'blocked'],
      [user(2), 'noGroup'],
    ]);
    // Both avoiding each other: each hears about their own list.
    await avoidMember(db, KEY, G, user(2), user(1), T0);
    const both = await runRound(db, KEY, G, 'Europe/Rome', T0 + 14 * DAY);
    expect(await told(both!.roundId)).toEqual([
      [user(1), 'blocked'],
      [user(2), 'blocked'],
    ]);
  });

  it('keeps the first reply between two members only when both take part, once, by the day; export hides the other, erase and retention delete', async () => {
    await setup();
    for (let i = 0; i < 3; i++) await joinIntros(db, G, user(i), T0);
    await pauseIntros(db, G, user(2), 2, T0);
    await leaveIntros(db, G, user(1), T0);
    const rows = () =>
      db.selectFrom('intro_reply_pairs').selectAll().orderBy('user_high').execute();
    // Someone outside introductions (3 never joined, 1 left), a reply to oneself: nothing kept.
    expect(await recordReply(db, G, user(0), user(3), T0)).toBe(false);
    expect(await recordReply(db, G, user(1), user(0), T0)).toBe(false);
    expect(await recordReply(db, G, user(0), user(0), T0)).toBe(false);
    // A paused member still takes part; the pair is kept once, at the day of the first reply.
    expect(await recordReply(db, G, user(2), user(0), T0 + 5 * 3_600_000)).toBe(true);
    expect(await recordReply(db, G, user(0), user(2), T0 + 3 * DAY)).toBe(false);
    // Another server's introductions are its own.
    expect(await recordReply(db, OTHER, user(2), user(0), T0)).toBe(false);
    expect(await rows()).toEqual([
      { guild_id: G, user_low: user(0), user_high: user(2), first_at: Date.UTC(2026, 11, 1) },
    ]);
    await joinIntros(db, G, user(1), T0);
    expect(await recordReply(db, G, user(1), user(0), T0 + DAY)).toBe(true);

    // Each member's export shows the row, never the other member's id.
    const exported = await exportMember(db, entries, { guildId: G, userId: user(2) });
    const replies = exported.filter((x) => x.table === 'intro_reply_pairs');
    expect(replies.flatMap((x) => x.rows)).toEqual([
      { guild_id: G, user_high: user(2), first_at: Date.UTC(2026, 11, 1) },
    ]);
    expect(JSON.stringify(replies)).not.toContain(user(0));

    // Erasing member 0 deletes both rows naming them.
    await eraseMemberData(
      db,
      entries,
      { guildId: G, userId: user(0) },
      { now: T0 + DAY, keepRoles: true, stillMember: true },
    );
    expect(await rows()).toEqual([]);

    // Retention: kept six months, then deleted by the daily job.
    expect(await recordReply(db, G, user(1), user(2), T0)).toBe(true);
    expect(await pruneReplyPairs(db, T0 + 183 * DAY)).toBe(0);
    expect(await pruneReplyPairs(db, T0 + 184 * DAY)).toBe(1);
    expect(await rows()).toEqual([]);
  });
});
