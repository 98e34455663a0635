/** Custom ids of onboarding, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

/** `guild` lets the Start button work from a direct message. */
export const onboardingRoutes = {
  start: defineRoute('onb.start', { guild: 'id' }),
  page: defineRoute('onb.page', { guild: 'id', page: 'int', mode: 'keyword' }),
  edit: defineRoute('onb.edit', { guild: 'id', page: 'int' }),
  decide: defineRoute('onb.decide', { user: 'id', verdict: 'keyword' }),
  previewPage: defineRoute('onb.preview', { page: 'int' }),
  previewNext: defineRoute('onb.pvnext', { page: 'int' }),
  /** A page of the question list (/onboarding list and the replies that show it). */
  listPage: defineRoute('onb.list', { page: 'int' }),
  /** Question editor modals. Settings that are not text ride in the custom id; -1 means "unset". */
  questionAdd: defineRoute('onbq.add', {
    kind: 'keyword',
    required: 'int',
    min: 'int',
    max: 'int',
    scale: 'int',
  }),
  questionEdit: defineRoute('onbq.edit', {
    question: 'int',
    required: 'int',
    min: 'int',
    max: 'int',
  }),
} as const;
