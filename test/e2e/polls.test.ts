import { describe, expect, it, onTestFinished } from 'vitest';
import { ComponentType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { isEphemeral, type OptionValue } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { e2eSuite } from '../helpers/suite.js';

const HOUR = 3_600_000;
let clock = Date.UTC(2026, 10, 23, 9, 0);
const now = () => clock;
const crowd: APIUser[] = [];

async function poll(
  subcommand: string,
  options: Record<string, OptionValue>,
  guild = s.a.guild,
  user = s.a.owner.id,
) {
  const interaction = s.standIn.command({ guild, user, command: 'poll', subcommand, options });
  return { interaction, answer: await s.standIn.answer(interaction) };
}
const lastPost = (channel: string) => s.standIn.postedIn(channel).at(-1)!;
const buttons = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] } | undefined)
    ?.components ?? [];
const edits = (message: APIMessage) =>
  s.standIn.requests.filter(
    (r) =>
      r.method === 'PATCH' && r.path === `/channels/${message.channel_id}/messages/${message.id}`,
  );
const pollIdOf = (m: APIMessage) =>
  Number(/poll\.(?:vote|open|pick):(\d+)/.exec(buttons(m)[0]!.custom_id)![1]);

const s = e2eSuite({
  a: { name: 'Brand Lab' },
  b: { name: 'Other Lab' },
  now: () => now(),
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 100; i++)
      crowd.push(standIn.addMember(a.guild, `voter${i}`, [a.memberRole]));
  },
});

describe('a single-choice poll with buttons', () => {
  let message: APIMessage;

  it('says whether it is anonymous before anyone votes, and takes votes from its buttons', async () => {
    const created = await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Which logo do you prefer?',
      kind: 'single',
      options: 'Blue; Green; Red',
    });
    expect(created.answer.content).toMatch(/^Poll #1 posted in <#\d+>\.$/);
    message = lastPost(s.a.announcements);
    expect(message.embeds[0]!.title).toBe('Which logo do you prefer?');
    expect(message.embeds[0]!.fields![0]!.value).toContain(
      '👤 **Not anonymous**: managers can see who voted what.',
    );
    expect(buttons(message).map((x) => x.label)).toEqual(['Blue', 'Green', 'Red']);
    const click = s.standIn.click({
      guild: s.a.guild,
      user: s.a.member.id,
      message,
      customId: buttons(message)[1]!.custom_id,
    });
    const reply = await s.standIn.answer(click);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toBe(
      'Your vote is saved. You can change it until the poll closes. This poll is not anonymous: managers can see your vote.',
    );
    const change = s.standIn.click({
      guild: s.a.guild,
      user: s.a.member.id,
      message,
      customId: buttons(message)[2]!.custom_id,
    });
    expect((await s.standIn.answer(change)).content).toMatch(/^Your vote is changed\./);
  });

  it('counts 100 members clicking 5 times each, all at once, as exactly 100 votes, and edits the message only every few seconds', async () => {
    // This test is about counting, not latency: 500 interactions handled by one event loop can
    // take longer than Discord's 3 s on a busy machine. Acknowledgement timing is router.test.ts's.
    s.standIn.interactionWindowMs = 120_000;
    onTestFinished(() => {
      s.standIn.interactionWindowMs = 3_000;
    });
    const editsBefore = edits(message).length;
    const started = Date.now();
    const clicks = [];
    for (let round = 0; round < 5; round++) {
      for (const [i, voter] of crowd.entries())
        clicks.push(
          s.standIn.click({
            guild: s.a.guild,
            user: voter.id,
            message,
            customId: buttons(message)[i % 3]!.custom_id,
          }),
        );
    }
    await Promise.all(clicks.map((c) => s.standIn.answer(c)));
    const row = await s.db
      .selectFrom('polls')
      .select('voters')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    // The crowd plus the member who voted first.
    expect(row.voters).toBe(101);
    expect(
      (
        await s.db.selectFrom('poll_tallies').select('votes').where('poll_id', '=', 1).execute()
      ).map((t) => t.votes),
    ).toEqual([34, 33, 34]);
    await until(
      () =>
        s.standIn
          .postedIn(s.a.announcements)
          .find((m) => m.id === message.id)!
          .embeds[0]!.fields![0]!.value.includes('101 votes'),
      10_000,
    );
    const elapsed = Date.now() - started;
    // At most one edit per 3 s window, however fast 500 clicks came.
    expect(edits(message).length - editsBefore).toBeLessThanOrEqual(Math.ceil(elapsed / 3_000) + 1);
    expect(
      s.standIn.postedIn(s.a.announcements).find((m) => m.id === message.id)!.embeds[0]!
        .description,
    ).toContain('Blue  ▰▰▰▱▱▱▱▱▱▱ 34% · 34');
  }, 30_000);

  it('closes by hand with a results message and a chart, and a closed poll’s buttons say so', async () => {
    const closed = await poll('close', { poll: 1 });
    expect(closed.answer.content).toBe(
      'Closed “Which logo do you prefer?”; the results are posted under it.',
    );
    const results = s.standIn.requests
      .filter((r) => r.method === 'POST' && r.path === `/channels/${s.a.announcements}/messages`)
      .at(-1)!;
    expect(
      (results.body as { embeds: { title: string; footer: { text: string } }[] }).embeds[0]!.title,
    ).toBe('Results: Which logo do you prefer?');
    expect(
      (results.body as { embeds: { footer: { text: string } }[] }).embeds[0]!.footer.text,
    ).toMatch(/^101 of \d+ members voted$/);
    expect(results.files.map((f) => f.filename)).toEqual(['question-1.png']);
    expect(results.files[0]!.content.subarray(1, 4).toString()).toBe('PNG');
    const late = s.standIn.click({
      guild: s.a.guild,
      user: crowd[5]!.id,
      message,
      customId: buttons(message)[0]!.custom_id,
    });
    expect((await s.standIn.answer(late)).content).toBe('This poll is closed.');
    expect((await poll('close', { poll: 1 })).answer.content).toBe('That poll is already closed.');
  });
});

describe('an anonymous survey with hidden results', () => {
  it('keeps every voter out of every message, export, log line and row', async () => {
    await poll('template', {
      channel: { channel: s.a.announcements },
      template: 'product',
      topic: 'the new app',
      anonymous: true,
      results: 'hidden',
      hours: 48,
    });
    const message = lastPost(s.a.announcements);
    expect(message.embeds[0]!.fields![0]!.value).toContain(
      '🔒 **Anonymous**: nobody, managers included, can see who voted what.',
    );
    const pollId = pollIdOf(message);
    const voters = crowd.slice(0, 12);
    for (const [i, voter] of voters.entries()) {
      const opened = s.standIn.click({
        guild: s.a.guild,
        user: voter.id,
        message,
        customId: buttons(message)[0]!.custom_id,
      });
      const modal = await s.standIn.shownModal(opened);
      expect(modal.components.map((c) => c.label)).toEqual([
        'How much do you like it, 1 to 5?',
        'Why?',
      ]);
      const submitted = await s.standIn.fillModal({
        guild: s.a.guild,
        user: voter.id,
        opened,
        answers: {
          'How much do you like it, 1 to 5?': `${(i % 5) + 1}★`,
          'Why?': `My reason, number ${i}, with "quotes", commas`,
        },
      });
      expect((await s.standIn.answer(submitted)).content).toMatch(/nobody can see what you voted/);
    }
    // Hidden until close: the message shows participation, not counts.
    await until(
      () =>
        s.standIn
          .postedIn(s.a.announcements)
          .find((m) => m.id === message.id)!
          .embeds[0]!.fields![0]!.value.includes('12 votes'),
      10_000,
    );
    expect(
      s.standIn.postedIn(s.a.announcements).find((m) => m.id === message.id)!.embeds[0]!
        .description,
    ).not.toContain('%');

    const exported = await poll('export', { poll: pollId });
    const csv = s.standIn.requests
      .find(
        (r) =>
          r.path ===
          `/interactions/${exported.interaction.id}/${exported.interaction.token}/callback`,
      )!
      .files[0]!.content.toString();
    expect(csv.split('\r\n')[0]).toBe('\uFEFFTime,Question,Answer');
    expect(csv).toContain('"My reason, number 3, with ""quotes"", commas"');
    const results = await poll('results', { poll: pollId });
    expect(results.answer.content).toContain('12 votes');

    // Closed by the clock.
    clock += 49 * HOUR;
    await s.bot.hearth.tick();
    await until(() =>
      s.standIn.requests.some(
        (r) =>
          r.method === 'POST' &&
          (r.body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title ===
            'Results: What do you think of the new app?',
      ),
    );

    const everything = JSON.stringify([
      s.standIn.requests
        .filter((r) => !r.path.startsWith('/interactions/'))
        .map((r) => [r.body, r.files.map((f) => f.content.toString('latin1'))]),
      s.standIn.requests
        .filter((r) => r.path.startsWith('/interactions/') && r.files.length > 0)
        .map((r) => r.files.map((f) => f.content.toString())),
      s.bot.logs.raw,
      await s.db.selectFrom('polls').selectAll().where('id', '=', pollId).execute(),
      await s.db.selectFrom('poll_voters').selectAll().where('poll_id', '=', pollId).execute(),
      await s.db.selectFrom('poll_choices').selectAll().where('poll_id', '=', pollId).execute(),
      await s.db.selectFrom('poll_tallies').selectAll().where('poll_id', '=', pollId).execute(),
      await s.db.selectFrom('poll_texts').selectAll().where('poll_id', '=', pollId).execute(),
    ]);
    expect(everything).toContain('My reason, number 3');
    for (const voter of voters) expect(everything).not.toContain(voter.id);
  }, 30_000);
});

describe('audience, NPS and a deleted poll message', () => {
  it('lets only the audience vote, closes by time even when the poll message was deleted, and scores NPS', async () => {
    await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Recommend us?',
      kind: 'nps',
      audience: { role: s.a.memberRole },
      hours: 2,
      reminder: true,
    });
    const message = lastPost(s.a.announcements);
    const pollId = pollIdOf(message);
    // The owner does not hold the member role.
    const outsider = s.standIn.click({
      guild: s.a.guild,
      user: s.a.owner.id,
      message,
      customId: buttons(message)[0]!.custom_id,
    });
    expect((await s.standIn.answer(outsider)).content).toBe(
      `This poll is for <@&${s.a.memberRole}>.`,
    );
    for (const [i, score] of [10, 9, 8, 3, 10].entries()) {
      const opened = s.standIn.click({
        guild: s.a.guild,
        user: crowd[i]!.id,
        message,
        customId: buttons(message)[0]!.custom_id,
      });
      await s.standIn.answer(
        await s.standIn.fillModal({
          guild: s.a.guild,
          user: crowd[i]!.id,
          opened,
          answers: { 'Recommend us?': String(score) },
        }),
      );
    }
    // One reminder, an hour in, mentioning only the audience role.
    clock += HOUR;
    await s.bot.hearth.tick();
    await s.bot.hearth.tick();
    const reminders = s.standIn.requests.filter(
      (r) =>
        r.method === 'POST' &&
        String((r.body as { content?: string } | undefined)?.content ?? '').startsWith('⏰'),
    );
    expect(reminders).toHaveLength(1);
    expect((reminders[0]!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      roles: [s.a.memberRole],
    });

    s.standIn.deleteMessage(s.a.announcements, message.id);
    clock += HOUR;
    await s.bot.hearth.tick();
    const results = await s.standIn.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        (r.body as { embeds?: { title?: string }[] } | undefined)?.embeds?.[0]?.title ===
          'Results: Recommend us?',
    );
    // 3 promoters (10, 9, 10), 1 passive, 1 detractor: NPS 40.
    expect(
      (results.body as { embeds: { description: string }[] }).embeds[0]!.description,
    ).toContain('NPS: 40');
    expect(results.files).toHaveLength(1);
    expect(
      (
        await s.db
          .selectFrom('polls')
          .select('status')
          .where('id', '=', pollId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('closed');
  });

  it('refuses another guild’s replayed buttons and commands', async () => {
    // Poll #1's message (closed now, so its buttons are gone): its old custom id replayed elsewhere.
    const message = s.standIn
      .postedIn(s.a.announcements)
      .find((m) => m.embeds[0]?.title === 'Which logo do you prefer?')!;
    const replay = s.standIn.click({
      guild: s.b.guild,
      user: s.b.member.id,
      message,
      customId: pollRoutes.vote.build({ poll: 1, choice: 0 }),
    });
    expect((await s.standIn.answer(replay)).content).toBe(
      'That poll does not exist in this server.',
    );
    expect((await poll('close', { poll: 1 }, s.b.guild, s.b.owner.id)).answer.content).toBe(
      'That poll does not exist in this server.',
    );
    expect((await poll('export', { poll: 2 }, s.b.guild, s.b.owner.id)).answer.content).toBe(
      'That poll does not exist in this server.',
    );
  });

  it('explains bad poll definitions and stores nothing', async () => {
    const before = (await s.db.selectFrom('polls').select('id').execute()).length;
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Pick',
          kind: 'single',
          options: 'Only one',
        })
      ).answer.content,
    ).toBe('Give 2 to 25 options, separated by semicolons: `Blue; Green; Red`.');
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Pick',
          kind: 'multi',
          options: 'a;b;c',
          max_choices: 9,
        })
      ).answer.content,
    ).toBe('With 3 options, the maximum must be between 1 and 3.');
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Soon?',
          kind: 'rating',
          reminder: true,
        })
      ).answer.content,
    ).toBe('A reminder needs a closing time: set `hours`.');
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Thoughts?',
          kind: 'text',
          why: 'Why?',
        })
      ).answer.content,
    ).toBe('A free-text question cannot have a free-text follow-up: leave `why` empty.');
    expect((await s.db.selectFrom('polls').select('id').execute()).length).toBe(before);
  });
});

describe('a choice with a “Why?” follow-up', () => {
  it('asks both in one modal and keeps the reasons for managers', async () => {
    await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Which flavour?',
      kind: 'single',
      options: 'Vanilla; Chocolate',
      why: 'Why?',
    });
    const message = lastPost(s.a.announcements);
    expect(message.embeds[0]!.title).toBe('Which flavour?');
    const pollId = pollIdOf(message);
    for (const [i, [flavour, reason]] of [
      ['Chocolate', 'Darker is better'],
      ['Vanilla', ''],
      ['Chocolate', 'It reminds me of <@&' + s.a.memberRole + '> parties'],
    ].entries()) {
      const opened = s.standIn.click({
        guild: s.a.guild,
        user: crowd[20 + i]!.id,
        message,
        customId: buttons(message)[0]!.custom_id,
      });
      const modal = await s.standIn.shownModal(opened);
      expect(modal.components.map((c) => c.label)).toEqual(['Which flavour?', 'Why?']);
      const submitted = await s.standIn.fillModal({
        guild: s.a.guild,
        user: crowd[20 + i]!.id,
        opened,
        answers: { 'Which flavour?': flavour!, 'Why?': reason! },
      });
      expect((await s.standIn.answer(submitted)).content).toMatch(/^Your vote is saved\./);
    }
    const results = await poll('results', { poll: pollId });
    expect(results.answer.content).toContain('3 votes');
    expect(results.answer.content).toContain('Vanilla: 1\nChocolate: 2');
    const file = s.standIn.requests.find(
      (r) =>
        r.path ===
          `/interactions/${results.interaction.id}/${results.interaction.token}/callback` &&
        r.files.length > 0,
    )!;
    expect(file.files[0]!.filename).toBe(`poll-${pollId}-answers.txt`);
    const text = file.files[0]!.content.toString();
    expect(text).toContain('[Why?] Darker is better');
    expect(text).toContain('[Why?] It reminds me of');
    expect(text.split('\n\n')).toHaveLength(2);
  });
});

describe('questions up to 300 characters', () => {
  const long =
    'Thinking about the last three months of workshops, meetups and the weekly prompts in this server, ' +
    'and about how often you came back to read or to write, how likely would you be to recommend this ' +
    'community to a friend or a colleague who shares our interests, and what made the very biggest difference?';

  it('shows a long question in full in the poll message and above its input in the Vote form', async () => {
    expect(long.length).toBe(300);
    const created = await poll('create', {
      channel: { channel: s.a.announcements },
      question: long,
      kind: 'single',
      options: 'Very likely; Maybe; Not likely',
      why: 'Why?',
    });
    expect(created.answer.content).toMatch(/^Poll #\d+ posted in <#\d+>\.$/);
    const message = lastPost(s.a.announcements);
    // The embed title is cut (Discord allows 256); the question itself is in full just below.
    expect(message.embeds[0]!.title!.length).toBeLessThanOrEqual(256);
    expect(message.embeds[0]!.description).toContain(`**1. ${long}**`);

    const opened = s.standIn.click({
      guild: s.a.guild,
      user: crowd[40]!.id,
      message,
      customId: buttons(message)[0]!.custom_id,
    });
    const form = await s.standIn.shownForm(opened);
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(
      form.components.map((c) => (c.type === ComponentType.TextDisplay ? c.content : c.label)),
    ).toEqual([long, 'Your answer', 'Why?']);
    const submitted = await s.standIn.fillModal({
      guild: s.a.guild,
      user: crowd[40]!.id,
      opened,
      answers: { [long]: 'Maybe', 'Why?': 'The prompts' },
    });
    expect((await s.standIn.answer(submitted)).content).toMatch(/^Your vote is saved\./);
    const pollId = pollIdOf(message);
    const results = await poll('results', { poll: pollId });
    expect(results.answer.content).toContain(`**1. ${long}**`);
    expect(results.answer.content).toContain('Maybe: 1');
  });

  it('puts a question of up to 100 characters in the label’s description', async () => {
    const question = 'How likely are you to recommend us to a friend?';
    await poll('create', { channel: { channel: s.a.announcements }, question, kind: 'nps' });
    const message = lastPost(s.a.announcements);
    expect(message.embeds[0]!.title).toBe(question);
    const opened = s.standIn.click({
      guild: s.a.guild,
      user: crowd[41]!.id,
      message,
      customId: buttons(message)[0]!.custom_id,
    });
    const modal = await s.standIn.shownModal(opened);
    expect(modal.components.map((c) => [c.label, c.description])).toEqual([
      ['Your answer', question],
    ]);
    const submitted = await s.standIn.fillModal({
      guild: s.a.guild,
      user: crowd[41]!.id,
      opened,
      answers: { [question]: '9' },
    });
    expect((await s.standIn.answer(submitted)).content).toMatch(/^Your vote is saved\./);
  });

  it('refuses a question over 300 characters, and stores nothing', async () => {
    const before = (await s.db.selectFrom('polls').select('id').execute()).length;
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: `${long}!`,
          kind: 'text',
        })
      ).answer.content,
    ).toBe('A question can be at most 300 characters.');
    expect((await s.db.selectFrom('polls').select('id').execute()).length).toBe(before);
  });
});
