/**
 * /healthz and /metrics on HTTP_PORT: scraped from the built bot as a monitor would, and the
 * unhealthy answers (gateway gone, a prompt run stuck) from a bot in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord-api-types/v10';
import { startHttpEndpoint } from '../../src/core/http.js';
import { createPromMetrics } from '../../src/core/metrics-prom.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { createSchedule } from '../../src/features/prompts/schedules.js';
import { DiscordStandIn } from '../stand-in/server.js';
import { startBot } from '../helpers/bot.js';
import { buildDist, removeBuilds, runBuilt, type Spawned } from '../helpers/process.js';
import { seedCommunity } from '../helpers/world.js';

let standIn: DiscordStandIn;
let dir: string;
let dist: string;
const running: Spawned[] = [];

beforeAll(async () => {
  dist = await buildDist();
  standIn = await new DiscordStandIn().start();
  dir = mkdtempSync(join(tmpdir(), 'hearth-health-'));
});

afterAll(async () => {
  for (const run of running) run.child.kill('SIGKILL');
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
  removeBuilds();
});

/** One sample of a metric, by name and labels, from Prometheus's text format. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_:]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const m of (match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)) got[m[1]!] = m[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[4]);
  }
  return undefined;
}

describe('HTTP_PORT on the built bot', () => {
  it('serves /healthz (200, every check) and /metrics with the interaction, REST, 429, scheduler, database, guild and member figures', async () => {
    const community = seedCommunity(standIn, { preferredLocale: 'en' });
    const run = runBuilt(dist, 'index', {
      cwd: dir,
      env: {
        DISCORD_TOKEN: standIn.token,
        DISCORD_API_BASE: standIn.apiBase,
        DATABASE_PATH: join(dir, 'hearth.sqlite'),
        HTTP_PORT: '0',
      },
    });
    running.push(run);
    await run.waitForOutput(/Hearth is online/);
    const port = Number(/"port":(\d+),"msg":"health and metrics/.exec(run.output.stdout)?.[1]);
    expect(run.output.stdout).toContain('"host":"127.0.0.1"');
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      checks: {
        gateway: { ok: true },
        database: { ok: true },
        outbox: { ok: true },
        scheduler: { ok: true },
        'prompt-runs': { ok: true },
      },
    });

    // One /help answered after a 429 on its callback: Discord's rate limit, waited out.
    standIn.fault({ path: /\/callback$/, status: 429, times: 1, retryAfterSeconds: 0.05 });
    const help = standIn.command({
      guild: community.guild,
      user: community.member.id,
      command: 'help',
    });
    expect((await standIn.callback(help)).type).toBe(
      InteractionResponseType.ChannelMessageWithSource,
    );

    let text = '';
    for (let i = 0; i < 50; i++) {
      const scraped = await fetch(`${base}/metrics`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toContain('text/plain');
      text = await scraped.text();
      if (sample(text, 'hearth_interactions_total', { kind: 'command', outcome: 'ok' }) === 1)
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sample(text, 'hearth_interactions_total', { kind: 'command', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'hearth_interaction_duration_seconds_count', { kind: 'command' })).toBe(1);
    expect(
      sample(text, 'hearth_interaction_duration_seconds_bucket', { kind: 'command', le: '+Inf' }),
    ).toBe(1);
    const callback = { method: 'POST', route: '/interactions/:id/:token/callback' };
    expect(sample(text, 'hearth_discord_requests_total', { ...callback, status: '429' })).toBe(1);
    expect(sample(text, 'hearth_discord_requests_total', { ...callback, status: '204' })).toBe(1);
    expect(
      sample(text, 'hearth_discord_requests_total', {
        method: 'GET',
        route: '/gateway/bot',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    // Waits for a known limit are counted apart (none happened here); a 429 answer is a status above.
    expect(text).toContain('# TYPE hearth_discord_rate_limited_total counter');
    expect(sample(text, 'hearth_guilds')).toBe(1);
    expect(sample(text, 'hearth_members')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'hearth_database_size_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'hearth_scheduler_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hearth_prompt_runs_pending')).toBe(0);
    expect(sample(text, 'hearth_outbox_pending')).toBe(0);
    expect(sample(text, 'hearth_outbox_due')).toBe(0);
    expect(sample(text, 'hearth_outbox_oldest_due_seconds')).toBe(0);
    expect(sample(text, 'hearth_outbox_failed_last_day')).toBe(0);
    expect(sample(text, 'hearth_prompt_runs_oldest_pending_seconds')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('a port already in use is one line', async () => {
    const taken = await startHttpEndpoint({
      host: '127.0.0.1',
      port: 0,
      health: () => Promise.resolve({ ok: true, checks: {} }),
      metrics: () => Promise.resolve({ contentType: 'text/plain', body: '' }),
    });
    const run = runBuilt(dist, 'index', {
      cwd: dir,
      env: {
        DISCORD_TOKEN: standIn.token,
        DISCORD_API_BASE: standIn.apiBase,
        DATABASE_PATH: join(dir, 'port.sqlite'),
        HTTP_PORT: String(taken.port),
      },
    });
    running.push(run);
    expect((await run.exited).code).toBe(1);
    expect(run.output.stderr).toBe(
      `hearth: HTTP_PORT ${taken.port} is already in use on 127.0.0.1: choose another port, or stop what listens on 127.0.0.1:${taken.port}\n`,
    );
    await taken.close();
  });
});

describe('unhealthy answers 503 and says why', () => {
  it('a prompt run claimed long ago and never posted, then the gateway gone', async () => {
    const bot = await startBot(standIn, { metrics: createPromMetrics() });
    const endpoint = await startHttpEndpoint({
      host: '127.0.0.1',
      port: 0,
      health: () => bot.hearth.health(),
      metrics: () => bot.hearth.metrics.render(),
    });
    const base = `http://127.0.0.1:${endpoint.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const guild = standIn.addGuild();
      await ensureGuild(bot.db, guild, { now: Date.now() });
      const schedule = await createSchedule(
        bot.db,
        guild,
        {
          channelId: '1',
          rule: { kind: 'cron', expression: '0 0 1 1 *' },
          tag: null,
          pick: 'queue',
        },
        'UTC',
        Date.now(),
      );
      const hourAgo = Date.now() - 3_600_000;
      await bot.db
        .insertInto('occurrences')
        .values({
          schedule_id: schedule.id,
          guild_id: guild,
          due_at: hourAgo,
          prompt_id: null,
          status: 'claimed',
          channel_id: '1',
          nonce: 'stuck',
          message_id: null,
          thread_id: null,
          claimed_at: hourAgo,
          posted_at: null,
        })
        .execute();
      const stuck = await fetch(`${base}/healthz`);
      expect(stuck.status).toBe(503);
      const body = (await stuck.json()) as { status: string; checks: Record<string, unknown> };
      expect(body.status).toBe('unhealthy');
      expect(body.checks['prompt-runs']).toEqual({
        ok: false,
        detail: '1 prompt runs claimed but not posted, the oldest for 60 min',
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(sample(metrics, 'hearth_prompt_runs_pending')).toBe(1);
      expect(sample(metrics, 'hearth_prompt_runs_oldest_pending_seconds')).toBeGreaterThan(3_599);

      await bot.hearth.client.destroy();
      const gone = (await (await fetch(`${base}/healthz`)).json()) as {
        checks: Record<string, { ok: boolean }>;
      };
      expect(gone.checks.gateway?.ok).toBe(false);
    } finally {
      await endpoint.close();
      await bot.stop();
    }
  });
});
