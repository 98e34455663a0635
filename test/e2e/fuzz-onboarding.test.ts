import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import {
  LIMITS,
  validateAnswer,
  type AnswerValue,
  type QuestionDefinition,
} from '../../src/features/onboarding/definitions.js';
import {
  activeQuestions,
  applyTemplate,
  parseDefinition,
  updateOnboardingSettings,
} from '../../src/features/onboarding/questionnaire.js';
import { fieldId, fieldRoute } from '../../src/forms/index.js';
import { type InteractionState } from '../stand-in/server.js';
import { until } from '../helpers/bot.js';
import { e2eSuite } from '../helpers/suite.js';

const s = e2eSuite();
beforeAll(() => s.setup(s.a, { welcome_channel: { channel: s.a.welcome } }));

const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '@everyone',
    '<@&1>',
    '**bold**',
    "'; drop table answers; --",
    '\u0000',
    'constructor',
    '__proto__',
    'a\nb\nc',
    'x\n\n\nx',
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 30 }).map((lines) => lines.join('\n')),
  fc.string({ minLength: 4001, maxLength: 6000 }),
);

/** Every interaction got exactly one acknowledgement and a visible answer. */
async function answeredOnce(interaction: InteractionState): Promise<Record<string, unknown>> {
  const answer = await s.standIn.answer(interaction);
  expect(
    s.standIn.responsesTo(interaction).filter((r) => r.path.endsWith('/callback')),
  ).toHaveLength(1);
  expect(
    s.standIn.responsesTo(interaction).every((r) => r.status === 204 || r.status === 200),
  ).toBe(true);
  return answer;
}

function assertDefinitionValid(d: QuestionDefinition): void {
  expect(d.label.length).toBeGreaterThan(0);
  expect(d.label.length).toBeLessThanOrEqual(LIMITS.label);
  expect((d.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
  if (d.kind === 'single' || d.kind === 'multi') {
    const labels = d.choices.map((c) => c.label);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels.length).toBeLessThanOrEqual(LIMITS.choices);
    expect(new Set(labels).size).toBe(labels.length);
    for (const l of labels) expect(l.length).toBeLessThanOrEqual(LIMITS.choiceLabel);
  }
  if (d.kind === 'multi') {
    expect(d.minValues).toBeLessThanOrEqual(d.maxValues);
    expect(d.maxValues).toBeLessThanOrEqual(d.choices.length);
  }
}

describe('fuzzing onboarding', () => {
  it('question definitions: every generated /onboarding add is answered once, and only valid questions are stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constantFrom('short', 'paragraph', 'single', 'multi', 'scale'),
          required: fc.boolean(),
          min: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
          max: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
          scale: fc.constantFrom(5, 10),
          label: nasty,
          description: nasty,
          choices: nasty,
          low: nasty,
          high: nasty,
        }),
        async (input) => {
          const options: Record<string, string | number | boolean> = {
            kind: input.kind,
            required: input.required,
            scale: input.scale,
          };
          if (input.min !== undefined) options.min_choices = input.min;
          if (input.max !== undefined) options.max_choices = input.max;
          const opened = s.standIn.command({
            guild: s.a.guild,
            user: s.a.owner.id,
            command: 'onboarding',
            subcommand: 'add',
            options,
          });
          const modal = await s.standIn.shownModal(opened);
          // Discord's client enforces max_length; a forged submission does not, so send both kinds.
          const raw: Record<string, unknown> = {};
          const values: Record<string, string> = {
            label: input.label,
            description: input.description,
            choices: input.choices,
            low: input.low,
            high: input.high,
          };
          for (const label of modal.components)
            raw[label.component.custom_id] = { value: values[label.component.custom_id] ?? '' };
          const submitted = await s.standIn.fillModal({
            guild: s.a.guild,
            user: s.a.owner.id,
            opened,
            answers: {},
            raw,
          });
          const answer = await answeredOnce(submitted);
          expect(String(answer.content).length).toBeLessThanOrEqual(2000);
        },
      ),
      { numRuns: 300 },
    );
    const stored = await activeQuestions(s.bot.db, s.a.guild);
    // The generator produces valid questions too, so the property is not passing on refusals alone.
    expect(stored.length).toBeGreaterThan(0);
    for (const q of stored) assertDefinitionValid(q.definition);
    expect(s.bot.logs.errors).toEqual([]);
    expect(s.standIn.unknownRequests).toEqual([]);
  }, 120_000);

  it('answers: generated and forged page submissions are answered once, and every stored answer is valid for its revision', async () => {
    // A fresh, known questionnaire; plus another guild's questions to forge references to.
    await applyTemplate(s.bot.db, s.a.guild, 'en', true, Date.now());
    await updateOnboardingSettings(s.bot.db, s.a.guild, { enabled: true }, Date.now());
    const foreign = await applyTemplate(s.bot.db, s.b.guild, 'en', false, Date.now());
    const members: { user: APIUser; start: APIMessage }[] = [];
    for (let i = 0; i < 5; i++) {
      const user = s.standIn.join(s.a.guild, `fuzzer ${i}`);
      await until(
        () =>
          s.standIn.postedIn(s.a.welcome).some((m) => m.content.includes(user.id)) &&
          s.standIn.dmsTo(user.id).length === 1,
      );
      members.push({
        user,
        start: s.standIn.postedIn(s.a.welcome).find((m) => m.content.includes(user.id))!,
      });
    }

    const fieldValue = fc.oneof(
      nasty.map((value) => ({ value })),
      fc
        .array(
          fc.oneof(
            fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c99', '1', '5', '0', '11', '-1', ''),
            fc.string({ maxLength: 8 }),
          ),
          { maxLength: 12 },
        )
        .map((values) => ({ values })),
      fc.constantFrom({ value: null }, { value: 'c2' }, { value: '3' }, {}),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fieldValue, { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom('none', 'foreign', 'bad-revision'),
        async (who, fields, inDm, forge) => {
          const { user, start } = members[who]!;
          const opened = inDm
            ? s.standIn.clickInDm({
                user: user.id,
                message: s.standIn.dmsTo(user.id)[0]!,
                customId: `onb.start:${s.a.guild}`,
              })
            : s.standIn.click({
                guild: s.a.guild,
                user: user.id,
                message: start,
                customId: `onb.start:${s.a.guild}`,
              });
          await answeredOnce(opened);
          // A member who already completed is told so instead of getting a modal.
          if ((await s.standIn.callback(opened)).type !== InteractionResponseType.Modal) return;
          const modal = await s.standIn.shownModal(opened);
          const raw: Record<string, unknown> = {};
          modal.components.forEach((label, i) => (raw[label.component.custom_id] = fields[i]));
          const first = modal.components[0]!.component.custom_id;
          // Forged ids: another guild's question, or a revision that never existed.
          const shown = fieldRoute.parse(first)!;
          const rename =
            forge === 'foreign'
              ? { [first]: fieldId({ question: foreign[0]!.id, revision: 1 }) }
              : forge === 'bad-revision'
                ? { [first]: fieldId({ question: shown.question, revision: 99 }) }
                : {};
          const submitted = await s.standIn.fillModal({
            ...(inDm ? {} : { guild: s.a.guild }),
            user: user.id,
            opened,
            answers: {},
            raw,
            rename,
          });
          await answeredOnce(submitted);
        },
      ),
      { numRuns: 300 },
    );

    const rows = await s.bot.db
      .selectFrom('answers')
      .innerJoin('question_revisions as qr', (j) =>
        j
          .onRef('qr.question_id', '=', 'answers.question_id')
          .onRef('qr.revision', '=', 'answers.revision'),
      )
      .select([
        'answers.guild_id',
        'answers.value',
        'qr.definition',
        'qr.guild_id as question_guild',
      ])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.question_guild).toBe(row.guild_id);
      const definition = parseDefinition(row.definition);
      const value = JSON.parse(row.value) as AnswerValue | null;
      if (value === null) {
        expect(definition.required).toBe(false);
        continue;
      }
      const rawAgain =
        'text' in value
          ? { text: value.text }
          : 'scale' in value
            ? { picked: [String(value.scale)] }
            : { picked: [...value.choices] };
      expect(validateAnswer(definition, rawAgain).value).toEqual(value);
    }
    expect(
      await s.bot.db
        .selectFrom('answers')
        .select('user_id')
        .where('guild_id', '=', s.b.guild)
        .execute(),
    ).toEqual([]);
    expect(s.bot.logs.errors).toEqual([]);
    expect(s.standIn.unknownRequests).toEqual([]);
  }, 180_000);
});
