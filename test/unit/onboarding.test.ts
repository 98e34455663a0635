import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { UserError } from '../../src/core/errors.js';
import { toCsv } from '../../src/core/csv.js';
import { ensureGuild } from '../../src/core/guilds.js';
import { buildDefinition, validateAnswer } from '../../src/features/onboarding/definitions.js';
import {
  decide,
  desiredRoles,
  exportTable,
  openPage,
  profileOf,
  recordJoin,
  recordLeave,
  submitPage,
  type SubmittedField,
} from '../../src/features/onboarding/members.js';
import {
  activeQuestions,
  addQuestion,
  applyTemplate,
  editQuestion,
  mapChoiceRole,
  moveQuestion,
  removeQuestion,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';

const G = '100000000000000001';
const OTHER = '100000000000000002';
const U = '200000000000000001';
const ROLE_A = '300000000000000001';
const ROLE_B = '300000000000000002';

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
  await ensureGuild(db, OTHER, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

async function seedTwoPages(guild = G) {
  await applyTemplate(db, guild, 'en', false, 1);
  await updateOnboardingSettings(db, guild, { enabled: true }, 10);
  return activeQuestions(db, guild);
}

/** A complete, valid answer for every question on a page. */
function answersFor(page: Awaited<ReturnType<typeof openPage>>): SubmittedField[] {
  return page.questions.map((q) => {
    const d = q.definition;
    const raw =
      d.kind === 'short' || d.kind === 'paragraph'
        ? { text: `answer to ${d.label}` }
        : d.kind === 'scale'
          ? { picked: ['4'] }
          : { picked: [d.choices[0]!.key] };
    return { questionId: q.id, revision: q.revision, raw };
  });
}

describe('question definitions', () => {
  it('collects every problem a manager made', () => {
    const { definition, problems } = buildDefinition({
      kind: 'multi',
      label: 'x'.repeat(50),
      required: true,
      choicesText: 'a\na',
      minValues: 3,
      maxValues: 1,
    });
    expect(definition).toBeUndefined();
    expect(problems.map((p) => p.key)).toEqual([
      'onboarding.def.labelLong',
      'onboarding.def.choicesDuplicate',
      'onboarding.def.choicesFew',
      'onboarding.def.minMax',
    ]);
  });

  it('keeps choice keys across an edit so role mappings survive', () => {
    const first = buildDefinition({
      kind: 'single',
      label: 'Level',
      required: true,
      choicesText: 'Beginner\nExpert',
    }).definition!;
    const second = buildDefinition(
      { kind: 'single', label: 'Level', required: true, choicesText: 'Newcomer\nexpert\nBeginner' },
      first,
    ).definition!;
    expect(first.choices).toEqual([
      { key: 'c1', label: 'Beginner' },
      { key: 'c2', label: 'Expert' },
    ]);
    expect(second.choices).toEqual([
      { key: 'c3', label: 'Newcomer' },
      { key: 'c2', label: 'expert' },
      { key: 'c1', label: 'Beginner' },
    ]);
  });

  it('never trusts a submitted answer', () => {
    const multi = buildDefinition({
      kind: 'multi',
      label: 'Pick',
      required: true,
      choicesText: 'a\nb\nc',
      minValues: 1,
      maxValues: 2,
    }).definition!;
    expect(validateAnswer(multi, { picked: ['c1', 'c9'] }).problem?.key).toBe(
      'onboarding.answer.invalid',
    );
    expect(validateAnswer(multi, { picked: ['c1', 'c2', 'c3'] }).problem?.key).toBe(
      'onboarding.answer.pickRange',
    );
    expect(validateAnswer(multi, { text: 'c1' }).problem?.key).toBe('onboarding.answer.invalid');
    expect(validateAnswer(multi, { picked: ['c1', 'c1'] }).value).toEqual({ choices: ['c1'] });
    const scale = buildDefinition({
      kind: 'scale',
      label: 'Rate',
      required: false,
      scaleMax: 10,
    }).definition!;
    expect(validateAnswer(scale, { picked: ['0'] }).value).toEqual({ scale: 0 });
    expect(validateAnswer(scale, { picked: ['11'] }).problem?.key).toBe(
      'onboarding.answer.invalid',
    );
    expect(validateAnswer(scale, undefined)).toEqual({});
    const text = buildDefinition({ kind: 'short', label: 'Name', required: true }).definition!;
    expect(validateAnswer(text, { text: 'x'.repeat(201) }).problem).toMatchObject({
      key: 'onboarding.answer.tooLong',
      params: { max: 200, length: 201 },
    });
    expect(validateAnswer(text, { text: '   ' }).problem?.key).toBe('onboarding.answer.required');
  });
});

describe('questionnaire', () => {
  it('orders, edits by revision and retires questions, per guild', async () => {
    const a = await addQuestion(db, G, { kind: 'short', label: 'First', required: true }, 1);
    const b = await addQuestion(db, G, { kind: 'short', label: 'Second', required: false }, 2);
    await addQuestion(db, OTHER, { kind: 'short', label: 'Elsewhere', required: false }, 2);
    expect((await moveQuestion(db, G, b.id, 1, 3)).map((q) => q.definition.label)).toEqual([
      'Second',
      'First',
    ]);
    const edited = await editQuestion(
      db,
      G,
      a.id,
      { kind: 'short', label: 'First, reworded', required: true },
      4,
    );
    expect(edited.revision).toBe(2);
    await removeQuestion(db, G, b.id, 5);
    expect((await activeQuestions(db, G)).map((q) => [q.definition.label, q.position])).toEqual([
      ['First, reworded', 1],
    ]);
    await expect(
      editQuestion(db, OTHER, a.id, { kind: 'short', label: 'hijack', required: true }, 6),
    ).rejects.toMatchObject({ key: 'onboarding.questionUnknown' });
    await expect(
      editQuestion(db, G, a.id, { kind: 'paragraph', label: 'x', required: true }, 6),
    ).rejects.toMatchObject({ key: 'onboarding.def.kindChange' });
  });

  it('refuses to turn on onboarding without questions, and a template over existing questions', async () => {
    await expect(updateOnboardingSettings(db, G, { enabled: true }, 1)).rejects.toMatchObject({
      key: 'onboarding.noQuestions',
    });
    await applyTemplate(db, G, 'it', false, 1);
    await expect(applyTemplate(db, G, 'en', false, 2)).rejects.toMatchObject({
      key: 'onboarding.templateExists',
    });
    const replaced = await applyTemplate(db, G, 'en', true, 3);
    expect((await activeQuestions(db, G)).map((q) => q.id)).toEqual(replaced.map((q) => q.id));
  });
});

describe('a member onboarding', () => {
  it('is welcomed once per join, not before onboarding was on, and not while screening', async () => {
    await seedTwoPages();
    expect((await recordJoin(db, G, U, { joinedAt: 5, pending: false, now: 20 })).welcome).toBe(
      false,
    );
    expect(
      (await recordJoin(db, G, '200000000000000009', { joinedAt: 15, pending: true, now: 20 }))
        .welcome,
    ).toBe(false);
    expect(
      (await recordJoin(db, G, '200000000000000009', { joinedAt: 15, pending: false, now: 21 }))
        .welcome,
    ).toBe(true);
    const first = await recordJoin(db, G, '200000000000000008', {
      joinedAt: 16,
      pending: false,
      now: 22,
    });
    const duplicate = await recordJoin(db, G, '200000000000000008', {
      joinedAt: 16,
      pending: false,
      now: 23,
    });
    expect([first.welcome, duplicate.welcome]).toEqual([true, false]);
  });

  it('answers page by page, resumes after leaving, completes once, and gets mapped roles', async () => {
    const questions = await seedTwoPages();
    const multi = questions.find((q) => q.definition.kind === 'multi')!;
    await mapChoiceRole(db, G, multi.id, multi.definition.choices![0]!.key, ROLE_A, 11);
    await mapChoiceRole(db, G, multi.id, multi.definition.choices![0]!.key, ROLE_B, 11);
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });

    const page0 = await openPage(db, G, U, 'join', undefined, 21);
    expect([page0.page, page0.pageCount, page0.questions.length]).toEqual([0, 2, 5]);
    expect(
      await submitPage(db, {
        guildId: G,
        userId: U,
        mode: 'join',
        page: 0,
        fields: answersFor(page0),
        now: 22,
      }),
    ).toEqual({ kind: 'next', page: 1, pageCount: 2, grant: [], revoke: [] });

    // Leaves halfway, rejoins: welcomed again, and resumes on page 2 with page 1 kept.
    await recordLeave(db, G, U, 23);
    await expect(openPage(db, G, U, 'join', undefined, 24)).rejects.toMatchObject({
      key: 'onboarding.notNewMember',
    });
    expect(await recordJoin(db, G, U, { joinedAt: 25, pending: false, now: 25 })).toEqual({
      welcome: true,
      returning: false,
      resuming: true,
    });
    const page1 = await openPage(db, G, U, 'join', undefined, 26);
    expect(page1.page).toBe(1);

    const done = await submitPage(db, {
      guildId: G,
      userId: U,
      mode: 'join',
      page: 1,
      fields: answersFor(page1),
      now: 27,
    });
    expect(done).toEqual({
      kind: 'complete',
      firstCompletion: true,
      admission: 'auto',
      grant: [ROLE_A, ROLE_B],
      revoke: [],
    });
    const again = await submitPage(db, {
      guildId: G,
      userId: U,
      mode: 'join',
      page: 1,
      fields: answersFor(page1),
      now: 28,
    });
    expect(again).toMatchObject({ kind: 'complete', firstCompletion: false, grant: [] });
    const profile = await profileOf(db, G, U);
    expect(profile?.status).toBe('completed');
    expect(profile?.answers).toHaveLength(7);
  });

  it('keeps what was typed when a page does not validate, and shows it again', async () => {
    await seedTwoPages();
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    const page0 = await openPage(db, G, U, 'join', undefined, 21);
    const fields = answersFor(page0);
    const purpose = fields[0]!;
    const tooLong = { text: 'x'.repeat(1001) };
    const result = await submitPage(db, {
      guildId: G,
      userId: U,
      mode: 'join',
      page: 0,
      fields: [{ ...purpose, raw: tooLong }, ...fields.slice(1)],
      now: 22,
    });
    expect(result).toMatchObject({
      kind: 'invalid',
      page: 0,
      problems: [{ key: 'onboarding.answer.tooLong' }],
    });
    const reopened = await openPage(db, G, U, 'join', undefined, 23);
    expect(reopened.prefill.get(purpose.questionId)).toEqual(tooLong);
    // The other, valid answers were saved too.
    expect(reopened.prefill.get(fields[1]!.questionId)).toEqual(fields[1]!.raw);
    await submitPage(db, { guildId: G, userId: U, mode: 'join', page: 0, fields, now: 24 });
    expect((await openPage(db, G, U, 'join', undefined, 25)).page).toBe(1);
  });

  it('ties an answer to the revision the member saw when the question changes meanwhile', async () => {
    await seedTwoPages();
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    const page0 = await openPage(db, G, U, 'join', undefined, 21);
    const first = page0.questions[0]!;
    await editQuestion(
      db,
      G,
      first.id,
      { kind: 'paragraph', label: 'Why are you here, really?', required: true },
      22,
    );
    await submitPage(db, {
      guildId: G,
      userId: U,
      mode: 'join',
      page: 0,
      fields: answersFor(page0),
      now: 23,
    });
    const profile = await profileOf(db, G, U);
    expect(profile?.answers[0]).toMatchObject({
      label: 'What brings you to this community?',
      answer: 'answer to What brings you to this community?',
    });
  });

  it('refuses fields naming another guild’s question', async () => {
    await seedTwoPages();
    const foreign = await seedTwoPages(OTHER);
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    const attempt = submitPage(db, {
      guildId: G,
      userId: U,
      mode: 'join',
      page: 0,
      fields: [{ questionId: foreign[0]!.id, revision: 1, raw: { text: 'x' } }],
      now: 21,
    });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    expect((await profileOf(db, G, U))?.answers).toEqual([]);
  });

  it('waits for a manager in approval mode, and takes only the first decision', async () => {
    const questions = await seedTwoPages();
    const single = questions.find((q) => q.definition.kind === 'single')!;
    await mapChoiceRole(db, G, single.id, single.definition.choices![0]!.key, ROLE_A, 11);
    await updateOnboardingSettings(db, G, { admissionMode: 'approval' }, 12);
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    for (const page of [0, 1]) {
      const view = await openPage(db, G, U, 'join', undefined, 21);
      expect(view.page).toBe(page);
      const result = await submitPage(db, {
        guildId: G,
        userId: U,
        mode: 'join',
        page,
        fields: answersFor(view),
        now: 22,
      });
      if (page === 1)
        expect(result).toMatchObject({
          kind: 'complete',
          firstCompletion: true,
          admission: 'approval',
          grant: [],
        });
    }
    await expect(openPage(db, G, U, 'join', undefined, 23)).rejects.toMatchObject({
      key: 'onboarding.awaitingApproval',
    });
    expect(
      await decide(db, { guildId: G, userId: U, approve: true, by: '400000000000000001', now: 24 }),
    ).toEqual({ grant: [ROLE_A] });
    await expect(
      decide(db, { guildId: G, userId: U, approve: false, by: '400000000000000002', now: 25 }),
    ).rejects.toMatchObject({ key: 'onboarding.alreadyDecided' });
  });

  it('follows edited answers with roles: grants the new, takes back the old', async () => {
    const questions = await seedTwoPages();
    const single = questions.find((q) => q.definition.kind === 'single')!;
    const [first, second] = single.definition.choices!;
    await mapChoiceRole(db, G, single.id, first!.key, ROLE_A, 11);
    await mapChoiceRole(db, G, single.id, second!.key, ROLE_B, 11);
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    for (const page of [0, 1])
      await submitPage(db, {
        guildId: G,
        userId: U,
        mode: 'join',
        page,
        fields: answersFor(await openPage(db, G, U, 'join', undefined, 21)),
        now: 22,
      });
    expect(await desiredRoles(db, G, U)).toEqual([ROLE_A]);
    const edit = await openPage(db, G, U, 'edit', 0, 30);
    const fields = answersFor(edit).map((f) =>
      f.questionId === single.id ? { ...f, raw: { picked: [second!.key] } } : f,
    );
    expect(
      await submitPage(db, { guildId: G, userId: U, mode: 'edit', page: 0, fields, now: 31 }),
    ).toEqual({ kind: 'next', page: 1, pageCount: 2, grant: [ROLE_B], revoke: [ROLE_A] });
    const last = await openPage(db, G, U, 'edit', 1, 32);
    expect(
      await submitPage(db, {
        guildId: G,
        userId: U,
        mode: 'edit',
        page: 1,
        fields: answersFor(last),
        now: 33,
      }),
    ).toEqual({
      kind: 'complete',
      firstCompletion: false,
      admission: 'edit',
      grant: [],
      revoke: [],
    });
  });
});

describe('export', () => {
  it('has one row per member and one column per question, quoted for spreadsheets', async () => {
    await seedTwoPages();
    await recordJoin(db, G, U, { joinedAt: 20, pending: false, now: 20 });
    const page0 = await openPage(db, G, U, 'join', undefined, 21);
    const fields = answersFor(page0);
    fields[0] = { ...fields[0]!, raw: { text: 'Commas, "quotes"\nand lines' } };
    await submitPage(db, { guildId: G, userId: U, mode: 'join', page: 0, fields, now: 22 });
    const table = await exportTable(db, G);
    expect(table.questions).toHaveLength(7);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.answers[0]).toBe('Commas, "quotes"\nand lines');
    expect(toCsv([['a', 'Commas, "quotes"\nand lines', '=SUM(A1)', '-1']])).toBe(
      '\uFEFFa,"Commas, ""quotes""\nand lines",\'=SUM(A1),\'-1\r\n',
    );
  });
});
