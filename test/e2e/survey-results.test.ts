/**
 * /survey export and /survey crosstab end to end: 30 members answer a survey (seeded through the
 * poll engine's vote, as the Vote form does), and the CSV and the cross-tab the stand-in receives
 * match figures computed by hand. Attacker's side: on an anonymous survey the CSV's rows do not
 * follow the order votes came (two insertion orders give the same file) and name nobody, a
 * cross-tab of it is refused, a small cell is withheld along with what would give it away, and a
 * non-manager is refused.
 */
import { describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import {
  closePoll,
  vote,
  voterKey,
  voterSecretOf,
  type Ballot,
} from '../../src/features/polls/service.js';
import { addQuestion, createSurvey, publishSurvey } from '../../src/features/surveys/service.js';
import type { OptionValue } from '../stand-in/server.js';
import { e2eSuite } from '../helpers/suite.js';

const members: APIUser[] = [];
const s = e2eSuite({
  a: { name: 'Results Lab' },
  b: { name: 'Elsewhere' },
  seed: ({ standIn, a }) => {
    for (let i = 0; i < 30; i++) members.push(standIn.addMember(a.guild, `m${i}`, [a.memberRole]));
  },
});

async function run(sub: string, options: Record<string, OptionValue>, user = s.a.owner.id) {
  const interaction = s.standIn.command({
    guild: s.a.guild,
    user,
    command: 'survey',
    subcommand: sub,
    options,
  });
  const answer = await s.standIn.answer(interaction);
  const files = s.standIn.requests
    .filter((r) => r.path.includes(interaction.token) && r.files.length > 0)
    .flatMap((r) => r.files);
  return { content: answer.content as string, files };
}

const KEY = Buffer.alloc(32, 7);

async function survey(anonymous: boolean) {
  const made = await createSurvey(
    s.db,
    s.a.guild,
    { title: 'Plans', createdBy: s.a.owner.id },
    Date.now(),
  );
  for (const q of [
    { kind: 'single' as const, label: 'Plan?', options: ['Free', 'Pro'], required: true },
    {
      kind: 'single' as const,
      label: 'Satisfied?',
      options: ['Yes', 'No', 'Unsure'],
      required: true,
    },
    { kind: 'text' as const, label: 'Why?', required: false },
  ])
    await addQuestion(s.db, s.a.guild, made.id, q, Date.now());
  const publish = () =>
    publishSurvey(
      s.db,
      s.a.guild,
      made.id,
      {
        channelId: s.a.announcements,
        anonymous,
        results: 'live',
        audience: [],
        closesAt: null,
        remindAt: null,
      },
      Date.now(),
      { masterKey: KEY },
    );
  return { surveyId: made.id, publish };
}

/** Member i's answers: 0-17 Free, 18-29 Pro; Free: Yes 0-9, No 10-15, Unsure 16-17; Pro: Yes 18-24, No 25-29. */
function ballotOf(i: number): Ballot {
  const plan = i < 18 ? 0 : 1;
  const satisfied = i < 10 ? 0 : i < 16 ? 1 : i < 18 ? 2 : i < 25 ? 0 : 1;
  const b = new Map<number, { choices?: number[]; text?: string }>([
    [0, { choices: [plan] }],
    [1, { choices: [satisfied] }],
  ]);
  if (i === 3) b.set(2, { text: '=HYPERLINK("x"), and more' });
  if (i === 20) b.set(2, { text: 'Fast' });
  return b;
}

async function answerAll(poll: { id: number; anonymous: boolean }, order: number[], start: number) {
  for (const [n, i] of order.entries())
    await vote(s.db, {
      guildId: s.a.guild,
      pollId: poll.id,
      voter: voterKey(poll, members[i]!.id, voterSecretOf(poll as never, KEY)),
      ballot: ballotOf(i),
      now: start + n * 1000,
    });
}

const ids = Array.from({ length: 30 }, (_, i) => i);

describe('/survey export and crosstab', () => {
  it('a named survey: one CSV row per response, spreadsheet-safe, and a cross-tab with small cells withheld', async () => {
    const { publish } = await survey(false);
    const poll = await publish();
    const start = Date.UTC(2026, 11, 1, 10, 0);
    await answerAll(poll, ids, start);

    const exported = await run('export', { round: poll.id });
    expect(exported.content).toBe('30 responses.');
    expect(exported.files.map((f) => f.filename)).toEqual([`survey-${poll.id}.csv`]);
    const lines = exported.files[0]!.content.toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFTime,Member ID,1. Plan?,2. Satisfied?,3. Why?');
    expect(lines).toHaveLength(32); // header, 30 rows, the final line break
    expect(lines[1]).toBe(`${new Date(start).toISOString()},${members[0]!.id},Free,Yes,`);
    // A formula is defused and the field quoted (RFC 4180: commas, quotes doubled).
    expect(lines[4]).toBe(
      `${new Date(start + 3000).toISOString()},${members[3]!.id},Free,Yes,"'=HYPERLINK(""x""), and more"`,
    );
    expect(lines[21]).toBe(
      `${new Date(start + 20_000).toISOString()},${members[20]!.id},Pro,Yes,Fast`,
    );
    expect(lines.filter((l) => l.includes(',Pro,No,')).length).toBe(5);

    // Satisfied? by Plan?: Free 10/6/2 (18), Pro 7/5/0 (12). Free·Unsure (2) and Pro·Unsure (0)
    // are small; each row then loses its smallest other cell (No: 6 and 5), and the column
    // totals (17, 11, 2 of 30) lose No too, so Unsure's 2 cannot be had as 30 − 17 − 11.
    const table = await run('crosstab', { round: poll.id, question: 2, by: 'q1' });
    expect(table.content).toContain('**Satisfied?** by **Plan?** (30 people)');
    const rows = table.content.split('\n').filter((l) => /^(Free|Pro|Total)\b/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).map((x) => x.trim()))).toEqual([
      ['Free', '10 (56%)', '<5', '<5', '18'],
      ['Pro', '7 (58%)', '<5', '<5', '12'],
      ['Total', '17', '<5', '<5', '30'],
    ]);
    expect(table.content).toContain('“<5” is withheld');
    const csv = table.files[0]!.content.toString('utf8').split('\r\n');
    expect(csv[0]).toBe('\uFEFFSatisfied?,Yes,No,Unsure,Total');
    expect(csv[3]).toBe('Total,17,<5,<5,30');
    // Nothing in the published figures pins Unsure: Free·No + Free·Unsure = 8 (either of 0…8).
    expect(table.content).not.toMatch(/\b2 \(|\b11\b/);

    // The same split the other way round, and a question that cannot be split.
    const back = await run('crosstab', { round: poll.id, question: 1, by: 'q2' });
    expect(back.content).toContain('**Plan?** by **Satisfied?**');
    expect((await run('crosstab', { round: poll.id, question: 3, by: 'q1' })).content).toContain(
      'Cross-tabs work on choice questions',
    );
  });

  it('an anonymous survey: the CSV is the same whatever order the votes came in, names nobody, and cannot be cross-tabbed', async () => {
    const { publish } = await survey(true);
    const first = await publish();
    const second = await publish();
    const start = Date.UTC(2026, 11, 2, 9, 0);
    await answerAll(first, ids, start);
    await answerAll(second, [...ids].reverse(), start + 60_000);
    for (const p of [first, second]) await closePoll(s.db, s.a.guild, p.id, start + 3_600_000);

    const a = await run('export', { round: first.id });
    const b = await run('export', { round: second.id });
    expect(a.content).toContain('one row per answer, not per response');
    const csvA = a.files[0]!.content.toString('utf8');
    expect(csvA).toBe(b.files[0]!.content.toString('utf8'));
    for (const m of members) expect(csvA).not.toContain(m.id);
    const lines = csvA.split('\r\n');
    expect(lines[0]).toBe('\uFEFFTime,Question,Answer');
    // Only the day, on every row; picks by question and choice, not by person.
    expect(lines.slice(1, -1).every((l) => l.startsWith('2026-12-02,'))).toBe(true);
    expect(lines.filter((l) => l === '2026-12-02,Plan?,Free')).toHaveLength(18);
    expect(lines.filter((l) => l === '2026-12-02,Satisfied?,Unsure')).toHaveLength(2);

    const refused = await run('crosstab', { round: first.id, question: 2, by: 'q1' });
    expect(refused.content).toContain('This survey is anonymous');
    expect(refused.files).toHaveLength(0);
  });

  it('an anonymous survey under the threshold exports nothing', async () => {
    const { publish } = await survey(true);
    const poll = await publish();
    await answerAll(poll, [0, 1, 2], Date.UTC(2026, 11, 2, 12, 0));
    const out = await run('export', { round: poll.id });
    expect(out.files).toHaveLength(0);
    expect(out.content).toMatch(/5 people/);
  });

  it('refuses a member who is not a manager', async () => {
    const refused = await run('export', { round: 1 }, s.a.member.id);
    expect(refused.content).toContain('Only managers can do this');
    expect(refused.files).toHaveLength(0);
    const crosstab = await run('crosstab', { round: 1, question: 2, by: 'q1' }, s.a.member.id);
    expect(crosstab.content).toContain('Only managers can do this');
  });
});
