import { describe, expect, it } from 'vitest';
import { pollRoutes } from '../../src/features/polls/routes.js';
import { ComponentType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { type OptionValue } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';
const members: APIUser[] = [];

async function poll(subcommand: string, options: Record<string, OptionValue>) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user: s.a.owner.id,
    command: 'poll',
    subcommand,
    options,
  });
  return { interaction, answer: await s.standIn.answer(interaction) };
}
const lastPost = () => s.standIn.postedIn(s.a.announcements).at(-1)!;
const voteButton = (m: APIMessage) =>
  (m.components?.[0] as { components: { custom_id: string; label: string }[] }).components[0]!;
const pollIdOf = (m: APIMessage) => pollRoutes.open.parse(voteButton(m).custom_id)!.poll;
const fileOf = (interaction: { id: string; token: string }) =>
  s.standIn.requests
    .find(
      (r) =>
        r.path === `/interactions/${interaction.id}/${interaction.token}/callback` &&
        r.files.length > 0,
    )!
    .files[0]!.content.toString();

/** A member opens the Vote form and ranks options by position; returns the bot's reply. */
async function rank(message: APIMessage, voter: APIUser, order: string[], why = '') {
  const opened = s.standIn.click({
    guild: s.a.guild,
    user: voter.id,
    message,
    customId: voteButton(message).custom_id,
  });
  const positions = ['1st choice', '2nd choice', '3rd choice', '4th choice', '5th choice'];
  const submitted = await s.standIn.fillModal({
    guild: s.a.guild,
    user: voter.id,
    opened,
    answers: {
      ...Object.fromEntries(order.map((option, i) => [positions[i]!, option])),
      'Why?': why,
    },
  });
  return s.standIn.answer(submitted);
}

const s = e2eSuite({
  a: { name: 'Food Lab' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 8; i++)
      members.push(standIn.addMember(a.guild, `taster${i}`, [a.memberRole]));
  },
});

describe('a ranking poll', () => {
  const question = 'Which food for the next meetup?';
  let message: APIMessage;
  let pollId: number;

  it('is created by a manager and asks members to order options in the Vote form', async () => {
    const created = await poll('create', {
      channel: { channel: s.a.announcements },
      question,
      kind: 'ranking',
      options: 'Pizza; Sushi; Tacos; Curry',
      max_choices: 3,
      anonymous: true,
      why: 'Why?',
    });
    expect(created.answer.content).toMatch(/^Poll #\d+ posted in <#\d+>\.$/);
    message = lastPost();
    pollId = pollIdOf(message);
    expect(message.embeds[0]!.title).toBe(question);
    expect(voteButton(message).label).toBe('Vote');
    const stored = await s.db
      .selectFrom('polls')
      .select('questions')
      .where('id', '=', pollId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.questions)).toEqual([
      {
        kind: 'ranking',
        label: question,
        required: true,
        choices: [
          { key: 'c1', label: 'Pizza' },
          { key: 'c2', label: 'Sushi' },
          { key: 'c3', label: 'Tacos' },
          { key: 'c4', label: 'Curry' },
        ],
        positions: 3,
      },
      { kind: 'paragraph', label: 'Why?', required: false, maxLength: 1000 },
    ]);

    const opened = s.standIn.click({
      guild: s.a.guild,
      user: members[0]!.id,
      message,
      customId: voteButton(message).custom_id,
    });
    const form = await s.standIn.shownForm(opened);
    // The question above its three positions (the modal had room), then the follow-up: 5 of 5.
    expect(
      form.components.map((c) =>
        c.type === ComponentType.TextDisplay ? c.content : [c.label, c.component.type],
      ),
    ).toEqual([
      question,
      ['1st choice', ComponentType.RadioGroup],
      ['2nd choice', ComponentType.RadioGroup],
      ['3rd choice', ComponentType.RadioGroup],
      ['Why?', ComponentType.TextInput],
    ]);
  });

  it('refuses an option ranked twice, and lets a member change their order', async () => {
    expect((await rank(message, members[0]!, ['Sushi', 'Sushi', 'Pizza'])).content).toBe(
      `Rank 3 different options for “${question}”, each once.`,
    );
    expect(
      await s.db.selectFrom('poll_voters').select('voter').where('poll_id', '=', pollId).execute(),
    ).toEqual([]);
    expect((await rank(message, members[4]!, ['Curry', 'Tacos', 'Pizza'])).content).toMatch(
      /^Your vote is saved\. .*nobody can see what you voted/,
    );
    expect((await rank(message, members[4]!, ['Sushi', 'Pizza', 'Curry'])).content).toMatch(
      /^Your vote is changed\./,
    );
  });

  it('counts Borda points and average ranks, in the results, the rows and the CSV', async () => {
    const ballots = [
      ['Sushi', 'Pizza', 'Tacos'],
      ['Sushi', 'Curry', 'Pizza'],
      ['Pizza', 'Sushi', 'Curry'],
      ['Tacos', 'Sushi', 'Pizza'],
    ];
    for (const [i, order] of ballots.entries())
      expect((await rank(message, members[i]!, order, `reason ${i}`)).content).toMatch(
        /^Your vote is saved\./,
      );

    // Hand-computed, 3 points for a first place: Sushi 3+3+2+2+3 = 13 over places 1,1,2,2,1;
    // Pizza 2+1+3+1+2 = 9 (2,3,1,3,2); Tacos 1+3 = 4 (3,1); Curry 2+1+1 = 4 (2,3,3).
    const results = await poll('results', { poll: pollId });
    expect(results.answer.content).toContain('5 votes');
    expect(results.answer.content).toContain(
      [
        `**1. ${question}**`,
        '1. Sushi: Borda score 13, average rank 1.4',
        '2. Pizza: Borda score 9, average rank 2.2',
        '3. Tacos: Borda score 4, average rank 2.0',
        '3. Curry: Borda score 4, average rank 2.7',
        'Borda score: a first place earns 3, each place below it one less.',
      ].join('\n'),
    );

    // The counters kept in each vote's transaction equal a recount of the stored ballots.
    const tallies = await s.db
      .selectFrom('poll_tallies')
      .select(['choice', 'votes', 'points'])
      .where('poll_id', '=', pollId)
      .where('question', '=', 0)
      .orderBy('choice')
      .execute();
    expect(tallies).toEqual([
      { choice: 0, votes: 5, points: 9 },
      { choice: 1, votes: 5, points: 13 },
      { choice: 2, votes: 2, points: 4 },
      { choice: 3, votes: 3, points: 4 },
    ]);
    const rows = await s.db
      .selectFrom('poll_choices')
      .select(['voter', 'choice', 'rank'])
      .where('poll_id', '=', pollId)
      .execute();
    expect(rows).toHaveLength(15);
    const recount = [0, 1, 2, 3].map((choice) => {
      const mine = rows.filter((r) => r.choice === choice);
      return {
        choice,
        votes: mine.length,
        points: mine.reduce((sum, r) => sum + (3 - r.rank! + 1), 0),
      };
    });
    expect(recount).toEqual(tallies);
    // Every voter ranked places 1, 2 and 3, once each.
    for (const voter of new Set(rows.map((r) => r.voter)))
      expect(
        rows
          .filter((r) => r.voter === voter)
          .map((r) => r.rank)
          .sort(),
      ).toEqual([1, 2, 3]);

    const exported = await poll('export', { poll: pollId });
    const csv = fileOf(exported.interaction).split('\r\n');
    // Anonymous: no member column, as for every anonymous poll.
    expect(csv[0]).toBe('\uFEFFTime,Question,Answer');
    const rankings = csv.filter((line) => line.includes(question)).map((l) => l.split(',').at(-1));
    expect(rankings.sort()).toEqual(
      [
        '1. Pizza; 2. Sushi; 3. Curry',
        '1. Sushi; 2. Curry; 3. Pizza',
        '1. Sushi; 2. Pizza; 3. Curry',
        '1. Sushi; 2. Pizza; 3. Tacos',
        '1. Tacos; 2. Sushi; 3. Pizza',
      ].sort(),
    );
    expect(csv.filter((line) => line.includes('reason'))).toHaveLength(4);
  });

  it('posts the ranking with a chart at close, and names no voter anywhere', async () => {
    expect((await poll('close', { poll: pollId })).answer.content).toBe(
      `Closed “${question}”; the results are posted under it.`,
    );
    const results = s.standIn.requests
      .filter((r) => r.method === 'POST' && r.path === `/channels/${s.a.announcements}/messages`)
      .at(-1)!;
    const embed = (results.body as { embeds: { title: string; description: string }[] }).embeds[0]!;
    expect(embed.title).toBe(`Results: ${question}`);
    expect(embed.description).toContain('1. Sushi: Borda score 13, average rank 1.4');
    expect(embed.description).toContain('3. Curry: Borda score 4, average rank 2.7');
    expect(results.files.map((f) => f.filename)).toEqual(['question-1.png']);
    expect(results.files[0]!.content.subarray(1, 4).toString()).toBe('PNG');

    // What the bot sent, logged and stored names no voter (as in every anonymous poll).
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
    expect(everything).toContain('reason 3');
    for (const voter of members.slice(0, 5)) expect(everything).not.toContain(voter.id);
  });
});

describe('ranking limits', () => {
  it('orders up to 5 of many options in select menus, the question in the first description', async () => {
    const options = Array.from({ length: 12 }, (_, i) => `Idea ${i + 1}`).join('; ');
    await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Rank our ideas',
      kind: 'ranking',
      options,
    });
    const message = lastPost();
    const opened = s.standIn.click({
      guild: s.a.guild,
      user: members[6]!.id,
      message,
      customId: voteButton(message).custom_id,
    });
    const modal = await s.standIn.shownModal(opened);
    expect(modal.components.map((c) => [c.label, c.description, c.component.type])).toEqual([
      ['1st choice', 'Rank our ideas', ComponentType.StringSelect],
      ['2nd choice', undefined, ComponentType.StringSelect],
      ['3rd choice', undefined, ComponentType.StringSelect],
      ['4th choice', undefined, ComponentType.StringSelect],
      ['5th choice', undefined, ComponentType.StringSelect],
    ]);
    expect(
      (await rank(message, members[6]!, ['Idea 12', 'Idea 3', 'Idea 1', 'Idea 7', 'Idea 2']))
        .content,
    ).toMatch(/^Your vote is saved\./);
  });

  it('orders fewer by default when a follow-up shares the form, and explains impossible sizes', async () => {
    await poll('create', {
      channel: { channel: s.a.announcements },
      question: 'Rank the venues',
      kind: 'ranking',
      options: 'A; B; C; D; E; F',
      why: 'Why?',
    });
    const stored = await s.db
      .selectFrom('polls')
      .select('questions')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((JSON.parse(stored.questions) as { positions?: number }[])[0]!.positions).toBe(4);
    const before = (await s.db.selectFrom('polls').select('id').execute()).length;
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Rank',
          kind: 'ranking',
          options: 'A; B; C',
          max_choices: 4,
        })
      ).answer.content,
    ).toBe('With 3 options, a ranking orders 1 to 3 of them: set `max_choices` between 1 and 3.');
    expect(
      (
        await poll('create', {
          channel: { channel: s.a.announcements },
          question: 'Rank',
          kind: 'ranking',
          options: 'A; B; C; D; E',
          max_choices: 5,
          why: 'Why?',
        })
      ).answer.content,
    ).toBe(
      'These questions do not fit one form: Discord allows 5 parts; a question over 100 characters takes two, and a ranking one per option it orders. Shorten a question, rank fewer options, or ask fewer questions.',
    );
    expect((await s.db.selectFrom('polls').select('id').execute()).length).toBe(before);
  });
});
