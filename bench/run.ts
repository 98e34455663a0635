/**
 * `npm run bench`: every benchmark, each printed as ratios against a baseline measured in the same
 * run on the same machine. Nothing here asserts a time; the figures are for reading and comparing.
 * `npm run bench -- b1` runs only the benchmarks whose id is given.
 */
import { benchOutbox } from './b9-outbox.js';
import { benchDatabase } from './b1-database.js';
import { benchOnboarding } from './b3-onboarding.js';
import { benchAdmissions } from './b4-admissions.js';
import { benchScheduler } from './b5-scheduler.js';
import { benchVotes } from './b6-votes.js';
import { benchInsights } from './b8-insights.js';
import { benchHeap } from './b7-heap.js';
import { benchStart } from './b13-start.js';
import { benchSegments } from './b10-segments.js';
import { benchEvents } from './b11-events.js';
import { benchIntros } from './b12-intros.js';

const suites: Record<string, () => Promise<string[]> | string[]> = {
  b1: benchDatabase,
  b3: benchOnboarding,
  b4: benchAdmissions,
  b5: benchScheduler,
  b6: benchVotes,
  b9: benchOutbox,
  b7: () => benchHeap(),
  b8: benchInsights,
  b13: () => benchStart(),
  b10: benchSegments,
  b11: benchEvents,
  b12: benchIntros,
};

const wanted = process.argv.slice(2).map((s) => s.toLowerCase());
for (const [id, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(id)) continue;
  const lines = await run();
  console.log(`${lines.join('\n')}\n`);
}
