/**
 * A manager attacks an anonymous poll end to end, the way issue 12 describes: they post a named
 * poll beside it, members answer both one after the other, and the manager correlates the two
 * exports, watches the results after every single vote, reads the log and copies the database
 * file, and after close also holds hearth.key. Each way of linking an anonymous answer to a
 * member must do no better than chance.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { openDatabase } from '../../src/core/db/database.js';
import { storageKey } from '../../src/features/polls/service.js';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { type InteractionState } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';

const MEMBERS = 50;
const SECRET = 'cd'.repeat(32);
let clock = Date.UTC(2026, 10, 24, 9, 0);
const now = () => clock;
let dir: string;
let path: string;
const people: APIUser[] = [];

/** A deterministic shuffle and gaps, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** The CSV Hearth exports (BOM, CRLF, quoted fields), as rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function poll(subcommand: string, options: Record<string, unknown>) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'poll',
    subcommand,
    options: options as never,
  });
  const answer = await s.standIn.answer(interaction);
  const files = s.standIn.responsesTo(interaction).flatMap((r) => r.files);
  return { answer, files: files.map((f) => f.content.toString('utf8')) };
}
const buttonOf = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string }[] }).components[0]!.custom_id;

async function answerPoll(message: APIMessage, user: APIUser, stars: number, why: string) {
  const opened: InteractionState = s.standIn.click({
    guild: s.a.guild,
    user: user.id,
    message,
    customId: buttonOf(message),
  });
  await s.standIn.answer(
    await s.standIn.fillModal({
      guild: s.a.guild,
      user: user.id,
      opened,
      answers: { 'How much do you like it, 1 to 5?': `${stars}★`, 'Why?': why },
    }),
  );
}

const s = e2eSuite({
  a: { name: 'Candid Club' },
  now: () => now(),
  env: { POLL_SECRET: SECRET },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < MEMBERS; i++)
      people.push(standIn.addMember(a.guild, `person${i}`, [a.memberRole]));
  },
  database: () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-adversary-'));
    path = join(dir, 'hearth.sqlite');
    return openDatabase(path);
  },
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a manager correlating an anonymous poll with a named one', () => {
  it(`${MEMBERS} members answer both, in random order at random times: the manager links no more than chance`, async () => {
    for (const anonymous of [false, true])
      await poll('template', {
        channel: { channel: s.a.announcements },
        template: 'product',
        topic: anonymous ? 'the honest app' : 'the named app',
        anonymous,
        results: 'live',
      });
    const [namedMessage, anonMessage] = s.standIn.postedIn(s.a.announcements).slice(-2) as [
      APIMessage,
      APIMessage,
    ];
    const pollIdOf = (m: APIMessage) => pollRoutes.open.parse(buttonOf(m))!.poll;
    const named = pollIdOf(namedMessage);
    const anon = pollIdOf(anonMessage);

    const rand = random(12);
    const order = people.map((p) => p).sort(() => rand() - 0.5);
    const truth = new Map<string, string>(); // anonymous written answer → member
    const observed: string[] = [];
    let changes = 0;
    let since = 0;
    let shortest = Infinity;
    for (const [k, person] of order.entries()) {
      clock += 1 + Math.floor(rand() * 600_000);
      const stars = 1 + Math.floor(rand() * 5);
      const why = `reason ${(k * 7919) % 1000} ${person.username.length}x`;
      // The attack: the same person, the same moment, a named poll and the anonymous one.
      await answerPoll(namedMessage, person, stars, `named: ${why}`);
      clock += 1 + Math.floor(rand() * 2_000);
      await answerPoll(anonMessage, person, stars, why);
      truth.set(why, person.id);
      since += 1;
      // The manager looks after every single vote: counts, written answers, the export.
      const results = await poll('results', { poll: anon });
      const exported = await poll('export', { poll: anon });
      const view = JSON.stringify([
        String(results.answer.content).split('\n').slice(1),
        results.files,
        exported.files,
      ]);
      if (observed.length > 0 && view !== observed.at(-1)) {
        changes += 1;
        shortest = Math.min(shortest, since);
        since = 0;
      }
      if (k < 4)
        expect(String(results.answer.content)).toContain(
          'Results appear once 5 people have answered.',
        );
      observed.push(view);
    }
    // What the manager watched moved only in steps of at least 5 votes.
    expect(changes).toBeGreaterThan(3);
    expect(shortest).toBeGreaterThanOrEqual(5);

    // Everything the manager can take away.
    const namedCsv = parseCsv((await poll('export', { poll: named })).files[0]!);
    const anonCsv = parseCsv((await poll('export', { poll: anon })).files[0]!);
    expect(anonCsv[0]).toEqual(['Time', 'Question', 'Answer']);
    const namedWhy = namedCsv
      .slice(1)
      .filter((r) => r[1] === 'Why?')
      .map((r) => ({ at: Date.parse(r[0]!), member: r[3]! }))
      .sort((x, y) => x.at - y.at);
    const anonWhy = anonCsv.slice(1).filter((r) => r[1] === 'Why?');
    // The only time in the anonymous export is the poll's day, the same on every row.
    expect(new Set(anonCsv.slice(1).map((r) => r[0]))).toEqual(new Set(['2026-11-24']));
    const score = (guess: (row: string[], k: number) => string) =>
      anonWhy.filter((row, k) => truth.get(row[2]!) === guess(row, k)).length;
    const nearest = (at: number) =>
      namedWhy.reduce((best, r) => (Math.abs(r.at - at) < Math.abs(best.at - at) ? r : best))
        .member;
    const links: Record<string, number> = {
      'by time in the exports': score((row) => nearest(Date.parse(row[0]!))),
      'by order of the export rows': score((_, k) => namedWhy[k % namedWhy.length]!.member),
    };
    // The database file, copied while Hearth runs.
    const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const fileTexts = copy.prepare('select * from poll_texts where poll_id = ?').all(anon) as {
      text: string;
      voter: string;
      at: number;
    }[];
    links['by order of rows in the file'] = fileTexts.filter(
      (r, k) => truth.get(r.text) === namedWhy[k % namedWhy.length]!.member,
    ).length;
    links['by time in the file'] = fileTexts.filter(
      (r) => truth.get(r.text) === nearest(Number(r.at)),
    ).length;
    expect(() => copy.prepare('select rowid from poll_voters').all()).toThrow();
    // Matching a text to its rating row through a shared voter key: none are shared.
    const ratingKeys = new Set(
      (
        copy.prepare('select voter from poll_choices where poll_id = ?').all(anon) as {
          voter: string;
        }[]
      ).map((r) => r.voter),
    );
    links['rating and text of one person, by voter key'] = fileTexts.filter((r) =>
      ratingKeys.has(r.voter),
    ).length;
    copy.close();
    // The log: who did what is not in it (interaction ids and routes only).
    const log = s.bot.logs.raw.join('\n');
    links['in the log'] = people.filter((p) => log.includes(p.id)).length;

    // Closed: the file and hearth.key together.
    await poll('close', { poll: anon });
    const master = Buffer.from(SECRET, 'hex');
    const derivable = people.flatMap((p) => {
      const legacy = createHmac('sha256', master)
        .update(`${anon}:${p.id}`)
        .digest('base64url')
        .slice(0, 32);
      return [
        legacy,
        storageKey(legacy, 'voter'),
        storageKey(legacy, 'q0'),
        storageKey(legacy, 'q1'),
      ];
    });
    const bytes = [path, `${path}-wal`]
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p).toString('latin1'))
      .join('');
    const keysBefore = fileTexts.map((r) => r.voter).concat([...ratingKeys]);
    links['after close, with the file and hearth.key'] = [...derivable, ...keysBefore].filter((k) =>
      bytes.includes(k),
    ).length;

    console.log(
      `anonymity e2e: ${MEMBERS} members, a named poll beside an anonymous one; links found ${Object.entries(
        links,
      )
        .map(([how, n]) => `${how}: ${n} of ${MEMBERS}`)
        .join(
          '; ',
        )}; chance is about 1 of ${MEMBERS}; what the manager watched changed ${changes} times, at least ${shortest} votes apart`,
    );
    for (const how of [
      'by time in the exports',
      'by order of the export rows',
      'by order of rows in the file',
      'by time in the file',
    ])
      expect(links[how]!, how).toBeLessThanOrEqual(6);
    expect(links['rating and text of one person, by voter key']).toBe(0);
    expect(links['in the log']).toBe(0);
    expect(links['after close, with the file and hearth.key']).toBe(0);
    // And the results, at close, count everyone.
    const results = await poll('results', { poll: anon });
    expect(String(results.answer.content)).toContain(`${MEMBERS} votes`);
    expect(results.files[0]!.split('\n\n')).toHaveLength(MEMBERS);
  }, 180_000);
});
