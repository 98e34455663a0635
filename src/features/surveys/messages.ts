/**
 * Messages of surveys: /survey, building, previewing and publishing. `it` must have the same keys
 * as `en` and the same `{placeholders}` (test/unit/i18n.test.ts). Importing this module registers
 * them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  'surveys.titleLength': 'A survey’s title is 1 to {max} characters.',
  'surveys.tooMany': 'This server has {max} surveys already: delete one first.',
  'surveys.unknown': 'There is no such survey in this server.',
  'surveys.tooManyQuestions': 'A survey holds at most {max} questions.',
  'surveys.noQuestion':
    '{count, plural, =0 {This survey has no questions yet: add one.} one {This survey has 1 question: number it 1.} other {This survey has # questions: number one from 1 to #.}}',
  'surveys.noBranch': 'That option has no skip rule.',
  'surveys.empty': 'This survey has no questions yet: add some first.',
  'surveys.data.created': 'Surveys you built as a manager (they stay, without your name)',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'surveys.titleLength': 'Il titolo di un questionario va da 1 a {max} caratteri.',
  'surveys.tooMany': 'Questo server ha già {max} questionari: prima eliminane uno.',
  'surveys.unknown': 'In questo server non c’è un questionario così.',
  'surveys.tooManyQuestions': 'Un questionario contiene al massimo {max} domande.',
  'surveys.noQuestion':
    '{count, plural, =0 {Questo questionario non ha ancora domande: aggiungine una.} one {Questo questionario ha 1 domanda: indica il numero 1.} other {Questo questionario ha # domande: indica un numero da 1 a #.}}',
  'surveys.noBranch': 'Quell’opzione non ha una regola di salto.',
  'surveys.empty': 'Questo questionario non ha ancora domande: prima aggiungine qualcuna.',
  'surveys.data.created': 'Questionari che hai creato come manager (restano, senza il tuo nome)',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('surveys', en, it);

export * from '../../core/i18n.js';
