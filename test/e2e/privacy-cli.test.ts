import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { acquireInstanceLock } from '../../src/core/db/instance-lock.js';
import { requestAdmission, setCap } from '../../src/features/membership/service.js';
import { buildDist, removeBuilds, spawnProcess } from '../helpers/process.js';
import { allRows, rowCount, rowsNaming, seedMember } from '../helpers/member-data.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const CAROL = '200000000000000003';
const NOW = Date.UTC(2026, 11, 1, 12, 0);
const SECRET = 'cd'.repeat(32);

let dir: string;
let dist: string;
let env: Record<string, string>;

/** `npm run privacy -- <args>` (the built script, as npm runs it), to its end. */
async function privacy(...args: string[]) {
  const run = spawnProcess(
    process.execPath,
    ['--enable-source-maps', join(dist, 'privacy.js'), ...args],
    { cwd: dir, env },
  );
  const { code } = await run.exited;
  return { code, ...run.output };
}

async function withDb<T>(work: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase(env.DATABASE_PATH!);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  dist = await buildDist();
  dir = mkdtempSync(join(tmpdir(), 'hearth-privacy-cli-'));
  env = { DATABASE_PATH: join(dir, 'hearth.sqlite'), POLL_SECRET: SECRET };
  await withDb(async (db) => {
    await migrateToLatest(db);
    const secret = Buffer.from(SECRET, 'hex');
    await seedMember(db, { guildId: G, userId: ALICE, now: NOW, secret });
    await seedMember(db, { guildId: G, userId: BOB, now: NOW, secret });
    await seedMember(db, { guildId: OTHER, userId: ALICE, now: NOW, secret });
    // Data Club is full: carol waits for a seat, and gets alice's when alice is erased there.
    await setCap(db, G, 2, NOW);
    expect((await requestAdmission(db, G, CAROL, NOW)).outcome).toBe('waitlisted');
  });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeBuilds();
});

describe('npm run privacy', () => {
  it('says clearly, with exit code 2, when it does not understand or knows nobody by that id', async () => {
    const unknown = await privacy('erase', '--user', '299999999999999999');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'hearth privacy: Hearth has no data about user 299999999999999999: nothing to erase.\n',
    );
    const bad = await privacy('erase', '--user', 'alice');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--user must be a Discord user id (17 to 20 digits)');
    expect(bad.stderr).toContain('usage: npm run privacy --');
    expect((await privacy('forget', '--user', ALICE)).code).toBe(2);
  }, 30_000);

  it('exports every row about a member, per server, into files', async () => {
    const out = join(dir, 'export');
    const run = await privacy('export', '--user', ALICE, '--out', out);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      `hearth-data-${G}-${ALICE}.json`,
      `hearth-data-${G}-${ALICE}.txt`,
      `hearth-data-${OTHER}-${ALICE}.json`,
      `hearth-data-${OTHER}-${ALICE}.txt`,
    ]);
    const doc = JSON.parse(readFileSync(join(out, `hearth-data-${G}-${ALICE}.json`), 'utf8')) as {
      sections: { rows: unknown[] }[];
    };
    const naming = await withDb((db) => rowsNaming(db, ALICE, G));
    expect(doc.sections.reduce((s, x) => s + x.rows.length, 0)).toBe(rowCount(naming));
    expect(readFileSync(join(out, `hearth-data-${G}-${ALICE}.json`), 'utf8')).not.toContain(BOB);
  }, 30_000);

  it('with --dry-run says what an erase would do and changes nothing', async () => {
    const before = await withDb((db) => allRows(db));
    const run = await privacy('erase', '--user', ALICE, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`server ${G}:`);
    expect(run.stdout).toContain('  answers.user_id: 1 (Questionnaire answers) → delete');
    expect(run.stdout).toContain('  member_days.user_id: 3 (Days with activity');
    expect(run.stdout).toContain('dry run: nothing was changed.');
    expect(await withDb((db) => allRows(db))).toEqual(before);
  }, 30_000);

  it('goes ahead beside a running Hearth (it holds the lock), and lets go of the lock when it ends', async () => {
    const running = acquireInstanceLock(env.DATABASE_PATH!);
    try {
      const beside = await privacy('show', '--user', ALICE);
      expect(beside.code).toBe(0);
      expect(beside.stderr).toBe(
        'hearth privacy: Hearth is running on this database; going ahead beside it.\n',
      );
      expect(beside.stdout).toContain(`server ${G}:`);
    } finally {
      running.release();
    }
    const alone = await privacy('show', '--user', ALICE);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toBe('');
    // It let go when it ended: Hearth can start.
    acquireInstanceLock(env.DATABASE_PATH!).release();
  }, 30_000);

  it('erases in one server with --guild, then in all of them, and then knows nothing more', async () => {
    const bob = await withDb((db) => rowsNaming(db, BOB, G));
    const one = await privacy('erase', '--user', ALICE, '--guild', G);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`server ${G}: erased \\d+ rows in one transaction\\.`));
    // Her seat went to carol; Hearth is not running, so it tells her when it next starts.
    expect(one.stdout).toContain(
      '  a seat it held went to the next person waiting: Hearth gives them the role and tells them when it next starts.',
    );
    await withDb(async (db) => {
      const carol = await db
        .selectFrom('memberships')
        .select('state')
        .where('user_id', '=', CAROL)
        .executeTakeFirstOrThrow();
      expect(carol.state).not.toBe('waiting');
      expect(
        await db.selectFrom('outbox').select('kind').where('subject_id', '=', CAROL).execute(),
      ).not.toEqual([]);
    });
    await withDb(async (db) => {
      expect(await rowsNaming(db, ALICE, G)).toEqual({});
      expect(rowCount(await rowsNaming(db, ALICE, OTHER))).toBeGreaterThan(10);
      expect(await rowsNaming(db, BOB, G)).toEqual(bob);
    });
    const all = await privacy('erase', '--user', ALICE);
    expect(all.code).toBe(0);
    expect(all.stdout).not.toContain(`server ${G}:`);
    await withDb(async (db) => expect(await rowsNaming(db, ALICE, OTHER)).toEqual({}));
    const again = await privacy('erase', '--user', ALICE);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Hearth has no data about user');
  }, 30_000);
});
