/** Custom ids of segments, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const segmentRoutes = {
  /** "Create segment n" under `/segment suggest`: the suggestion's fingerprint. */
  suggestion: defineRoute('segment.suggest', { key: 'keyword' }),
} as const;
