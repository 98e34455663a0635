/**
 * Charts are drawn in a worker thread: when it dies mid-chart, the poll's results still go out,
 * without the chart, and a warning with a reference is logged; nothing is left stuck.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CRASHING_WORKER } from '../helpers/charts.js';
import type { APIMessage } from 'discord-api-types/v10';
import { closeCharts, useChartWorker } from '../../src/core/charts/index.js';
import { pollRoutes } from '../../src/features/polls/routes.js';
import type { OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

const s = e2eSuite({ a: { name: 'Chart Club' }, b: { name: 'Elsewhere' } });

afterEach(async () => {
  useChartWorker();
  await closeCharts();
});

async function poll(subcommand: string, options: Record<string, OptionValue>) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'poll',
    subcommand,
    options,
  });
  return s.standIn.answer(interaction);
}

const voteButtons = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string }[] }).components;

describe('a poll whose chart cannot be drawn', () => {
  it('posts its results without the chart, logs a reference, and answers everyone', async () => {
    await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Which day suits you?',
      kind: 'single',
      options: 'Monday; Friday',
    });
    const message = s.standIn.postedIn(s.a.announcements).at(-1)!;
    const voted = await s.standIn.answer(
      s.standIn.click({
        guild: s.a.guild,
        user: s.a.member.id,
        message,
        customId: voteButtons(message)[1]!.custom_id,
      }),
    );
    expect(voted.content).toMatch(/^Your vote is saved\./);
    const pollId = pollRoutes.pick.parse(voteButtons(message)[0]!.custom_id)!.poll;

    useChartWorker(CRASHING_WORKER);
    expect((await poll('close', { poll: pollId })).content).toBe(
      'Closed “Which day suits you?”; the results are posted under it.',
    );
    const results = await until(() =>
      s.standIn.requests.find(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${s.a.announcements}/messages` &&
          (r.body as { embeds?: { title?: string }[] }).embeds?.[0]?.title ===
            'Results: Which day suits you?',
      ),
    );
    expect(results.files).toEqual([]);
    expect((results.body as { embeds: { image?: unknown }[] }).embeds[0]!.image).toBeUndefined();
    const warning = s.bot.logs.lines.find((l) => l.msg.startsWith('a poll chart could not'));
    expect(warning?.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(s.bot.logs.errors).toEqual([]);
  });
});
