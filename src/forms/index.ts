/**
 * The forms kit: questions members answer in modals (see README.md). Features import it from here.
 */
export * from './questions.js';
export * from './fields.js';
export * from './render.js';
export * from './decode.js';
export * from './validate.js';
