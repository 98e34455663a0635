import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/core/db/database.js';
import { ROOT } from '../helpers/process.js';
import { rowCount, rowsNaming, seedMember } from '../helpers/member-data.js';

const KILLS = Number(process.env.HEARTH_ERASE_KILLS ?? 20);
const G = '100000000000000001';
const OTHER = '100000000000000002';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const NOW = Date.UTC(2026, 11, 1, 12, 0);

let dir: string;
let bundle: string;
let template: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-erase-crash-'));
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'hearth-test');
  mkdirSync(cacheDir, { recursive: true });
  bundle = join(cacheDir, `erase-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, 'test/crash/erase-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'silent',
  });
  // Enough rows that the erase takes a while: years of daily totals and thousands of replies.
  template = join(dir, 'template.sqlite');
  const db = openDatabase(template);
  await migrateToLatest(db);
  const secret = Buffer.alloc(32, 7);
  await seedMember(db, {
    guildId: G,
    userId: ALICE,
    now: NOW,
    secret,
    days: 2_000,
    replies: 4_000,
  });
  await seedMember(db, { guildId: G, userId: BOB, now: NOW, secret });
  await seedMember(db, { guildId: OTHER, userId: ALICE, now: NOW, secret });
  await db.destroy();
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

/** A child that has loaded everything and waits for a database path. */
function warmChild() {
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', GUILD: G, USER: ALICE },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    /** Erases in `path`; kills the child `killAfterMs` after it starts. Resolves how it ended. */
    run: (path: string, killAfterMs?: number) =>
      new Promise<{ killed: boolean; ms?: number }>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (killAfterMs !== undefined && timer === undefined && stdout.includes('erasing'))
            timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          const done = /done (\d+)/.exec(stdout);
          if (signal === 'SIGKILL') resolve({ killed: done === null });
          else if (code === 0 && done) resolve({ killed: false, ms: Number(done[1]) });
          else reject(new Error(`erase child failed (${code}): ${stderr}`));
        });
        child.stdin.write(`${path}\n`);
      }),
  };
}

function fresh(i: number): string {
  const path = join(dir, `run-${i}.sqlite`);
  copyFileSync(template, path);
  return path;
}

describe('crash safety of an erase', () => {
  it(`is all or nothing across ${KILLS} kill -9s at random moments`, async () => {
    const db0 = openDatabase(template);
    const before = rowCount(await rowsNaming(db0, ALICE, G));
    const elsewhere = await rowsNaming(db0, ALICE, OTHER);
    const bob = await rowsNaming(db0, BOB, G);
    await db0.destroy();
    expect(before).toBeGreaterThan(6_000);

    // How long an erase takes here, so the kills land before, during and after it.
    const { ms = 100 } = await warmChild().run(fresh(-1));
    const pool = [warmChild(), warmChild()];
    const outcomes = { nothing: 0, all: 0 };
    for (let i = 0; i < KILLS; i++) {
      pool.push(warmChild());
      const path = fresh(i);
      // Spread from the start of the erase to well past its end; the last run surely completes.
      const delay = i === KILLS - 1 ? 20 * ms : Math.random() * 2.5 * ms;
      await pool.shift()!.run(path, Math.floor(delay));
      const db = openDatabase(path);
      expect(
        (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows,
      ).toEqual([{ integrity_check: 'ok' }]);
      const left = rowCount(await rowsNaming(db, ALICE, G));
      expect([0, before], `run ${i}: ${left} rows left of ${before}`).toContain(left);
      if (left === 0) outcomes.all += 1;
      else outcomes.nothing += 1;
      // Whatever happened, nobody else's rows changed.
      expect(await rowsNaming(db, ALICE, OTHER)).toEqual(elsewhere);
      expect(await rowsNaming(db, BOB, G)).toEqual(bob);
      await db.destroy();
      rmSync(path, { force: true });
    }
    for (const spare of pool) spare.child.kill('SIGKILL');
    console.log(
      `erase crash test: ${KILLS} kills over a ${ms} ms erase of ${before} rows: ${outcomes.all} completed, ${outcomes.nothing} left untouched`,
    );
    expect(outcomes.all + outcomes.nothing).toBe(KILLS);
    expect(outcomes.all).toBeGreaterThan(0);
    expect(outcomes.nothing).toBeGreaterThan(0);
  }, 600_000);
});
