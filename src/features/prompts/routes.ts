/** Custom ids of prompts, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const promptRoutes = {
  /** The button under every post; its occurrence id also lets a retry find an earlier post. */
  suggest: defineRoute('prompt.suggest', { occurrence: 'int' }),
  suggestModal: defineRoute('prompt.suggestion', {}),
  review: defineRoute('prompt.review', { prompt: 'int', verdict: 'keyword' }),
  /** The prompt editor modals of /prompt add and /prompt edit. */
  add: defineRoute('prompt.add', {}),
  edit: defineRoute('prompt.edit', { prompt: 'int' }),
  /** Pages of /prompt list, /prompt stats, /prompt history and /schedule list. */
  listPage: defineRoute('prompt.list', { page: 'int' }),
  statsPage: defineRoute('prompt.stats', { page: 'int' }),
  historyPage: defineRoute('prompt.history', { prompt: 'int', page: 'int' }),
  schedulesPage: defineRoute('schedule.list', { page: 'int' }),
} as const;
