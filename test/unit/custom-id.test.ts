import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_MAX, defineRoute, routeNameOf } from '../../src/core/custom-id.js';

const vote = defineRoute('poll.vote', { poll: 'id', option: 'int', mode: 'keyword' });

describe('custom id codec', () => {
  it('round-trips typed arguments', () => {
    const id = vote.build({ poll: '123456789012345678', option: 3, mode: 'single' });
    expect(id).toBe('poll.vote:123456789012345678:3:single');
    expect(routeNameOf(id)).toBe('poll.vote');
    expect(vote.parse(id)).toEqual({ poll: '123456789012345678', option: 3, mode: 'single' });
  });

  it('refuses to build an id Discord would reject or that could not be parsed back', () => {
    expect(() => vote.build({ poll: 'abc', option: 1, mode: 'x' })).toThrow(/poll/);
    expect(() => vote.build({ poll: '1', option: 1, mode: 'has:colon' })).toThrow(/mode/);
    expect(() => defineRoute('Bad Name', {})).toThrow();
    const long = defineRoute('long', { a: 'keyword', b: 'keyword', c: 'keyword', d: 'keyword' });
    expect(() =>
      long.build({ a: 'x'.repeat(32), b: 'x'.repeat(32), c: 'x'.repeat(32), d: 'x' }),
    ).toThrow(String(CUSTOM_ID_MAX));
  });

  it('parses any string without throwing, and accepts only what it could have built', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.stringMatching(/^poll\.vote:\d{1,3}:-?\d{1,3}:[a-z:]{1,4}$/),
        ),
        (input) => {
          const parsed = vote.parse(input);
          if (parsed !== undefined) expect(vote.build(parsed)).toBe(input);
        },
      ),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 63n }),
        fc.integer(),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
        (poll, option, mode) => {
          const args = { poll: String(poll), option, mode };
          expect(vote.parse(vote.build(args))).toEqual(args);
        },
      ),
    );
  });
});
