import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson, StoredDataError } from '../../src/core/json.js';
import { scheduleRuleSchema } from '../../src/core/local-time.js';
import { fieldValue } from '../../src/core/modal-fields.js';

describe('stored JSON', () => {
  it('reads a rule Hearth wrote back as it was', () => {
    const rule = {
      kind: 'weekly',
      weekdays: [1, 4],
      hour: 18,
      minute: 0,
      everyWeeks: 2,
      anchor: '2026-01-05',
    } as const;
    expect(parseJson(scheduleRuleSchema, JSON.stringify(rule), 'schedules.rule')).toEqual(rule);
  });

  it('refuses a row that is not what Hearth wrote, naming the column and never its text', () => {
    const secret = 'my address is 1 Main St';
    for (const text of [
      secret,
      JSON.stringify({ kind: 'weekly', weekdays: [9], hour: 18, minute: 0, everyWeeks: 1 }),
      JSON.stringify({ kind: 'cron', expression: '' }),
      JSON.stringify({ kind: 'monthly', note: secret }),
    ]) {
      let error: unknown;
      try {
        parseJson(scheduleRuleSchema, text, 'schedules.rule');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoredDataError);
      expect((error as Error).message).toBe(
        'stored JSON in schedules.rule does not match its schema',
      );
      expect((error as Error).message).not.toContain('Main St');
    }
  });
});

describe('a modal field', () => {
  it('reads text inputs, radio groups and selects', () => {
    const fields = new Map<string, unknown>([
      ['text', { type: 4, customId: 'text', value: 'hello' }],
      ['credit', { type: 21, customId: 'credit', value: 'yes' }],
      ['pick', { type: 3, customId: 'pick', values: ['b', 'c'] }],
    ]);
    expect(fieldValue(fields, 'text')).toBe('hello');
    expect(fieldValue(fields, 'credit')).toBe('yes');
    expect(fieldValue(fields, 'pick')).toBe('b');
    expect(fieldValue(fields, 'missing')).toBeUndefined();
  });

  it('is a missing answer, never a crash, whatever shape a forged submission has', () => {
    fc.assert(
      fc.property(fc.anything(), (forged) => {
        const value = fieldValue(new Map([['x', forged]]), 'x');
        expect(value === undefined || typeof value === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
