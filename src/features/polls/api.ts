/**
 * What other features may use of polls: surveys are polls with many questions (issue 16), so the
 * surveys feature builds them and publishes them through these.
 */
export {
  checkQuestion,
  checkSurveyQuestions,
  LIMITS,
  type PollQuestion,
  type PollKind,
} from './questions.js';
export { checkBranches, type Branch } from './branches.js';
export {
  closePoll,
  createPoll,
  createPollIn,
  pollOf,
  pollResults,
  pollTemplate,
  type NewPoll,
  type Poll,
  type QuestionResult,
} from './service.js';
