/** Custom ids of surveys, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const surveyRoutes = {
  /** A page of /survey show. */
  showPage: defineRoute('survey.show', { survey: 'int', page: 'int' }),
  /** A page of /survey list. */
  listPage: defineRoute('survey.list', { page: 'int' }),
} as const;
