import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n.js';
import {
  answerSchema,
  COMPONENT,
  decodeSubmission,
  fieldId,
  formCost,
  modalValues,
  NPS,
  paginate,
  questionSchema,
  QUESTION_KINDS,
  RATING,
  renderModal,
  validateAnswer,
  type Choice,
  type FormField,
  type LabelJson,
  type ModalJson,
  type Question,
  type RawAnswer,
} from '../../src/forms/index.js';

const t = translator('en');
const choices = (n: number): Choice[] =>
  Array.from({ length: n }, (_, i) => ({ key: `c${i + 1}`, label: `Option ${i + 1}` }));
const single = (n: number, required = true): Question => ({
  kind: 'single',
  label: 'Pick one',
  required,
  choices: choices(n),
});
const multi = (n: number, minValues = 1, maxValues = n): Question => ({
  kind: 'multi',
  label: 'Pick some',
  required: true,
  choices: choices(n),
  minValues,
  maxValues,
});
const field = (question: Question, index = 0, prefill?: RawAnswer): FormField => ({
  question,
  ref: { question: index, revision: 0 },
  prefill,
});
const modal = (...fields: FormField[]): ModalJson =>
  renderModal({ customId: 'test', title: 'A form', fields, t });
const labels = (m: ModalJson) => m.components.filter((c): c is LabelJson => c.type === 18);

describe('the modal renderer', () => {
  it('uses radio groups up to 10 options and a select beyond, for single choices and scales', () => {
    expect(labels(modal(field(single(2))))[0]!.component.type).toBe(COMPONENT.RadioGroup);
    expect(labels(modal(field(single(10))))[0]!.component.type).toBe(COMPONENT.RadioGroup);
    const long = renderModal({
      customId: 'test',
      title: 'A form',
      fields: [field(single(11, false))],
      t,
      selectPlaceholder: 'Choose',
    });
    expect(labels(long)[0]!.component).toMatchObject({
      type: COMPONENT.StringSelect,
      required: false,
      min_values: 0,
      max_values: 1,
      placeholder: 'Choose',
    });
    const rating: Question = { kind: 'scale', label: 'Stars', required: true, scale: RATING };
    const nps: Question = { kind: 'scale', label: 'Recommend?', required: true, scale: NPS };
    const [stars, zeroToTen] = labels(modal(field(rating, 0), field(nps, 1)));
    expect(stars!.component).toMatchObject({ type: COMPONENT.RadioGroup });
    expect(
      (stars!.component as { options: { label: string }[] }).options.map((o) => o.label),
    ).toEqual(['1★', '2★', '3★', '4★', '5★']);
    expect(zeroToTen!.component).toMatchObject({ type: COMPONENT.StringSelect, min_values: 1 });
  });

  it('uses checkbox groups up to 10 options and a select beyond, with the minimum and maximum', () => {
    expect(labels(modal(field(multi(10, 2, 3))))[0]!.component).toMatchObject({
      type: COMPONENT.CheckboxGroup,
      min_values: 2,
      max_values: 3,
    });
    expect(labels(modal(field(multi(25, 1, 25))))[0]!.component).toMatchObject({
      type: COMPONENT.StringSelect,
      min_values: 1,
      max_values: 25,
    });
    expect(
      renderModal({
        customId: 'x',
        title: 'x',
        t,
        selectPlaceholder: 'Choose',
        fields: [field(multi(12))],
      }).components[0],
    ).not.toHaveProperty('component.placeholder');
  });

  it('renders text inputs in their style, with the draft filled in and choices picked again', () => {
    const short: Question = { kind: 'short', label: 'Name', required: false, maxLength: 5 };
    const m = modal(
      field(short, 0, { text: 'too long to fit' }),
      field(multi(3), 1, { picked: ['c2'] }),
    );
    expect(labels(m)[0]!.component).toEqual({
      type: COMPONENT.TextInput,
      custom_id: fieldId({ question: 0, revision: 0 }),
      style: 1,
      required: false,
      max_length: 5,
      value: 'too l',
    });
    const options = (labels(m)[1]!.component as { options: { default?: true }[] }).options;
    expect(options.map((o) => o.default === true)).toEqual([false, true, false]);
  });

  it('shows a question in full: as the label, the label’s description, or a text display', () => {
    const ask = (label: string, description?: string): Question => ({
      kind: 'paragraph',
      label,
      required: true,
      maxLength: 1000,
      ...(description === undefined ? {} : { description }),
    });
    const q45 = 'x'.repeat(45);
    const q100 = 'y'.repeat(100);
    const q300 = 'z'.repeat(300);
    expect(modal(field(ask(q45))).components).toMatchObject([{ type: 18, label: q45 }]);
    expect(modal(field(ask(q100))).components).toMatchObject([
      { type: 18, label: 'Your answer', description: q100 },
    ]);
    expect(modal(field(ask(q300))).components).toMatchObject([
      { type: COMPONENT.TextDisplay, content: q300 },
      { type: 18, label: 'Your answer' },
    ]);
    expect(modal(field(ask(`${q45}!`, 'A hint'))).components).toMatchObject([
      { type: COMPONENT.TextDisplay, content: `${q45}!` },
      { type: 18, label: 'Your answer', description: 'A hint' },
    ]);
    expect(formCost([ask(q45), ask(q100), ask(q300)])).toBe(4);
    expect(() => modal(...[q300, q300, q300].map((q, i) => field(ask(q), i)))).toThrow(
      /does not fit/,
    );
  });

  it('pages questions within five components each', () => {
    const short = (label: string): Question => ({
      kind: 'short',
      label,
      required: true,
      maxLength: 10,
    });
    const twelve = Array.from({ length: 12 }, (_, i) => short(`Q${i}`));
    expect(paginate(twelve, (q) => q).map((p) => p.length)).toEqual([5, 5, 2]);
    const mixed = [short('a'), short('b'.repeat(200)), short('c'), short('d'), short('e')];
    expect(paginate(mixed, (q) => q).map((p) => p.map((q) => q.label[0]))).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e'],
    ]);
  });

  it('cuts the title to Discord’s 45 characters, with an ellipsis', () => {
    const title = renderModal({ customId: 'x', title: 'w '.repeat(40), fields: [], t }).title;
    expect(title.length).toBeLessThanOrEqual(45);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('the submission decoder', () => {
  const id = (question: number, revision = 0, part = 0) => `f:${question}:${revision}:${part}`;

  it('reads labels, action rows, both spellings of custom ids, and skips what is not a field', () => {
    const submitted = [
      { type: 10, id: 1 },
      { type: 18, id: 2, component: { type: 4, customId: id(3, 2), value: 'hello' } },
      { type: 18, id: 3, component: { type: 21, custom_id: id(4, 1), value: 'c2' } },
      { type: 1, id: 4, components: [{ type: 22, customId: id(5), values: ['c1', 'c3'] }] },
      { type: 18, id: 5, component: { type: 3, customId: 'q1r1', values: ['c1'] } },
    ];
    expect(decodeSubmission(submitted)).toEqual([
      { ref: { question: 3, revision: 2 }, raw: { text: 'hello' } },
      { ref: { question: 4, revision: 1 }, raw: { picked: ['c2'] } },
      { ref: { question: 5, revision: 0 }, raw: { picked: ['c1', 'c3'] } },
    ]);
    expect(modalValues(submitted).get('q1r1')).toEqual({ picked: ['c1'] });
  });

  it('turns every malformed value into no answer, and never throws', () => {
    const forged = [
      { type: 18, component: { type: 4, customId: id(1), value: 42 } },
      { type: 18, component: { type: 21, customId: id(2), value: null } },
      { type: 18, component: { type: 3, customId: id(3), values: [1, 2] } },
      { type: 18, component: { type: 5, customId: id(4), values: ['123'] } },
      { type: 18, component: { type: 22, customId: id(5), values: 'c1' } },
    ];
    expect(decodeSubmission(forged).map((a) => a.raw)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        expect(() => decodeSubmission(anything)).not.toThrow();
        expect(() => decodeSubmission([anything, { component: anything }])).not.toThrow();
      }),
    );
  });

  it('reads back exactly what the renderer asked for', () => {
    const questions: Question[] = [
      { kind: 'short', label: 'Name', required: true, maxLength: 50 },
      single(4),
      multi(12, 1, 3),
      { kind: 'scale', label: 'How much?', required: true, scale: NPS },
    ];
    const m = modal(...questions.map((q, i) => field(q, i)));
    const answers: Record<number, unknown> = {
      [COMPONENT.TextInput]: { value: 'Ada' },
      [COMPONENT.RadioGroup]: { value: 'c3' },
      [COMPONENT.StringSelect]: { values: ['c2', 'c9'] },
    };
    const submitted = labels(m).map((l, i) => ({
      type: 18,
      component: {
        type: l.component.type,
        custom_id: l.component.custom_id,
        ...(i === 3
          ? { values: ['7'] }
          : (answers[l.component.type] as Record<string, unknown> | undefined)),
      },
    }));
    const decoded = decodeSubmission(submitted);
    expect(decoded.map((d) => validateAnswer(questions[d.ref.question]!, d.raw))).toEqual([
      { value: { text: 'Ada' } },
      { value: { choices: ['c3'] } },
      { value: { choices: ['c2', 'c9'] } },
      { value: { scale: 7 } },
    ]);
  });
});

describe('the validator', () => {
  it('names what is wrong', () => {
    const text: Question = { kind: 'paragraph', label: 'Why?', required: true, maxLength: 3 };
    expect(validateAnswer(text, undefined)).toEqual({ problem: { code: 'required' } });
    expect(validateAnswer(text, { text: '  ' })).toEqual({ problem: { code: 'required' } });
    expect(validateAnswer(text, { text: ' abcd ' })).toEqual({
      problem: { code: 'tooLong', max: 3, length: 4 },
    });
    expect(validateAnswer(text, { picked: ['a'] })).toEqual({ problem: { code: 'invalid' } });
    expect(validateAnswer(single(3), { picked: ['c1', 'c2'] })).toEqual({
      problem: { code: 'pickOne' },
    });
    expect(validateAnswer(single(3), { picked: ['c4'] })).toEqual({
      problem: { code: 'invalid' },
    });
    expect(validateAnswer(multi(3, 2, 2), { picked: ['c1'] })).toEqual({
      problem: { code: 'pickRange', min: 2, max: 2 },
    });
    expect(validateAnswer(single(3, false), { picked: [] })).toEqual({});
  });

  const rankingArb: fc.Arbitrary<Question> = fc.integer({ min: 2, max: 25 }).chain((n) =>
    fc.record({
      kind: fc.constant('ranking' as const),
      label: fc.constant('Rank'),
      required: fc.boolean(),
      choices: fc.constant(choices(n)),
      positions: fc.integer({ min: 1, max: Math.min(n, 5) }),
    }),
  );
  const questionArb: fc.Arbitrary<Question> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('short' as const, 'paragraph' as const),
      label: fc.constant('Text'),
      required: fc.boolean(),
      maxLength: fc.integer({ min: 1, max: 20 }),
    }),
    fc.integer({ min: 2, max: 25 }).chain((n) =>
      fc.record({
        kind: fc.constant('single' as const),
        label: fc.constant('Single'),
        required: fc.boolean(),
        choices: fc.constant(choices(n)),
      }),
    ),
    fc.integer({ min: 2, max: 25 }).chain((n) =>
      fc
        .tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n }))
        .filter(([min, max]) => min <= max)
        .chain(([minValues, maxValues]) =>
          fc.record({
            kind: fc.constant('multi' as const),
            label: fc.constant('Multi'),
            required: fc.boolean(),
            choices: fc.constant(choices(n)),
            minValues: fc.constant(minValues),
            maxValues: fc.constant(maxValues),
          }),
        ),
    ),
    fc.record({
      kind: fc.constant('scale' as const),
      label: fc.constant('Scale'),
      required: fc.boolean(),
      scale: fc.constantFrom(RATING, NPS, { min: 1 as const, max: 10 as const }),
    }),
    rankingArb,
  );
  const values = fc.oneof(
    fc.constantFrom('c1', 'c2', 'c3', 'c25', 'c26', '0', '1', '5', '10', '11', ''),
    fc.string({ maxLength: 4 }),
  );
  const rawArb: fc.Arbitrary<RawAnswer | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 25 }).map((text) => ({ text })),
    fc.array(values, { maxLength: 8 }).map((picked) => ({ picked })),
  );

  it('accepts exactly the answers that satisfy the question, and returns them cleaned', () => {
    fc.assert(
      fc.property(questionArb, rawArb, (question, raw) => {
        const result = validateAnswer(question, raw);
        const empty =
          raw === undefined || ('text' in raw ? raw.text.trim() === '' : raw.picked.length === 0);
        if (empty) {
          expect(result).toEqual(question.required ? { problem: { code: 'required' } } : {});
          return;
        }
        const keys = new Set(question.choices?.map((c) => c.key) ?? []);
        const distinct = raw !== undefined && 'picked' in raw ? [...new Set(raw.picked)] : [];
        let ok: boolean;
        switch (question.kind) {
          case 'short':
          case 'paragraph':
            ok = 'text' in raw && raw.text.trim().length <= question.maxLength;
            break;
          case 'single':
            ok = 'picked' in raw && distinct.length === 1 && keys.has(distinct[0]!);
            break;
          case 'multi':
            ok =
              'picked' in raw &&
              distinct.every((k) => keys.has(k)) &&
              distinct.length >= question.minValues &&
              distinct.length <= question.maxValues;
            break;
          case 'scale': {
            const n = 'picked' in raw && raw.picked.length === 1 ? Number(raw.picked[0]) : NaN;
            ok = Number.isInteger(n) && n >= question.scale.min && n <= question.scale.max;
            break;
          }
          case 'ranking':
            ok =
              'picked' in raw &&
              raw.picked.every((k) => keys.has(k)) &&
              distinct.length === raw.picked.length &&
              raw.picked.length === question.positions;
            break;
        }
        expect(result.problem === undefined, JSON.stringify({ question, raw, result })).toBe(ok);
        if (ok && 'choices' in (result.value ?? {}))
          expect((result.value as { choices: string[] }).choices).toEqual(distinct);
        if (ok && question.kind === 'ranking')
          expect(result.value).toEqual({ ranking: 'picked' in raw ? raw.picked : [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a ranking only as an ordering of exactly its positions, each choice once', () => {
    const rank: Question = {
      kind: 'ranking',
      label: 'Rank',
      required: true,
      choices: choices(4),
      positions: 3,
    };
    expect(validateAnswer(rank, { picked: ['c2', 'c4', 'c1'] })).toEqual({
      value: { ranking: ['c2', 'c4', 'c1'] },
    });
    expect(validateAnswer(rank, { picked: ['c2', 'c2', 'c1'] })).toEqual({
      problem: { code: 'rank', count: 3 },
    });
    expect(validateAnswer(rank, { picked: ['c2', 'c1'] })).toEqual({
      problem: { code: 'rank', count: 3 },
    });
    expect(validateAnswer(rank, { picked: ['c2', 'c1', 'c9'] })).toEqual({
      problem: { code: 'invalid' },
    });
    expect(validateAnswer(rank, { text: 'c1 c2 c3' })).toEqual({ problem: { code: 'invalid' } });
    expect(validateAnswer(rank, { picked: [] })).toEqual({ problem: { code: 'required' } });
  });

  it('gets back any ranking a member makes in the rendered form, and nothing else', () => {
    fc.assert(
      fc.property(
        rankingArb,
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (question, seeds, forge) => {
          if (question.kind !== 'ranking') return;
          const m = modal(field(question, 2));
          const inputs = labels(m);
          expect(inputs).toHaveLength(question.positions);
          expect(m.components.length).toBeLessThanOrEqual(5);
          // A member picks one option per position (forged: possibly the same one twice).
          const keys = question.choices.map((c) => c.key);
          const pool = [...keys];
          const order = inputs.map((_, i) =>
            forge ? keys[seeds[i]! % keys.length]! : pool.splice(seeds[i]! % pool.length, 1)[0]!,
          );
          const submitted = inputs.map((l, i) => ({
            type: 18,
            component: {
              type: l.component.type,
              customId: l.component.custom_id,
              ...(l.component.type === COMPONENT.RadioGroup
                ? { value: order[i] }
                : { values: [order[i]] }),
            },
          }));
          const [answer] = decodeSubmission(submitted);
          expect(answer!.ref).toEqual({ question: 2, revision: 0 });
          const result = validateAnswer(question, answer!.raw);
          if (new Set(order).size === order.length)
            expect(result).toEqual({ value: { ranking: order } });
          else expect(result).toEqual({ problem: { code: 'rank', count: question.positions } });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a ranking in the modal', () => {
  const ranking = (n: number, positions: number, label = 'Rank the flavours'): Question => ({
    kind: 'ranking',
    label,
    required: true,
    choices: choices(n),
    positions,
  });

  it('takes one input per position, radio groups up to 10 options, selects beyond', () => {
    const few = modal(field(ranking(3, 3)));
    // Room left: the question goes above its three positions.
    expect(
      few.components.map((c) => (c.type === COMPONENT.TextDisplay ? c.content : c.label)),
    ).toEqual(['Rank the flavours', '1st choice', '2nd choice', '3rd choice']);
    expect(labels(few).map((l) => l.component.type)).toEqual([21, 21, 21]);
    expect(labels(few).map((l) => l.component.custom_id)).toEqual([
      fieldId({ question: 0, revision: 0 }, 0),
      fieldId({ question: 0, revision: 0 }, 1),
      fieldId({ question: 0, revision: 0 }, 2),
    ]);
    const many = modal(field(ranking(12, 5)));
    // No room: the question is the first position's description.
    expect(many.components.map((c) => c.type)).toEqual([18, 18, 18, 18, 18]);
    expect(labels(many)[0]).toMatchObject({
      label: '1st choice',
      description: 'Rank the flavours',
    });
    expect(labels(many).map((l) => l.component)).toMatchObject(
      Array.from({ length: 5 }, () => ({ type: 3, min_values: 1, max_values: 1 })),
    );
  });

  it('shows a long question above, and refuses what does not fit', () => {
    const long = 'w'.repeat(150);
    expect(formCost([ranking(4, 4, long)])).toBe(5);
    expect(modal(field(ranking(4, 4, long))).components[0]).toEqual({
      type: COMPONENT.TextDisplay,
      content: long,
    });
    expect(formCost([ranking(5, 5, long)])).toBe(6);
    expect(() => modal(field(ranking(5, 5, long)))).toThrow(/does not fit/);
    const withWhy: Question = { kind: 'paragraph', label: 'Why?', required: false, maxLength: 9 };
    expect(formCost([ranking(5, 4), withWhy])).toBe(5);
    expect(modal(field(ranking(5, 4)), field(withWhy, 1)).components).toHaveLength(5);
  });

  it('shows the member’s earlier order again', () => {
    const m = modal(field(ranking(3, 3), 0, { picked: ['c3', 'c1', 'c2'] }));
    expect(
      labels(m).map(
        (l) =>
          (l.component as { options: { value: string; default?: true }[] }).options.find(
            (o) => o.default,
          )?.value,
      ),
    ).toEqual(['c3', 'c1', 'c2']);
  });
});

describe('stored questions', () => {
  it('reads rows written before the kit, with the values the old code assumed', () => {
    const all = questionSchema(QUESTION_KINDS);
    expect(all.parse({ kind: 'short', label: 'Name', required: false })).toEqual({
      kind: 'short',
      label: 'Name',
      required: false,
      maxLength: 4000,
    });
    expect(
      all.parse({
        kind: 'multi',
        label: 'Pick',
        required: true,
        description: '',
        choices: [{ key: 'c1', label: 'A' }],
      }),
    ).toEqual({
      kind: 'multi',
      label: 'Pick',
      required: true,
      choices: [{ key: 'c1', label: 'A' }],
      minValues: 0,
      maxValues: 1,
    });
    expect(all.parse({ kind: 'scale', label: 'Rate', required: true })).toMatchObject({
      scale: { min: 1, max: 5 },
    });
    expect(() => all.parse({ kind: 'essay', label: 'x', required: true })).toThrow();
    expect(() =>
      questionSchema(['short']).parse({ kind: 'single', label: 'x', required: true }),
    ).toThrow();
  });

  it('reads stored answers of the kinds asked for, and nothing else', () => {
    const onboarding = answerSchema(['short', 'paragraph', 'single', 'multi', 'scale']);
    expect(onboarding.parse({ text: 'hi' })).toEqual({ text: 'hi' });
    expect(onboarding.parse({ choices: ['c1'] })).toEqual({ choices: ['c1'] });
    expect(onboarding.parse({ scale: 4 })).toEqual({ scale: 4 });
    expect(() => onboarding.parse({ ranking: ['c1'] })).toThrow();
    expect(() => onboarding.parse({ choices: 'c1' })).toThrow();
    expect(answerSchema(['ranking']).parse({ ranking: ['c2', 'c1'] })).toEqual({
      ranking: ['c2', 'c1'],
    });
  });
});
