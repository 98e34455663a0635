/** Custom ids of polls, declared once: built and parsed only through these routes. */
import { defineRoute } from '../../core/custom-id.js';

export const pollRoutes = {
  /**
   * A choice button under the poll message, with the poll's version it was rendered from (a
   * press on a button from before an edit is refused, not counted for another option).
   */
  pick: defineRoute('poll.pick', { poll: 'int', version: 'int', choice: 'int' }),
  /** A choice button posted before polls had versions: taken as version 0. */
  vote: defineRoute('poll.vote', { poll: 'int', choice: 'int' }),
  /** The button that opens the poll's modal. */
  open: defineRoute('poll.open', { poll: 'int' }),
  /** The poll's modal. */
  answer: defineRoute('poll.answer', { poll: 'int' }),
  /** One page of a survey's modal (a poll answered in pages). */
  page: defineRoute('poll.page', { poll: 'int', page: 'int' }),
  /** A page of /poll results. */
  resultsPage: defineRoute('poll.results', { poll: 'int', page: 'int' }),
  /** "Suggest an option" under a poll that takes suggestions, and the modal it opens. */
  suggest: defineRoute('poll.suggest', { poll: 'int' }),
  suggestion: defineRoute('poll.suggestion', { poll: 'int' }),
  /** Approve or Reject under a suggested option in the manager log (a reference: reloaded). */
  review: defineRoute('poll.review', { suggestion: 'int', verdict: 'keyword' }),
} as const;
