/** What other features may use of events. */
/** `/insights events` and the weekly digest: ended events with their answers and ratings. */
export { endedEventsBetween, type EventForFigures } from './service.js';
