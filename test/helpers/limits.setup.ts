/**
 * Runs before every test file (vitest `setupFiles`). After each test, every stand-in a bot ran
 * against must have refused nothing: a payload over one of Discord's limits fails the test that
 * sent it, with Discord's own error tree to say which field broke which rule.
 */
import { afterEach, expect } from 'vitest';
import { standInsInUse, takeRefusals } from './refusals.js';

afterEach(() => {
  for (const standIn of standInsInUse) {
    const refused = takeRefusals(standIn).map((r) => ({
      request: `${r.method} ${r.path.replace(/itoken-\d+/, '<token>')}`,
      code: r.code,
      errors: r.errors,
    }));
    expect(refused, 'requests the stand-in refused as Discord would').toEqual([]);
  }
});
