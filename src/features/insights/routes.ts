/** Custom ids of insights, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const insightsRoutes = {
  /** Pages of /insights prompts and /insights retention. */
  promptsPage: defineRoute('insights.prompts', { page: 'int' }),
  retentionPage: defineRoute('insights.retention', { page: 'int' }),
} as const;
