/**
 * Words the forms kit itself puts in a modal (the questions' own text comes from the features).
 * `it` must have the same keys as `en` (the typecheck enforces it). Importing this module
 * registers them with the catalogue.
 */
import { registerMessages } from '../core/i18n.js';

export const en = {
  // The label of an input whose question is shown in full above it or in its description.
  'forms.answer': 'Your answer',
  // The positions of a ranking question, one input each.
  'forms.rank.1': '1st choice',
  'forms.rank.2': '2nd choice',
  'forms.rank.3': '3rd choice',
  'forms.rank.4': '4th choice',
  'forms.rank.5': '5th choice',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'forms.answer': 'La tua risposta',
  'forms.rank.1': 'Prima scelta',
  'forms.rank.2': 'Seconda scelta',
  'forms.rank.3': 'Terza scelta',
  'forms.rank.4': 'Quarta scelta',
  'forms.rank.5': 'Quinta scelta',
};

declare module '../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof en, string> {}
}

registerMessages('forms', en, it);
