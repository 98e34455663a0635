/**
 * Messages of polls: /poll, voting, results and exports.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  'cmd.opt.why.name': 'why',
  'cmd.opt.why.description': 'Add an optional free-text follow-up question, for example “Why?”',
  // Feedback polls
  'polls.voteButton': 'Vote',
  'polls.pick': 'Choose',
  'polls.isAnonymous': '🔒 **Anonymous**: nobody, managers included, can see who voted what.',
  'polls.isNamed': '👤 **Not anonymous**: managers can see who voted what.',
  'polls.resultsLive': 'Results are shown as votes come in.',
  'polls.resultsHidden': 'Results are hidden until the poll closes.',
  'polls.closesAt': 'Closes {at}. You can change your vote until then.',
  'polls.closesByHand': 'Open until the managers close it. You can change your vote until then.',
  'polls.closedNote': 'This poll is closed.',
  'polls.audience': 'For {roles}.',
  'polls.withheld': 'Results appear once {min} people have answered.',
  'polls.withheldClosed':
    'Fewer than {min} people answered, so the results stay hidden: with so few answers, they could show who voted what.',
  'polls.voters': '{count, plural, one {# vote} other {# votes}}',
  'polls.textAnswers':
    '{count, plural, one {# written answer} other {# written answers}} (managers: {/poll results})',
  'polls.segmentAudience': 'For the members of the segment **{segment}**.',
  'polls.notInSegment':
    'This poll is for the members of the segment “{segment}”, and you are not in it. The server’s managers choose who is in a segment, from onboarding answers and activity.',
  'polls.segmentGone':
    'This poll was for a segment that has since been removed, so it takes no more votes.',
  'polls.audienceAndSegment': 'Choose a role or a segment as the audience, not both.',
  'polls.audienceTooSmall':
    'An anonymous poll needs an audience of at least {min} people, and this one has {count}: with so few, the results could never be shown and taking part would point at individuals. Aim it at a larger role or segment, or make it a named poll. Nothing was created.',
  'polls.audienceShrunk':
    'The segment “{segment}” now has fewer than {min} members, too few for this anonymous poll to keep votes anonymous, so it takes no votes until the segment grows again.',
  'polls.audienceShrunkRole':
    'Fewer than {min} people now hold {roles}, too few for this anonymous poll to keep votes anonymous, so it takes no votes until there are more of them again.',
  'polls.audienceShrunkServer':
    'This server now has fewer than {min} members, too few for this anonymous poll to keep votes anonymous, so it takes no votes until more people join.',
  'cmd.opt.pollSegment.name': 'segment',
  'cmd.opt.pollSegment.description': 'Only the members of this segment can vote',
  'polls.npsScore': 'NPS: {score}',
  'polls.average': 'Average: {average} of 5',
  'polls.rankLine': '{place}. {option}: Borda score {points}, average rank {average}',
  'polls.rankUnranked': '{place}. {option}: not ranked',
  'polls.rankNote': 'Borda score: a first place earns {top}, each place below it one less.',
  'polls.voteSaved': 'Your vote is saved. You can change it until the poll closes.',
  'polls.voteChanged': 'Your vote is changed.',
  'polls.youAreAnonymous': 'This poll is anonymous: nobody can see what you voted.',
  'polls.youAreNamed': 'This poll is not anonymous: managers can see your vote.',
  'polls.closed': 'This poll is closed.',
  'polls.unknown': 'That poll does not exist in this server.',
  'polls.notAudience': 'This poll is for {roles}.',
  'polls.answerRequired': '“{question}” needs an answer.',
  'polls.answerInvalid': 'The answer to “{question}” is not one of its options.',
  'polls.pickRange': 'Pick between {min} and {max} options for “{question}”.',
  'polls.rank': 'Rank {count} different options for “{question}”, each once.',
  'polls.textLong': 'The answer to “{question}” can be at most {max} characters.',
  'polls.questionCount': 'A poll has 1 to {max} questions.',
  'polls.labelEmpty': 'The question needs some text.',
  'polls.labelLong': 'A question can be at most {max} characters.',
  'polls.formTooBig':
    'These questions do not fit one form: Discord allows {max} parts; a question over 100 characters takes two, and a ranking one per option it orders. Shorten a question, rank fewer options, or ask fewer questions.',
  'polls.optionCount': 'Give 2 to {max} options, separated by semicolons: `Blue; Green; Red`.',
  'polls.optionLong': 'An option can be at most {max} characters.',
  'polls.minMax': 'With {count} options, the maximum must be between 1 and {count}.',
  'polls.rankPositions':
    'With {count} options, a ranking orders 1 to {max} of them: set `max_choices` between 1 and {max}.',
  'polls.titleLength': 'The title can be at most {max} characters.',
  'polls.closesInPast': 'The closing time must be in the future.',
  'polls.reminderNeedsClose': 'A reminder needs a closing time: set `{/poll create hours}`.',
  'polls.whyNeedsChoice':
    'A free-text question cannot have a free-text follow-up: leave `{/poll create why}` empty.',
  'polls.created': 'Poll #{id} posted in {channel}.',
  'polls.closedNow': 'Closed “{title}”; the results are posted under it.',
  'polls.alreadyClosed': 'That poll is already closed.',
  'polls.resultsTitle': 'Results: {title}',
  'polls.participation': '{voters} of {audience, plural, one {# member} other {# members}} voted',
  'polls.resultsFailed':
    'Hearth could not post the results of “{title}” in {channel}: check its permissions there, then see them with {/poll results}.',
  'polls.reminder': '⏰ Last call: “{title}” closes {at}. {link} {roles}',
  'polls.tooMany':
    'This server already has {max} open polls, the most Hearth runs at once for one server. Close one with {/poll close} first.',
  'polls.createdSoon': 'Poll #{id} is saved and will appear in {channel} in a moment.',
  'polls.postFailedNow':
    'Poll #{id} could not be posted in {channel}: {reason} It was withdrawn; fix this and create it again.',
  'polls.postFailed':
    'Hearth could not post the poll “{title}” in {channel}, so it was withdrawn. Check Hearth’s permissions there (View Channel, Send Messages, Embed Links), then create it again.',
  'polls.resultsAgain':
    'That poll is closed, but its results could not be posted before: Hearth is posting them again now.',
  'polls.effect.message': 'post a poll',
  'polls.effect.results': 'post a poll’s results',
  'polls.effect.reminder': 'post a poll’s reminder',
  'polls.exported': '{count, plural, one {# answer.} other {# answers.}}',
  'polls.csv.time': 'Time',
  'polls.csv.question': 'Question',
  'polls.csv.answer': 'Answer',
  'polls.anonymousResponses':
    'An anonymous poll keeps each question’s answers apart, so it has no whole responses to show.',
  'polls.kind.single': 'Single choice',
  'polls.kind.multi': 'Multiple choice',
  'polls.kind.rating': 'Rating (1-5 stars)',
  'polls.kind.nps': 'NPS (0-10)',
  'polls.kind.text': 'Free text',
  'polls.kind.short': 'Short text: one line, up to 100 characters',
  'polls.kind.ranking': 'Ranking (order up to 5 options)',
  'polls.results.live': 'Show results live',
  'polls.results.hidden': 'Hide results until close',
  'polls.template.product': 'Product feedback',
  'polls.template.event': 'Event feedback',
  'polls.template.feature': 'Feature priorities',
  'polls.template.nps': 'Net Promoter Score',

  'cmd.poll.description': 'Ask the community: polls, ratings, NPS, rankings and free text',
  'cmd.poll.create.name': 'create',
  'cmd.poll.create.description': 'Post a one-question poll',
  'cmd.poll.template.name': 'template',
  'cmd.poll.template.description': 'Post a ready-made survey (product, event, features, NPS)',
  'cmd.poll.close.name': 'close',
  'cmd.poll.close.description': 'Close a poll now and post its results',
  'cmd.poll.results.name': 'results',
  'cmd.poll.results.description': 'See a poll’s results and written answers',
  'cmd.poll.export.name': 'export',
  'cmd.poll.export.description': 'Download a poll’s answers as a CSV file',
  'cmd.opt.poll.name': 'poll',
  'cmd.opt.poll.description': 'The poll',
  'cmd.opt.pollChannel.description': 'Where to post the poll',
  'cmd.opt.pollQuestion.name': 'question',
  'cmd.opt.pollQuestion.description': 'The question (up to 300 characters)',
  'cmd.opt.pollKind.description': 'What kind of answer',
  'cmd.opt.pollMaxChoices.description':
    'Multiple choice: the most picks; ranking: how many options to order (up to 5)',
  'cmd.opt.options.name': 'options',
  'cmd.opt.options.description': 'Choices, separated by semicolons: Blue; Green; Red',
  'cmd.opt.anonymous.name': 'anonymous',
  'cmd.opt.anonymous.description':
    'Nobody, managers included, can see who voted what (default: no)',
  'cmd.opt.results.name': 'results',
  'cmd.opt.results.description': 'Show results live or only at the end (default: live)',
  'cmd.opt.closeHours.description': 'Close after this many hours (default: when you close it)',
  'cmd.opt.audience.name': 'audience',
  'cmd.opt.audience.description': 'Only members with this role may vote',
  'cmd.opt.reminder.name': 'reminder',
  'cmd.opt.reminder.description': 'Remind the audience once before it closes',
  'cmd.opt.template.name': 'template',
  'cmd.opt.template.description': 'Which survey',
  'cmd.opt.topic.name': 'topic',
  'cmd.opt.topic.description': 'What it is about, for example: the new app',
  // Members' data rights: what polls keep about a member
  'polls.data.votes': 'Polls you answered by name (anonymous ones are not linked to you)',
  'polls.data.choices': 'Your picks in those polls',
  'polls.data.texts': 'Written answers you gave in those polls',
  'cmd.poll.name': 'poll',
  // Surveys: polls answered in pages, with skip rules
  'polls.branchSource': 'A skip rule needs a single-choice question to read.',
  'polls.branchChoice': 'That question has no such option.',
  'polls.branchTarget':
    'A skip rule jumps forward, past the next question: to a later question (at most {max}) or to the end.',
  'polls.branchTwice': 'That option already has a skip rule: remove it first.',
  'polls.skipped': '“{question}” is skipped after your earlier answer, so it takes no answer.',
  'polls.pageOutOfOrder':
    'That page is not the one you are on: press the button again to continue from page {page}.',
  'polls.pageSaved':
    'Page {page} of {pages} saved. Continue when you like: your answers so far are kept until the survey closes.',
  'polls.continueButton': 'Continue (page {page})',
  'polls.pageTitle': '{title} ({page}/{pages})',
  'polls.data.drafts': 'Pages you saved of surveys you have not finished (named surveys only)',
  'polls.edited': '✏️ Edited',
  'polls.effect.edit': 'show a poll’s edit',
  'polls.data.edits': 'Edits you made to polls, as a manager',
  'cmd.poll.edit.name': 'edit',
  'cmd.poll.edit.description':
    'Edit a poll: anything before the first answer, then only wording fixes (typos)',
  'cmd.opt.pollNumber.name': 'number',
  'cmd.opt.pollNumber.description': 'Which question to edit, by its number (default: 1)',
  'cmd.opt.addOptions.name': 'add_options',
  'cmd.opt.addOptions.description':
    'Options may be added later, and members may suggest them for managers to approve (default: no)',
  'polls.changed':
    'This poll was edited while you were answering, so your answer was not saved: press the poll’s button again to answer it as it is now.',
  'polls.edit.done': 'Poll #{id} is updated. Its message shows the change in a moment.',
  'polls.edit.doneEdited':
    'Poll #{id} is updated and shows as edited, since people had already answered.',
  'polls.edit.closed': 'This poll is closed: a closed poll cannot be edited.',
  'polls.edit.nothing': 'That is what the poll already says: nothing to change.',
  'polls.edit.noQuestion':
    'This poll has {count, plural, one {# question} other {# questions}}: pick a number from 1 to {count}.',
  'polls.edit.staysAnonymous':
    'This poll was announced as anonymous, so it stays anonymous: members answered (or will) on that promise.',
  'polls.edit.staysNamed':
    'This poll was announced as named, so it stays named: an anonymous poll needs its own key and a large enough audience from the start. Close it and create an anonymous one instead.',
  'polls.edit.settingsAfterAnswers':
    'People have already answered on the settings they were shown, so they stay as they are. Only wording fixes are possible now.',
  'polls.edit.structure':
    'People have already answered, so only wording fixes are possible now: the same questions, kinds and options in the same order. To ask something else, close this poll and create a new one.',
  'polls.edit.optionsClosed':
    'People have already answered, and this poll was not created with add_options:True, so no option can be added.',
  'polls.edit.notWording':
    'People have already answered, so only wording fixes are possible now: “{before}” → “{after}” changes more than {max, plural, one {# character} other {# characters}}.',
  'polls.edit.numbers':
    'People have already answered, so only wording fixes are possible now: “{before}” → “{after}” changes a number, which changes what was asked.',
  'polls.edit.negation':
    'People have already answered, so only wording fixes are possible now: “{before}” → “{after}” adds or removes a “not”, which turns the meaning around.',
  'polls.edit.notThisSurvey': 'Poll #{id} is not a published round of this survey.',
  'polls.suggestButton': 'Suggest an option',
  'polls.suggestTitle': 'Suggest an option',
  'polls.suggestField': 'Your option (up to {max} characters)',
  'polls.suggest.sent':
    'Thank you! Your option is sent to the managers: it appears on the poll if they approve it.',
  'polls.suggest.notAllowed':
    'This poll does not take suggested options: only polls created with add_options:True do.',
  'polls.suggest.empty':
    'Type an option: it cannot be empty, only spaces or only formatting characters.',
  'polls.suggest.mention': 'An option cannot mention anyone, a role, a channel or a command.',
  'polls.suggest.tooLong':
    'That option is {length} characters; the limit is {max}, what a poll’s button or menu can show.',
  'polls.suggest.duplicate':
    '“{option}” is already an option of this poll, or already waiting for the managers.',
  'polls.suggest.full': 'This question already has {max} options, the most it can hold.',
  'polls.suggest.pending':
    'Your suggestion for this poll is still waiting for the managers: you can suggest another once they have answered.',
  'polls.suggest.tooMany':
    'You have suggested {count} options for this poll in the last hour, the most allowed. Try again later.',
  'polls.suggest.unknown': 'This suggestion no longer exists: its poll may have closed.',
  'polls.suggest.alreadyReviewed': 'Another manager has already reviewed this suggestion.',
  'polls.suggest.reviewPost':
    'A member suggested an option for poll #{id} “{title}” (question {number}):\n>>> {option}',
  'polls.suggest.approve': 'Approve',
  'polls.suggest.reject': 'Reject',
  'polls.suggest.approvedBy': 'Added to the poll by {manager}.',
  'polls.suggest.rejectedBy': 'Rejected by {manager}.',
  'polls.effect.suggestion': 'post a suggested option for review',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'cmd.opt.why.name': 'perche',
  'cmd.opt.why.description': 'Aggiungi una domanda aperta facoltativa dopo, per esempio “Perché?”',
  'polls.voteButton': 'Vota',
  'polls.pick': 'Scegli',
  'polls.isAnonymous': '🔒 **Anonimo**: nessuno, manager compresi, può vedere chi ha votato cosa.',
  'polls.isNamed': '👤 **Non anonimo**: i manager possono vedere chi ha votato cosa.',
  'polls.resultsLive': 'I risultati si vedono man mano che arrivano i voti.',
  'polls.resultsHidden': 'I risultati restano nascosti fino alla chiusura.',
  'polls.closesAt': 'Chiude {at}. Puoi cambiare il voto fino ad allora.',
  'polls.closesByHand':
    'Aperto finché i manager non lo chiudono. Puoi cambiare il voto fino ad allora.',
  'polls.closedNote': 'Questo sondaggio è chiuso.',
  'polls.audience': 'Per {roles}.',
  'polls.withheld': 'I risultati compariranno quando avranno risposto almeno {min} persone.',
  'polls.withheldClosed':
    'Hanno risposto meno di {min} persone, quindi i risultati restano nascosti: con così poche risposte si potrebbe capire chi ha votato cosa.',
  'polls.voters': '{count, plural, one {# voto} other {# voti}}',
  'polls.textAnswers':
    '{count, plural, one {# risposta scritta} other {# risposte scritte}} (manager: {/poll results})',
  'polls.segmentAudience': 'Per i membri del segmento **{segment}**.',
  'polls.notInSegment':
    'Questo sondaggio è per i membri del segmento “{segment}”, e tu non ne fai parte. Chi fa parte di un segmento lo decidono i manager del server, in base alle risposte dell’accoglienza e alla partecipazione.',
  'polls.segmentGone':
    'Questo sondaggio era per un segmento che nel frattempo è stato eliminato, quindi non accetta più voti.',
  'polls.audienceAndSegment': 'Scegli come pubblico un ruolo o un segmento, non entrambi.',
  'polls.audienceTooSmall':
    'Un sondaggio anonimo ha bisogno di un pubblico di almeno {min} persone, e questo ne ha {count}: con così poche persone i risultati non potrebbero mai essere mostrati e partecipare indicherebbe i singoli. Rivolgilo a un ruolo o a un segmento più ampio, oppure rendilo non anonimo. Non è stato creato nulla.',
  'polls.audienceShrunk':
    'Il segmento “{segment}” ora ha meno di {min} membri, troppo pochi perché questo sondaggio anonimo mantenga l’anonimato dei voti: non accetta voti finché il segmento non torna a crescere.',
  'polls.audienceShrunkRole':
    'Ora meno di {min} persone hanno {roles}, troppo poche perché questo sondaggio anonimo mantenga l’anonimato dei voti: non accetta voti finché non tornano a essere di più.',
  'polls.audienceShrunkServer':
    'Questo server ora ha meno di {min} membri, troppo pochi perché questo sondaggio anonimo mantenga l’anonimato dei voti: non accetta voti finché non entrano altre persone.',
  'cmd.opt.pollSegment.name': 'segmento',
  'cmd.opt.pollSegment.description': 'Possono votare solo i membri di questo segmento',
  'polls.npsScore': 'NPS: {score}',
  'polls.average': 'Media: {average} su 5',
  'polls.rankLine': '{place}. {option}: punteggio Borda {points}, posizione media {average}',
  'polls.rankUnranked': '{place}. {option}: mai in classifica',
  'polls.rankNote': 'Punteggio Borda: il primo posto vale {top}, ogni posto sotto uno in meno.',
  'polls.voteSaved': 'Il tuo voto è salvato. Puoi cambiarlo fino alla chiusura del sondaggio.',
  'polls.voteChanged': 'Il tuo voto è cambiato.',
  'polls.youAreAnonymous': 'Questo sondaggio è anonimo: nessuno può vedere cosa hai votato.',
  'polls.youAreNamed': 'Questo sondaggio non è anonimo: i manager possono vedere il tuo voto.',
  'polls.closed': 'Questo sondaggio è chiuso.',
  'polls.unknown': 'Questo sondaggio non esiste in questo server.',
  'polls.notAudience': 'Questo sondaggio è per {roles}.',
  'polls.answerRequired': '“{question}” richiede una risposta.',
  'polls.answerInvalid': 'La risposta a “{question}” non è tra le opzioni.',
  'polls.pickRange': 'Scegli da {min} a {max} opzioni per “{question}”.',
  'polls.rank':
    'Metti in ordine {count} opzioni diverse per “{question}”, ciascuna una sola volta.',
  'polls.textLong': 'La risposta a “{question}” può avere al massimo {max} caratteri.',
  'polls.questionCount': 'Un sondaggio ha da 1 a {max} domande.',
  'polls.labelEmpty': 'La domanda deve avere un testo.',
  'polls.labelLong': 'Una domanda può avere al massimo {max} caratteri.',
  'polls.formTooBig':
    'Queste domande non stanno in un solo modulo: Discord ammette al massimo {max} elementi; una domanda di oltre 100 caratteri ne occupa due e una classifica uno per ogni opzione da ordinare. Accorcia una domanda, fai ordinare meno opzioni o fai meno domande.',
  'polls.optionCount':
    'Indica da 2 a {max} opzioni, separate da punto e virgola: `Blu; Verde; Rosso`.',
  'polls.optionLong': 'Un’opzione può avere al massimo {max} caratteri.',
  'polls.minMax': 'Con {count} opzioni, il massimo deve essere tra 1 e {count}.',
  'polls.rankPositions':
    'Con {count} opzioni, una classifica ne mette in ordine da 1 a {max}: imposta `scelte_massime` tra 1 e {max}.',
  'polls.titleLength': 'Il titolo può avere al massimo {max} caratteri.',
  'polls.closesInPast': 'L’orario di chiusura deve essere nel futuro.',
  'polls.reminderNeedsClose':
    'Un promemoria richiede un orario di chiusura: imposta `{/poll create hours}`.',
  'polls.whyNeedsChoice':
    'Una domanda aperta non può avere un seguito aperto: lascia vuoto `{/poll create why}`.',
  'polls.created': 'Sondaggio #{id} pubblicato in {channel}.',
  'polls.closedNow': 'Sondaggio “{title}” chiuso; i risultati sono pubblicati sotto.',
  'polls.alreadyClosed': 'Questo sondaggio è già chiuso.',
  'polls.resultsTitle': 'Risultati: {title}',
  'polls.participation':
    '{voters, plural, one {Ha votato # persona} other {Hanno votato # persone}} su {audience}',
  'polls.resultsFailed':
    'Hearth non è riuscito a pubblicare i risultati di “{title}” in {channel}: controlla i suoi permessi lì, poi guardali con {/poll results}.',
  'polls.reminder': '⏰ Ultima chiamata: “{title}” chiude {at}. {link} {roles}',
  'polls.tooMany':
    'Questo server ha già {max} sondaggi aperti, il massimo che Hearth gestisce insieme per un server. Chiudine prima uno con {/poll close}.',
  'polls.createdSoon': 'Il sondaggio #{id} è salvato e comparirà in {channel} tra un momento.',
  'polls.postFailedNow':
    'Non è stato possibile pubblicare il sondaggio #{id} in {channel}: {reason} È stato ritirato; risolvi il problema e crealo di nuovo.',
  'polls.postFailed':
    'Hearth non è riuscito a pubblicare il sondaggio “{title}” in {channel}, quindi l’ha ritirato. Controlla i permessi di Hearth lì (Visualizza canale, Invia messaggi, Incorpora link), poi crealo di nuovo.',
  'polls.resultsAgain':
    'Il sondaggio è chiuso, ma prima non è stato possibile pubblicarne i risultati: Hearth li sta pubblicando di nuovo ora.',
  'polls.effect.message': 'pubblicare un sondaggio',
  'polls.effect.results': 'pubblicare i risultati di un sondaggio',
  'polls.effect.reminder': 'pubblicare il promemoria di un sondaggio',
  'polls.exported': '{count, plural, one {# risposta.} other {# risposte.}}',
  'polls.csv.time': 'Ora',
  'polls.csv.question': 'Domanda',
  'polls.csv.answer': 'Risposta',
  'polls.anonymousResponses':
    'Un sondaggio anonimo tiene separate le risposte di ogni domanda, quindi non ha risposte complete da mostrare.',
  'polls.kind.single': 'Scelta singola',
  'polls.kind.multi': 'Scelta multipla',
  'polls.kind.rating': 'Valutazione (1-5 stelle)',
  'polls.kind.nps': 'NPS (0-10)',
  'polls.kind.text': 'Testo libero',
  'polls.kind.short': 'Testo breve: una riga, fino a 100 caratteri',
  'polls.kind.ranking': 'Classifica (ordina fino a 5 opzioni)',
  'polls.results.live': 'Mostra i risultati in diretta',
  'polls.results.hidden': 'Nascondi i risultati fino alla chiusura',
  'polls.template.product': 'Feedback sul prodotto',
  'polls.template.event': 'Feedback sull’evento',
  'polls.template.feature': 'Priorità delle funzioni',
  'polls.template.nps': 'Net Promoter Score',

  'cmd.poll.description':
    'Chiedi alla community: sondaggi, valutazioni, NPS, classifiche e testo libero',
  'cmd.poll.create.name': 'crea',
  'cmd.poll.create.description': 'Pubblica un sondaggio con una domanda',
  'cmd.poll.template.name': 'modello',
  'cmd.poll.template.description':
    'Pubblica un questionario pronto (prodotto, evento, funzioni, NPS)',
  'cmd.poll.close.name': 'chiudi',
  'cmd.poll.close.description': 'Chiudi ora un sondaggio e pubblica i risultati',
  'cmd.poll.results.name': 'risultati',
  'cmd.poll.results.description': 'Vedi i risultati e le risposte scritte di un sondaggio',
  'cmd.poll.export.name': 'esporta',
  'cmd.poll.export.description': 'Scarica le risposte di un sondaggio in un file CSV',
  'cmd.opt.poll.name': 'sondaggio',
  'cmd.opt.poll.description': 'Il sondaggio',
  'cmd.opt.pollChannel.description': 'Dove pubblicare il sondaggio',
  'cmd.opt.pollQuestion.name': 'domanda',
  'cmd.opt.pollQuestion.description': 'La domanda (fino a 300 caratteri)',
  'cmd.opt.pollKind.description': 'Che tipo di risposta',
  'cmd.opt.pollMaxChoices.description':
    'Scelta multipla: quante opzioni al massimo; classifica: quante ordinarne (fino a 5)',
  'cmd.opt.options.name': 'opzioni',
  'cmd.opt.options.description': 'Le scelte, separate da punto e virgola: Blu; Verde; Rosso',
  'cmd.opt.anonymous.name': 'anonimo',
  'cmd.opt.anonymous.description':
    'Nessuno, manager compresi, vede chi ha votato cosa (predefinito: no)',
  'cmd.opt.results.name': 'risultati',
  'cmd.opt.results.description':
    'Mostra i risultati in diretta o solo alla fine (predefinito: in diretta)',
  'cmd.opt.closeHours.description':
    'Chiudi dopo questo numero di ore (predefinito: quando lo chiudi tu)',
  'cmd.opt.audience.name': 'pubblico',
  'cmd.opt.audience.description': 'Possono votare solo i membri con questo ruolo',
  'cmd.opt.reminder.name': 'promemoria',
  'cmd.opt.reminder.description': 'Ricorda una volta al pubblico di votare prima della chiusura',
  'cmd.opt.template.name': 'modello',
  'cmd.opt.template.description': 'Quale questionario',
  'cmd.opt.topic.name': 'argomento',
  'cmd.opt.topic.description': 'Di cosa si tratta, per esempio: la nuova app',
  'polls.data.votes':
    'Sondaggi a cui hai risposto con il tuo nome (quelli anonimi non sono collegati a te)',
  'polls.data.choices': 'Le tue scelte in quei sondaggi',
  'polls.data.texts': 'Risposte scritte che hai dato in quei sondaggi',
  'cmd.poll.name': 'sondaggio',
  'polls.branchSource': 'Una regola di salto deve leggere una domanda a scelta singola.',
  'polls.branchChoice': 'Quella domanda non ha questa opzione.',
  'polls.branchTarget':
    'Una regola di salto va solo avanti, oltre la domanda successiva: a una domanda più avanti (al massimo la {max}) o alla fine.',
  'polls.branchTwice': 'Quell’opzione ha già una regola di salto: toglila prima.',
  'polls.skipped': '“{question}” viene saltata dopo la tua risposta precedente: non va compilata.',
  'polls.pageOutOfOrder':
    'Non è la pagina su cui ti trovi: premi di nuovo il pulsante per continuare dalla pagina {page}.',
  'polls.pageSaved':
    'Pagina {page} di {pages} salvata. Continua quando vuoi: le risposte date finora restano fino alla chiusura del questionario.',
  'polls.continueButton': 'Continua (pagina {page})',
  'polls.pageTitle': '{title} ({page}/{pages})',
  'polls.data.drafts':
    'Pagine salvate di questionari che non hai finito (solo quelli con il tuo nome)',
  'polls.edited': '✏️ Modificato',
  'polls.effect.edit': 'mostrare la modifica di un sondaggio',
  'polls.data.edits': 'Le modifiche che hai fatto ai sondaggi, come manager',
  'cmd.poll.edit.name': 'modifica',
  'cmd.poll.edit.description':
    'Modifica un sondaggio: tutto prima della prima risposta, poi solo correzioni di refusi',
  'cmd.opt.pollNumber.name': 'numero',
  'cmd.opt.pollNumber.description': 'Quale domanda modificare, per numero (predefinito: 1)',
  'cmd.opt.addOptions.name': 'aggiungi_opzioni',
  'cmd.opt.addOptions.description':
    'Si possono aggiungere opzioni dopo, e i membri possono suggerirne ai gestori (predefinito: no)',
  'polls.changed':
    'Questo sondaggio è stato modificato mentre rispondevi, quindi la tua risposta non è stata salvata: premi di nuovo il pulsante del sondaggio per rispondere a come è ora.',
  'polls.edit.done': 'Il sondaggio n. {id} è aggiornato. Il suo messaggio lo mostra tra poco.',
  'polls.edit.doneEdited':
    'Il sondaggio n. {id} è aggiornato e risulta modificato, perché qualcuno aveva già risposto.',
  'polls.edit.closed': 'Questo sondaggio è chiuso: un sondaggio chiuso non si può modificare.',
  'polls.edit.nothing': 'Il sondaggio dice già così: niente da cambiare.',
  'polls.edit.noQuestion':
    'Questo sondaggio ha {count, plural, one {# domanda} other {# domande}}: scegli un numero da 1 a {count}.',
  'polls.edit.staysAnonymous':
    'Questo sondaggio è stato annunciato come anonimo, quindi resta anonimo: i membri hanno risposto (o risponderanno) contando su questo.',
  'polls.edit.staysNamed':
    'Questo sondaggio è stato annunciato come nominativo, quindi resta nominativo: un sondaggio anonimo ha bisogno fin dall’inizio di una chiave propria e di un pubblico abbastanza ampio. Chiudilo e creane uno anonimo.',
  'polls.edit.settingsAfterAnswers':
    'Qualcuno ha già risposto con le impostazioni che vedeva, quindi restano così. Ora sono possibili solo correzioni di refusi.',
  'polls.edit.structure':
    'Qualcuno ha già risposto, quindi ora sono possibili solo correzioni di refusi: le stesse domande, gli stessi tipi e le stesse opzioni nello stesso ordine. Per chiedere altro, chiudi questo sondaggio e creane uno nuovo.',
  'polls.edit.optionsClosed':
    'Qualcuno ha già risposto e questo sondaggio non è stato creato con aggiungi_opzioni:True, quindi non si possono aggiungere opzioni.',
  'polls.edit.notWording':
    'Qualcuno ha già risposto, quindi ora sono possibili solo correzioni di refusi: “{before}” → “{after}” cambia più di {max, plural, one {# carattere} other {# caratteri}}.',
  'polls.edit.numbers':
    'Qualcuno ha già risposto, quindi ora sono possibili solo correzioni di refusi: “{before}” → “{after}” cambia un numero, e con esso la domanda.',
  'polls.edit.negation':
    'Qualcuno ha già risposto, quindi ora sono possibili solo correzioni di refusi: “{before}” → “{after}” aggiunge o toglie un “non”, che rovescia il senso.',
  'polls.edit.notThisSurvey':
    'Il sondaggio n. {id} non è una pubblicazione di questo questionario.',
  'polls.suggestButton': 'Suggerisci un’opzione',
  'polls.suggestTitle': 'Suggerisci un’opzione',
  'polls.suggestField': 'La tua opzione (al massimo {max} caratteri)',
  'polls.suggest.sent':
    'Grazie! La tua opzione è stata inviata ai gestori: comparirà nel sondaggio se la approvano.',
  'polls.suggest.notAllowed':
    'Questo sondaggio non accetta opzioni suggerite: solo i sondaggi creati con aggiungi_opzioni:True le accettano.',
  'polls.suggest.empty':
    'Scrivi un’opzione: non può essere vuota, fatta solo di spazi o solo di caratteri di formattazione.',
  'polls.suggest.mention':
    'Un’opzione non può menzionare qualcuno, un ruolo, un canale o un comando.',
  'polls.suggest.tooLong':
    'Questa opzione è lunga {length} caratteri; il limite è {max}, quanto un pulsante o un menu del sondaggio può mostrare.',
  'polls.suggest.duplicate':
    '“{option}” è già un’opzione di questo sondaggio, o è già in attesa dei gestori.',
  'polls.suggest.full': 'Questa domanda ha già {max} opzioni, il massimo possibile.',
  'polls.suggest.pending':
    'Il tuo suggerimento per questo sondaggio è ancora in attesa dei gestori: potrai suggerirne un altro quando avranno risposto.',
  'polls.suggest.tooMany':
    'Hai suggerito {count} opzioni per questo sondaggio nell’ultima ora, il massimo consentito. Riprova più tardi.',
  'polls.suggest.unknown':
    'Questo suggerimento non esiste più: il suo sondaggio potrebbe essere chiuso.',
  'polls.suggest.alreadyReviewed': 'Un altro gestore ha già esaminato questo suggerimento.',
  'polls.suggest.reviewPost':
    'Un membro ha suggerito un’opzione per il sondaggio n. {id} “{title}” (domanda {number}):\n>>> {option}',
  'polls.suggest.approve': 'Approva',
  'polls.suggest.reject': 'Rifiuta',
  'polls.suggest.approvedBy': 'Aggiunta al sondaggio da {manager}.',
  'polls.suggest.rejectedBy': 'Rifiutata da {manager}.',
  'polls.effect.suggestion': 'pubblicare un’opzione suggerita da esaminare',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('polls', en, it);

export * from '../../core/i18n.js';
