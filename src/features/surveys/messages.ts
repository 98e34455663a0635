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
  'surveys.created':
    'Survey #{id} “{title}” is a draft: add questions with {/survey add}, see it with {/survey show}, then post it with {/survey publish}.',
  'surveys.added':
    'Question {position} added ({count, plural, one {# question} other {# questions}} in all).',
  'surveys.removed': 'Question {position} removed.',
  'surveys.rulesDropped':
    '{count, plural, one {# skip rule went with it.} other {# skip rules went with it.}}',
  'surveys.moved': 'The question is now number {position}.',
  'surveys.branchedTo': 'Answering “{option}” to question {from} now skips to question {to}.',
  'surveys.branchedEnd': 'Answering “{option}” to question {from} now ends the survey.',
  'surveys.unbranched': 'Skip rule removed.',
  'surveys.deleted': 'Survey “{title}” deleted. Polls already posted from it stay as they are.',
  'surveys.listHeader': '{count, plural, one {# survey} other {# surveys}}',
  'surveys.listEmpty': 'No surveys yet: start one with {/survey create}.',
  'surveys.listLine': '#{id} {title}: {count, plural, one {# question} other {# questions}}',
  'surveys.showHeader':
    '**{title}** (#{id}): {count, plural, one {# question} other {# questions}}, {pages, plural, one {# page} other {# pages}} for a member who skips nothing',
  'surveys.pageLine': '__Page {page}__',
  'surveys.questionRequired': '**{position}.** {label} ({kind}, required)',
  'surveys.questionOptional': '**{position}.** {label} ({kind}, optional)',
  'surveys.optionLine': '  {number}) {option}',
  'surveys.ruleTo': '  ↳ “{option}” skips to question {to}',
  'surveys.ruleEnd': '  ↳ “{option}” ends the survey',
  'cmd.survey.name': 'survey',
  'cmd.survey.description':
    'Build surveys of many questions, with skip rules, and post them as polls',
  'cmd.survey.create.name': 'create',
  'cmd.survey.create.description': 'Start a survey draft',
  'cmd.survey.add.name': 'add',
  'cmd.survey.add.description': 'Add a question to a survey draft',
  'cmd.survey.edit.name': 'edit',
  'cmd.survey.edit.description':
    'Edit a question: freely in the draft; in a published round, only typos once answered',
  'cmd.opt.surveyRound.name': 'poll',
  'cmd.opt.surveyRound.description':
    'A published round to edit instead of the draft (its question with that number)',
  'surveys.edited': 'Question {position} is updated.',
  'cmd.survey.remove.name': 'remove',
  'cmd.survey.remove.description': 'Remove a question from a survey draft',
  'cmd.survey.move.name': 'move',
  'cmd.survey.move.description': 'Move a question to another place',
  'cmd.survey.branch.name': 'branch',
  'cmd.survey.branch.description': 'Skip ahead when a single-choice question gets a given answer',
  'cmd.survey.unbranch.name': 'unbranch',
  'cmd.survey.unbranch.description': 'Remove a skip rule',
  'cmd.survey.list.name': 'list',
  'cmd.survey.list.description': 'See this server’s surveys',
  'cmd.survey.show.name': 'show',
  'cmd.survey.show.description': 'See a survey’s questions, skip rules and pages',
  'cmd.survey.publish.name': 'publish',
  'cmd.survey.publish.description': 'Post the survey in a channel, as a poll answered page by page',
  'cmd.survey.delete.name': 'delete',
  'cmd.survey.delete.description': 'Delete a survey draft (polls posted from it stay)',
  'cmd.opt.survey.name': 'survey',
  'cmd.opt.survey.description': 'The survey',
  'cmd.opt.surveyTitle.name': 'title',
  'cmd.opt.surveyTitle.description': 'The survey’s title (up to 100 characters)',
  'cmd.opt.surveyQuestion.name': 'question',
  'cmd.opt.surveyQuestion.description': 'The question, by its number',
  'cmd.opt.surveyLabel.name': 'text',
  'cmd.opt.surveyLabel.description': 'The question’s text (up to 300 characters)',
  'cmd.opt.surveyAt.description': 'Where to put it, 1 for first (default: last)',
  'cmd.opt.branchOption.name': 'answer',
  'cmd.opt.branchOption.description': 'The answer, by its number (1 for the first option)',
  'cmd.opt.branchTo.name': 'skip_to',
  'cmd.opt.branchTo.description': 'The question to skip to, by its number (0: the end)',
  'cmd.opt.surveyChannel.description': 'Where to post the survey',
  'surveys.unknownSplit':
    'Pick what to split by from the list (a question, a segment or an onboarding question).',
  'surveys.crosstabKind':
    'Cross-tabs work on choice questions, ratings and NPS, not on written answers or rankings.',
  'surveys.crosstabSame': 'Pick another question to split by.',
  'surveys.notSurvey': 'That poll is not a round of a survey: use {/poll export} for it.',
  'surveys.crosstabAnonymous':
    'This survey is anonymous: Hearth keeps each question’s answers apart and never ties them to a member, so it cannot split them by another question, a segment or an onboarding answer. See the answers per question with {/poll results}.',
  'surveys.crosstabHeader':
    '**{question}** by **{by}** ({count, plural, one {# person} other {# people}})',
  'surveys.crosstabWithheld':
    'Fewer than {min} people answered: the cross-tab is withheld, so no one’s answer can be told.',
  'surveys.crosstabLegend':
    'Counts and the share of each row. “<{min}” is withheld: fewer than {min} people, or a figure that would let such a cell be worked out from the totals.',
  'surveys.crosstabTotal': 'Total',
  'surveys.crosstabInSegment': 'In {name}',
  'surveys.crosstabOutside': 'Not in {name}',
  'surveys.crosstabNoAnswer': 'No answer',
  'surveys.crosstabTooWide': 'The table is too wide for a message: it is in the attached file.',
  'surveys.exported': '{count, plural, one {# response.} other {# responses.}}',
  'surveys.exportedAnonymous':
    'This survey is anonymous: one row per answer, not per response (its answers are kept apart), in a neutral order, with only the day.',
  'surveys.exportTooLarge': 'The file would be over {max} MiB, more than Discord takes.',
  'surveys.csv.member': 'Member ID',
  'surveys.byQuestion': 'Question {position}: {label}',
  'surveys.bySegment': 'Segment: {name}',
  'surveys.byOnboarding': 'Onboarding: {label}',
  'cmd.survey.export.name': 'export',
  'cmd.survey.export.description': 'Download a published round as a CSV, one row per response',
  'cmd.survey.crosstab.name': 'crosstab',
  'cmd.survey.crosstab.description':
    'See how each group answered a question: by another question, a segment or an onboarding answer',
  'cmd.opt.surveyResults.name': 'round',
  'cmd.opt.surveyResults.description': 'A published round of a survey',
  'cmd.opt.crosstabQuestion.name': 'question',
  'cmd.opt.crosstabQuestion.description': 'The question to look at, by its number',
  'cmd.opt.crosstabBy.name': 'by',
  'cmd.opt.crosstabBy.description':
    'What to split it by: another question, a segment or an onboarding question',
  'surveys.data.created': 'Surveys you built as a manager (they stay, without your name)',
  'surveys.data.repeated': 'Surveys you made repeat as a manager (they go on, without your name)',
  'surveys.notRepeating': 'This survey does not repeat.',
  'surveys.needChannel': 'Pick the channel its rounds go to.',
  'surveys.roundFailed':
    'Round {round} of survey #{survey} could not be posted (it has no questions, or too many polls are open), so it was skipped; the next round goes as planned.',
  'surveys.repeating':
    'Survey “{title}” now repeats {cadence} at {hour}:00 in {channel}: round {round} opens <t:{at}:F>. The previous round closes when the next one opens.',
  'surveys.stopped': 'Survey “{title}” no longer repeats. Its rounds stay as they are.',
  'surveys.cadence.weekly': 'every week (Mondays)',
  'surveys.cadence.monthly': 'every month (on the 1st)',
  'surveys.cadence.quarterly': 'every quarter (1 January, April, July and October)',
  'surveys.cadence.off': 'stop repeating',
  'surveys.trendEmpty': 'Survey #{id} has no rounds yet: make it repeat with {/survey repeat}.',
  'surveys.trendHeader': '**{title}**: trend over {count, plural, one {# round} other {# rounds}}',
  'surveys.trendRound': 'Round {round}: {voters, plural, one {# answer} other {# answers}}',
  'surveys.trendWithheld':
    'Round {round}: withheld (fewer than {min} answers, the anonymity threshold)',
  'surveys.trendQuestion': '**{position}. {label}** ({figure})',
  'surveys.figure.average': 'average, 1-5',
  'surveys.figure.nps': 'NPS',
  'surveys.figure.share': 'share per option',
  'surveys.trendValues': '{option}{values}',
  'surveys.trendSignificant':
    '  {delta} since the last round: larger than noise for {n} answers ({test}).',
  'surveys.trendNoise':
    '  {delta} since the last round: change within noise for {n} answers ({test}).',
  'surveys.test.z': 'two-proportion z-test, 95%',
  'surveys.test.zPromoters': 'two-proportion z-test on the promoter share, 95%',
  'surveys.test.welch': 'Welch t-test, 95%',
  'surveys.points': '{value} pts',
  'cmd.survey.repeat.name': 'repeat',
  'cmd.survey.repeat.description':
    'Post the survey again every week, month or quarter (a pulse survey), or stop',
  'cmd.survey.trend.name': 'trend',
  'cmd.survey.trend.description':
    'See each question’s figure across a pulse survey’s rounds, and whether it moved',
  'cmd.opt.cadence.name': 'every',
  'cmd.opt.cadence.description': 'How often a new round opens',
  'cmd.opt.roundHour.name': 'hour',
  'cmd.opt.roundHour.description': 'The hour a round opens, in the server’s time zone (default 10)',
  'cmd.opt.roundChannel.description': 'Where its rounds go',
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
  'surveys.created':
    'Il questionario #{id} “{title}” è una bozza: aggiungi le domande con {/survey add}, controllalo con {/survey show} e poi pubblicalo con {/survey publish}.',
  'surveys.added':
    'Domanda {position} aggiunta ({count, plural, one {# domanda} other {# domande}} in tutto).',
  'surveys.removed': 'Domanda {position} eliminata.',
  'surveys.rulesDropped':
    '{count, plural, one {È stata eliminata anche # regola di salto.} other {Sono state eliminate anche # regole di salto.}}',
  'surveys.moved': 'Ora la domanda è la numero {position}.',
  'surveys.branchedTo': 'Chi risponde “{option}” alla domanda {from} ora passa alla domanda {to}.',
  'surveys.branchedEnd': 'Chi risponde “{option}” alla domanda {from} ora chiude il questionario.',
  'surveys.unbranched': 'Regola di salto eliminata.',
  'surveys.deleted':
    'Questionario “{title}” eliminato. I sondaggi già pubblicati a partire da questo restano come sono.',
  'surveys.listHeader': '{count, plural, one {# questionario} other {# questionari}}',
  'surveys.listEmpty': 'Ancora nessun questionario: creane uno con {/survey create}.',
  'surveys.listLine': '#{id} {title}: {count, plural, one {# domanda} other {# domande}}',
  'surveys.showHeader':
    '**{title}** (#{id}): {count, plural, one {# domanda} other {# domande}}, {pages, plural, one {# pagina} other {# pagine}} per chi non salta nulla',
  'surveys.pageLine': '__Pagina {page}__',
  'surveys.questionRequired': '**{position}.** {label} ({kind}, obbligatoria)',
  'surveys.questionOptional': '**{position}.** {label} ({kind}, facoltativa)',
  'surveys.optionLine': '  {number}) {option}',
  'surveys.ruleTo': '  ↳ con “{option}” si passa alla domanda {to}',
  'surveys.ruleEnd': '  ↳ con “{option}” il questionario finisce',
  'cmd.survey.name': 'questionario',
  'cmd.survey.description':
    'Crea questionari con più domande e regole di salto, e pubblicali come sondaggi',
  'cmd.survey.create.name': 'crea',
  'cmd.survey.create.description': 'Inizia la bozza di un questionario',
  'cmd.survey.add.name': 'aggiungi',
  'cmd.survey.add.description': 'Aggiungi una domanda alla bozza di un questionario',
  'cmd.survey.edit.name': 'modifica',
  'cmd.survey.edit.description':
    'Modifica una domanda: liberamente nella bozza; se pubblicata, dopo le risposte solo refusi',
  'cmd.opt.surveyRound.name': 'sondaggio',
  'cmd.opt.surveyRound.description':
    'Una pubblicazione da modificare invece della bozza (la sua domanda con quel numero)',
  'surveys.edited': 'La domanda {position} è aggiornata.',
  'cmd.survey.remove.name': 'togli',
  'cmd.survey.remove.description': 'Togli una domanda dalla bozza di un questionario',
  'cmd.survey.move.name': 'sposta',
  'cmd.survey.move.description': 'Sposta una domanda in un altro punto',
  'cmd.survey.branch.name': 'salto',
  'cmd.survey.branch.description':
    'Salta in avanti quando una domanda a scelta singola riceve una certa risposta',
  'cmd.survey.unbranch.name': 'togli_salto',
  'cmd.survey.unbranch.description': 'Elimina una regola di salto',
  'cmd.survey.list.name': 'elenco',
  'cmd.survey.list.description': 'Vedi i questionari di questo server',
  'cmd.survey.show.name': 'mostra',
  'cmd.survey.show.description': 'Vedi domande, regole di salto e pagine di un questionario',
  'cmd.survey.publish.name': 'pubblica',
  'cmd.survey.publish.description':
    'Pubblica il questionario in un canale, come sondaggio a cui si risponde pagina per pagina',
  'cmd.survey.delete.name': 'elimina',
  'cmd.survey.delete.description':
    'Elimina la bozza di un questionario (i sondaggi già pubblicati restano)',
  'cmd.opt.survey.name': 'questionario',
  'cmd.opt.survey.description': 'Il questionario',
  'cmd.opt.surveyTitle.name': 'titolo',
  'cmd.opt.surveyTitle.description': 'Il titolo del questionario (fino a 100 caratteri)',
  'cmd.opt.surveyQuestion.name': 'domanda',
  'cmd.opt.surveyQuestion.description': 'La domanda, indicata dal suo numero',
  'cmd.opt.surveyLabel.name': 'testo',
  'cmd.opt.surveyLabel.description': 'Il testo della domanda (fino a 300 caratteri)',
  'cmd.opt.surveyAt.description':
    'In che posizione metterla, 1 per la prima (predefinito: in fondo)',
  'cmd.opt.branchOption.name': 'risposta',
  'cmd.opt.branchOption.description':
    'La risposta, indicata dal suo numero (1 per la prima opzione)',
  'cmd.opt.branchTo.name': 'salta_a',
  'cmd.opt.branchTo.description': 'La domanda a cui saltare, indicata dal suo numero (0: la fine)',
  'cmd.opt.surveyChannel.description': 'Dove pubblicare il questionario',
  'surveys.unknownSplit':
    'Scegli dall’elenco in base a cosa dividere (una domanda, un segmento o una domanda di benvenuto).',
  'surveys.crosstabKind':
    'Le tabelle incrociate valgono per domande a scelta, valutazioni e NPS, non per risposte scritte o classifiche.',
  'surveys.crosstabSame': 'Scegli un’altra domanda in base a cui dividere.',
  'surveys.notSurvey':
    'Quel sondaggio non è una pubblicazione di un questionario: usa {/poll export}.',
  'surveys.crosstabAnonymous':
    'Questo questionario è anonimo: Hearth tiene separate le risposte di ogni domanda e non le lega mai a un membro, quindi non può dividerle per un’altra domanda, un segmento o una risposta di benvenuto. Vedi le risposte domanda per domanda con {/poll results}.',
  'surveys.crosstabHeader':
    '**{question}** per **{by}** ({count, plural, one {# persona} other {# persone}})',
  'surveys.crosstabWithheld':
    'Hanno risposto meno di {min} persone: la tabella non viene mostrata, così nessuna risposta è riconoscibile.',
  'surveys.crosstabLegend':
    'Conteggi e quota di ogni riga. “<{min}” non è mostrato: meno di {min} persone, o un valore che permetterebbe di ricavare una di quelle celle dai totali.',
  'surveys.crosstabTotal': 'Totale',
  'surveys.crosstabInSegment': 'Nel segmento {name}',
  'surveys.crosstabOutside': 'Non in {name}',
  'surveys.crosstabNoAnswer': 'Nessuna risposta',
  'surveys.crosstabTooWide': 'La tabella è troppo larga per un messaggio: è nel file allegato.',
  'surveys.exported': '{count, plural, one {# risposta.} other {# risposte.}}',
  'surveys.exportedAnonymous':
    'Questo questionario è anonimo: una riga per risposta a una domanda, non per persona (le risposte sono tenute separate), in un ordine neutro, con solo il giorno.',
  'surveys.exportTooLarge': 'Il file supererebbe {max} MiB, più di quanto Discord accetti.',
  'surveys.csv.member': 'ID membro',
  'surveys.byQuestion': 'Domanda {position}: {label}',
  'surveys.bySegment': 'Segmento: {name}',
  'surveys.byOnboarding': 'Benvenuto: {label}',
  'cmd.survey.export.name': 'esporta',
  'cmd.survey.export.description': 'Scarica una pubblicazione in CSV, una riga per risposta',
  'cmd.survey.crosstab.name': 'incrocia',
  'cmd.survey.crosstab.description':
    'Come ogni gruppo ha risposto: per un’altra domanda, un segmento o una risposta di benvenuto',
  'cmd.opt.surveyResults.name': 'pubblicazione',
  'cmd.opt.surveyResults.description': 'Una pubblicazione di un questionario',
  'cmd.opt.crosstabQuestion.name': 'domanda',
  'cmd.opt.crosstabQuestion.description': 'La domanda da guardare, indicata dal suo numero',
  'cmd.opt.crosstabBy.name': 'per',
  'cmd.opt.crosstabBy.description':
    'In base a cosa dividerla: un’altra domanda, un segmento o una domanda di benvenuto',
  'surveys.data.created': 'Questionari che hai creato come manager (restano, senza il tuo nome)',
  'surveys.data.repeated':
    'Questionari che hai fatto ripetere come manager (continuano, senza il tuo nome)',
  'surveys.notRepeating': 'Questo questionario non si ripete.',
  'surveys.needChannel': 'Scegli il canale in cui pubblicare le edizioni.',
  'surveys.roundFailed':
    'Non è stato possibile pubblicare l’edizione {round} del questionario #{survey} (non ha domande, o ci sono troppi sondaggi aperti), quindi è stata saltata; la prossima edizione esce come previsto.',
  'surveys.repeating':
    'Il questionario “{title}” ora si ripete {cadence} alle {hour}:00 in {channel}: l’edizione {round} si apre <t:{at}:F>. L’edizione precedente si chiude quando si apre la successiva.',
  'surveys.stopped':
    'Il questionario “{title}” non si ripete più. Le sue edizioni restano come sono.',
  'surveys.cadence.weekly': 'ogni settimana (il lunedì)',
  'surveys.cadence.monthly': 'ogni mese (il giorno 1)',
  'surveys.cadence.quarterly': 'ogni trimestre (1 gennaio, aprile, luglio e ottobre)',
  'surveys.cadence.off': 'smetti di ripetere',
  'surveys.trendEmpty':
    'Il questionario #{id} non ha ancora edizioni: fallo ripetere con {/survey repeat}.',
  'surveys.trendHeader':
    '**{title}**: andamento su {count, plural, one {# edizione} other {# edizioni}}',
  'surveys.trendRound': 'Edizione {round}: {voters, plural, one {# risposta} other {# risposte}}',
  'surveys.trendWithheld':
    'Edizione {round}: non mostrata (meno di {min} risposte, la soglia di anonimato)',
  'surveys.trendQuestion': '**{position}. {label}** ({figure})',
  'surveys.figure.average': 'media, 1-5',
  'surveys.figure.nps': 'indice NPS',
  'surveys.figure.share': 'quota per opzione',
  'surveys.trendValues': '{option}{values}',
  'surveys.trendSignificant':
    '  {delta} rispetto all’edizione precedente: più del rumore per {n} risposte ({test}).',
  'surveys.trendNoise':
    '  {delta} rispetto all’edizione precedente: variazione entro il rumore per {n} risposte ({test}).',
  'surveys.test.z': 'test z a due proporzioni, 95%',
  'surveys.test.zPromoters': 'test z a due proporzioni sulla quota di promotori, 95%',
  'surveys.test.welch': 'test t di Welch, 95%',
  'surveys.points': '{value} punti',
  'cmd.survey.repeat.name': 'ripeti',
  'cmd.survey.repeat.description':
    'Pubblica di nuovo il questionario ogni settimana, mese o trimestre (pulse), o smetti',
  'cmd.survey.trend.name': 'andamento',
  'cmd.survey.trend.description':
    'Vedi il dato di ogni domanda nelle edizioni di un questionario pulse, e se si è mosso',
  'cmd.opt.cadence.name': 'ogni',
  'cmd.opt.cadence.description': 'Ogni quanto si apre una nuova edizione',
  'cmd.opt.roundHour.name': 'ora',
  'cmd.opt.roundHour.description':
    'L’ora in cui si apre un’edizione, nel fuso orario del server (predefinita 10)',
  'cmd.opt.roundChannel.description': 'Dove pubblicare le edizioni',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('surveys', en, it);

export * from '../../core/i18n.js';
