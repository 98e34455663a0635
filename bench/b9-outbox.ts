/**
 * B9: the outbox draining a backlog. 10,000 due effects across 1,000 servers (10 each, one
 * channel per server) are carried out by the real worker, with Discord's pacing (48 of Discord's
 * 50 requests a second in all, 5 per channel in 5 s), against a REST stand-in that answers at
 * once, on a simulated clock. Prints the drain rate as a ratio of Discord's global limit, and how
 * soon every server had its first effect out against its fair share (one round of all servers),
 * with how many second effects went before it (none, if the rounds are rounds).
 */
import { z } from 'zod';
import { parseConfig } from '../src/core/config.js';
import type { AppDeps } from '../src/core/context.js';
import { migrateToLatest, openDatabase } from '../src/core/db/database.js';
import { ensureGuild } from '../src/core/guilds.js';
import { createLogger } from '../src/core/log.js';
import {
  createOutbox,
  effect,
  effectType,
  enqueue,
  type OutboxRest,
} from '../src/core/outbox/index.js';
import { SimClock } from '../test/helpers/sim-clock.js';

const SERVERS = 1_000;
const EACH = 10;
const DISCORD_GLOBAL = 50;
/**
 * The fair share's slack beyond one round: the worker's effects in flight at once (16), which may
 * have started before the round's first row was claimed. Each server's first row comes before any
 * server's second (claimDue), the worker starts them in that order, and the pacer lets their
 * requests through in the order they started: the rest of the round is exact.
 */
const SLACK = 16;

const benchType = effectType('bench.post', z.object({ n: z.number() }));

export async function benchOutbox(): Promise<string[]> {
  const clock = new SimClock(Date.UTC(2026, 10, 23, 9, 0));
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  const parsed = parseConfig({
    DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.bench.benchmarkbenchmarkbenchmarkbench',
    DATABASE_PATH: ':memory:',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const app: AppDeps = {
    config: parsed.config,
    db,
    logger: createLogger({ level: 'silent' }),
    now: () => clock.now(),
  };
  const guild = (i: number) => String(100_000_000_000_000_000n + BigInt(i));
  const channel = (i: number) => String(300_000_000_000_000_000n + BigInt(i));
  for (let i = 0; i < SERVERS; i++) await ensureGuild(db, guild(i), { now: clock.now() });
  // The backlog: every server's ten effects, enqueued server after server (the worst order for a
  // first-in-first-out queue: the last server's first effect is the 9,991st row).
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < SERVERS; i++)
      for (let n = 0; n < EACH; n++)
        await enqueue(
          trx,
          benchType,
          { guildId: guild(i), key: `${i}:${n}`, payload: { n }, channelId: channel(i) },
          clock.now(),
        );
  });
  const sent: { at: number; channel: string }[] = [];
  const answer = (route: string): Promise<unknown> => {
    sent.push({ at: clock.now(), channel: route.split('/')[2]! });
    return Promise.resolve({ id: String(sent.length) });
  };
  const rest: OutboxRest = {
    get: answer,
    post: answer,
    put: answer,
    patch: answer,
    delete: answer,
  };
  const handler = effect(benchType, {
    label: 'outbox.kind.other',
    async execute(ctx) {
      await ctx.rest.post(`/channels/${ctx.channelId ?? '0'}/messages`, { body: {} });
    },
  });
  const started = clock.now();
  const cpu = process.cpuUsage();
  const outbox = createOutbox({ app, rest, handlers: [handler], timers: clock });
  outbox.worker.start();
  const pending = async () =>
    Number(
      (
        await db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', '!=', 'done')
          .executeTakeFirstOrThrow()
      ).n,
    );
  await clock.run(() => sent.length >= SERVERS * EACH, 3_600_000);
  await clock.run(async () => (await pending()) === 0, 60_000);
  const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
  await outbox.worker.stop();
  outbox.close();
  const left = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '!=', 'done')
    .executeTakeFirstOrThrow();
  await db.destroy();

  const seconds = (clock.now() - started) / 1000;
  const rate = sent.length / seconds;
  const ratio = rate / DISCORD_GLOBAL;
  const first = new Map<string, number>();
  for (const [i, s] of sent.entries()) if (!first.has(s.channel)) first.set(s.channel, i);
  const lastFirst = Math.max(...first.values());
  const lastFirstAt = (sent[lastFirst]!.at - started) / 1000;
  // A server's second effect before every server had its first: a round that was not a round.
  const early = sent.slice(0, lastFirst).filter((s, i) => first.get(s.channel) !== i).length;
  const fairShare = SERVERS + SLACK;
  return [
    `B9 outbox drain: ${SERVERS * EACH} due effects across ${SERVERS} servers, Discord's pacing, simulated clock`,
    `  drained in ${seconds.toFixed(1)} s simulated (${cpuMs.toFixed(0)} ms CPU): ${rate.toFixed(1)} requests/s = ${ratio.toFixed(2)}x Discord's global ${DISCORD_GLOBAL}/s (target >= 0.95x: ${ratio >= 0.95 ? 'met' : 'NOT MET'}; Hearth keeps 2/s for interactions: ${(rate / 48).toFixed(2)}x its 48/s); ${Number(left.n)} left`,
    `  fairness: every server's first effect out within the first ${lastFirst + 1} requests (${lastFirstAt.toFixed(1)} s), ${early} second effects before it (target: one round of all ${SERVERS} servers plus ${SLACK} = ${fairShare} requests: ${lastFirst + 1 <= fairShare ? 'met' : 'NOT MET'})`,
  ];
}
