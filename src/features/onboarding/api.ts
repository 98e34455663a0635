/** What other features may use of onboarding: role mappings and a member's answers as embeds. */
export { roleMappings } from './questionnaire.js';
export { answerMessages } from './discord.js';
/** A stored question revision's definition (segments read questions to check their rules). */
export { parseDefinition } from './questionnaire.js';
/** The current questions, and members' answers to some of them (introductions match on them). */
export { activeQuestions } from './questionnaire.js';
export { comparableAnswers, type ComparableAnswer } from './members.js';
/**
 * The one rule for reading stored choices across revisions: an answer picked a current choice
 * only if that choice was offered, under the same key and label, from the answer's revision on.
 * Role mappings, segments (rules and suggestions) and introductions all read choices through it.
 */
export { choiceSpansOf } from './questionnaire.js';
export { picksChoice, type ChoiceSpan } from './definitions.js';
