/**
 * What other features may use of polls: surveys are polls with many questions (issue 16), so the
 * surveys feature builds them and publishes them through these.
 */
export {
  checkQuestion,
  checkSurveyQuestions,
  LIMITS,
  POLL_KINDS,
  splitOptions,
  type PollQuestion,
  type PollKind,
} from './questions.js';
// Registers polls' strings, which commands of other features name (kinds, publishing).
import './messages.js';

export { pollKeyOf } from './key.js';
export { checkBranches, surveyPages, type Branch } from './branches.js';
export {
  closePoll,
  closePollIn,
  DEFAULT_MIN_RESPONSES,
  visibleResults,
  createPoll,
  createPollIn,
  choiceCount,
  choiceLabel,
  exportRows,
  listPolls,
  namedResponses,
  pollOf,
  pollResults,
  pollTemplate,
  pollTiming,
  seriesRounds,
  type NamedResponse,
  type NewPoll,
  type Poll,
  type QuestionResult,
} from './service.js';
