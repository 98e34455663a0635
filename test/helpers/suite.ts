/**
 * The setup every end-to-end suite repeated: a stand-in, two communities (the one the suite is
 * about, and another to prove isolation), a real SQLite database, the real bot on a clock the
 * suite moves, and after each test no unknown request and no error logged (the refusals check is
 * global, in limits.setup.ts). Call it at the top of a file; the handle fills in before the
 * first test.
 *
 * ```ts
 * const s = e2eSuite({ a: { name: 'Small Table' }, setup: () => ({ language: 'en' }) });
 * it('…', async () => { await s.standIn.answer(s.standIn.command({ guild: s.a.guild, … })) });
 * ```
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { DiscordStandIn, isEphemeral, type OptionValue } from '../stand-in/server.js';
import { startBot, type TestBot } from './bot.js';
import { seedCommunity } from './world.js';

export type Community = ReturnType<typeof seedCommunity>;

export interface E2eSuite {
  readonly standIn: DiscordStandIn;
  readonly db: Db;
  /** The running bot; a suite that restarts it assigns the new one here (it is stopped at the end). */
  bot: TestBot;
  /** The community the suite is about, and another one. */
  readonly a: Community;
  readonly b: Community;
  /** The bot's clock: the suite moves it. */
  clock: number;
  /** Runs `/hearth setup` in a community as its owner; the reply must be ephemeral. */
  setup(community: Community, options: Record<string, OptionValue>): Promise<void>;
}

export function e2eSuite(
  options: {
    /** How each community is seeded (its name, locale, Hearth's permissions there). */
    a?: Parameters<typeof seedCommunity>[1];
    b?: Parameters<typeof seedCommunity>[1];
    /**
     * The bot's clock: the suite's own `now`, or `clock` starting at `start` (which the suite
     * then moves), or, with neither, real time.
     */
    start?: number;
    now?: () => number;
    env?: Record<string, string>;
    /** Options of `/hearth setup`, run in both communities before the first test. */
    setup?: (community: Community) => Record<string, OptionValue>;
    /** More to seed before the bot starts (members, channels); `standIn`, `a` and `b` are set. */
    seed?: (suite: Pick<E2eSuite, 'standIn' | 'a' | 'b'>) => void;
    /** The database to open (migrated by the suite, closed at the end); in memory by default. */
    database?: () => Db;
    /** More options for the bot (commands, components, deploy, metrics). */
    bot?: Omit<NonNullable<Parameters<typeof startBot>[1]>, 'db' | 'now' | 'env'>;
  } = {},
): E2eSuite {
  const suite = { clock: options.start ?? Date.now() } as {
    -readonly [K in keyof E2eSuite]: E2eSuite[K];
  };
  suite.setup = async (community, setupOptions) => {
    const answer = await suite.standIn.answer(
      suite.standIn.command({
        guild: community.guild,
        user: community.owner.id,
        command: 'hearth',
        subcommand: 'setup',
        options: setupOptions,
      }),
    );
    expect(isEphemeral(answer)).toBe(true);
  };
  beforeAll(async () => {
    suite.standIn = await new DiscordStandIn().start();
    suite.a = seedCommunity(suite.standIn, options.a ?? { name: 'Community A' });
    suite.b = seedCommunity(suite.standIn, options.b ?? { name: 'Community B' });
    options.seed?.(suite);
    suite.db = options.database?.() ?? openDatabase(':memory:');
    await migrateToLatest(suite.db);
    suite.bot = await startBot(suite.standIn, {
      db: suite.db,
      now: options.now ?? (options.start === undefined ? Date.now : () => suite.clock),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...options.bot,
    });
    if (options.setup !== undefined)
      for (const community of [suite.a, suite.b])
        await suite.setup(community, options.setup(community));
  });
  afterAll(async () => {
    await suite.bot?.stop();
    await suite.db?.destroy();
    await suite.standIn?.stop();
  });
  afterEach(() => {
    expect(suite.standIn.unknownRequests).toEqual([]);
    expect(suite.bot.logs.errors).toEqual([]);
  });
  return suite;
}
