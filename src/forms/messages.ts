/**
 * Words the forms kit itself puts in a modal (the questions' own text comes from the features).
 * `it` must have the same keys as `en` (the typecheck enforces it). Importing this module
 * registers them with the catalogue.
 */
import { registerMessages } from '../core/i18n.js';

export const en = {
  // The label of an input whose question is shown in full above it or in its description.
  'forms.answer': 'Your answer',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'forms.answer': 'La tua risposta',
};

declare module '../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof en, string> {}
}

registerMessages('forms', en, it);
