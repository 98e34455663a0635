import type { DiscordStandIn, RecordedRefusal } from '../stand-in/server.js';

/**
 * Stand-ins a bot runs against in this test file (`startBot` adds them). A shared `afterEach`
 * (test/helpers/limits.setup.ts) asserts that none of them refused a request, so every
 * end-to-end test checks Discord's limits for free.
 */
export const standInsInUse = new Set<DiscordStandIn>();

/**
 * Takes the refusals a test provoked on purpose out of `standIn.refusals` (so the shared check
 * passes) and returns them for the test to assert on.
 */
export function takeRefusals(standIn: DiscordStandIn): RecordedRefusal[] {
  return standIn.refusals.splice(0);
}
