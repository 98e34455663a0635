/**
 * The hot queries use their indexes: each query is run through its real repository function (or
 * the data map's engine) on a freshly migrated database, every statement it sends to SQLite is
 * recorded, and SQLite's EXPLAIN QUERY PLAN of that statement must search the table through the
 * index (with the constraints named here), never SCAN it whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrateToLatest,
  openDatabase,
  sqliteDriverOf,
  type Db,
} from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  describeMember,
  eraseMember,
  exportMember,
  memberDataEntries,
} from '../../src/core/member-data.js';
import * as events from '../../src/features/events/repository.js';
import { features } from '../../src/features/index.js';
import * as onboarding from '../../src/features/onboarding/repository.js';
import * as polls from '../../src/features/polls/repository.js';

const G = '100000000000000001';
const ALICE = '200000000000000001';
const NOW = Date.UTC(2026, 11, 7, 12);

interface HotQuery {
  /** What the query is for. */
  readonly what: string;
  readonly table: string;
  /** The index, and the constraints SQLite must search it with (as EXPLAIN QUERY PLAN says). */
  readonly uses: string;
  /** Runs the query the way Hearth does. */
  readonly run: (db: Db) => Promise<unknown>;
  /** Of the statements it sends, the ones this index serves (default: all that name the table). */
  readonly only?: RegExp;
}

const mapOf = (feature: string) =>
  memberDataEntries(features).filter((entry) => entry.feature === feature);
const scope = { guildId: G, userId: ALICE };
/** Show, export and erase a member with one feature's part of the data map. */
const dataMap = (feature: string) => async (db: Db) => {
  await describeMember(db, mapOf(feature), scope);
  await exportMember(db, mapOf(feature), scope);
  await eraseMember(db, mapOf(feature), scope, { now: NOW, keepRoles: true, stillMember: false });
};
const viaPolls = /in \(select "polls"\."id" from "polls" where "polls"\."guild_id" = \?\)/;

const HOT: readonly HotQuery[] = [
  {
    what: "a server's polls, newest first (/poll list, autocomplete)",
    table: 'polls',
    uses: 'polls_guild (guild_id=?)',
    run: (db) => polls.latestPolls(db, G, 25),
  },
  {
    what: "a server's open polls, counted at /poll create",
    table: 'polls',
    uses: 'polls_guild_status (guild_id=? AND status=?)',
    run: (db) => polls.countOpenPolls(db, G),
  },
  {
    what: "the data map's votes, picks, texts and drafts (poll_id IN a server's polls)",
    table: 'polls',
    uses: 'polls_guild (guild_id=?)',
    run: dataMap('polls'),
    only: viaPolls,
  },
  {
    what: 'polls whose message shows stale counts (every renderer tick)',
    table: 'polls',
    uses: 'polls_dirty (dirty=?)',
    run: (db) => polls.dirtyPolls(db),
  },
  {
    what: 'open polls due a reminder',
    table: 'polls',
    uses: 'polls_remind (status=? AND reminded=? AND remind_at<?)',
    run: (db) => polls.pollsToRemindBy(db, NOW),
  },
  {
    // Not new: the index this query had must stay its choice beside polls_remind.
    what: 'open polls whose closing time has come',
    table: 'polls',
    uses: 'polls_open (status=? AND closes_at<?)',
    run: (db) => polls.pollsClosingBy(db, NOW),
  },
  {
    what: "a server's question revisions (choice spans)",
    table: 'question_revisions',
    uses: 'question_revisions_guild (guild_id=?)',
    run: (db) => onboarding.revisionsOfQuestions(db, G, undefined),
  },
  {
    what: "a server's revision texts (the data map's wording of answers)",
    table: 'question_revisions',
    uses: 'question_revisions_guild (guild_id=?)',
    run: (db) => onboarding.revisionTexts(db, G),
  },
  {
    what: "every member's answer to one question",
    table: 'answers',
    uses: 'answers_question (guild_id=? AND question_id=?)',
    run: (db) => onboarding.answersToQuestion(db, G, 1),
  },
  {
    what: "a server's open events, counted at /event create",
    table: 'events',
    uses: 'events_guild_status (guild_id=? AND status=?)',
    run: (db) => events.countOpenEvents(db, G),
  },
  {
    what: 'open events whose end has come',
    table: 'events',
    uses: 'events_ending (status=? AND ends_at<?)',
    run: (db) => events.eventsEndedBy(db, NOW),
  },
  {
    // Not new: the index this query had must stay its choice beside events_ending.
    what: 'open events not started yet',
    table: 'events',
    uses: 'events_open (status=? AND starts_at>?)',
    run: (db) => events.upcomingEvents(db, NOW),
  },
  {
    what: "a member's event ratings: show, export, erase",
    table: 'event_feedback',
    uses: 'event_feedback_member (guild_id=? AND user_id=?)',
    run: dataMap('events'),
  },
];

let db: Db;
const sent: { sql: string; parameters: readonly unknown[] }[] = [];
let explain: (sql: string, parameters: readonly unknown[]) => string[];

beforeAll(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: NOW });
  // Every statement goes through the connection's runSync, Kysely's and precompiled ones alike.
  const connection = sqliteDriverOf(db)!.connection;
  const runSync = connection.runSync.bind(connection);
  explain = (text, parameters) =>
    runSync<{ detail: string }>(`explain query plan ${text}`, parameters).rows.map((r) => r.detail);
  connection.runSync = <R>(text: string, parameters: readonly unknown[]) => {
    sent.push({ sql: text, parameters });
    return runSync<R>(text, parameters);
  };
});
afterAll(async () => {
  await db.destroy();
});

/** The statements a query sent that read or write `table`, with their plans. */
async function plansOf(query: HotQuery): Promise<{ sql: string; plan: string[] }[]> {
  sent.length = 0;
  await query.run(db);
  const names = new RegExp(`"${query.table}"`);
  return sent
    .filter((s) => names.test(s.sql) && (query.only === undefined || query.only.test(s.sql)))
    .map((s) => ({ sql: s.sql, plan: explain(s.sql, s.parameters) }));
}

describe('hot queries', () => {
  for (const query of HOT)
    it(`${query.what}: searches ${query.table} through ${query.uses}`, async () => {
      const statements = await plansOf(query);
      expect(statements.length).toBeGreaterThan(0);
      const search = new RegExp(
        `^SEARCH ${query.table} USING (COVERING )?INDEX ${query.uses.replace(/[()?]/g, '\\$&')}$`,
      );
      const scan = new RegExp(`^SCAN ${query.table}( |$)`);
      for (const { sql, plan } of statements) {
        expect(
          plan.some((line) => search.test(line)),
          `${sql}\n${plan.join('\n')}`,
        ).toBe(true);
        expect(
          plan.filter((line) => scan.test(line)),
          sql,
        ).toEqual([]);
      }
    });
});
