/**
 * Messages of onboarding: the questionnaire editor, the welcome, answering, approval, /profile.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // Onboarding: members
  'welcome.new':
    'Welcome to {server}, {member}! This is a small community with a purpose, and we would love to know you a little. It takes about {minutes} min.',
  'welcome.resume':
    'Welcome back, {member}! Your answers are still here: pick up where you left off.',
  'welcome.returning': 'Welcome back to {server}, {member}!',
  'welcome.dm.new':
    'Welcome to {server}! This is a small community with a purpose, and we would love to know you a little. It takes about {minutes} min.',
  'welcome.dm.resume':
    'Welcome back to {server}! Your answers are still here: pick up where you left off.',
  'welcome.dm.returning': 'Welcome back to {server}!',
  'welcome.start': 'Start',
  'welcome.continue': 'Continue',
  'onboarding.modalTitle': 'About you ({page}/{count})',
  'onboarding.modalTitleEdit': 'Edit your answers ({page}/{count})',
  'onboarding.pageSaved':
    'Page {page} of {count} saved. Continue when you are ready: you can also stop here and come back later with {/profile}.',
  'onboarding.fixProblems':
    'Almost there: a few answers need a change. Everything you typed is kept.',
  'onboarding.fixButton': 'Fix my answers',
  'onboarding.done': 'Thank you! Your profile is complete. Welcome to {server}.',
  'onboarding.waiting':
    'Thank you! The managers of {server} will read your answers and let you know soon.',
  'onboarding.alreadyDone':
    'You have already completed onboarding. Use {/profile} to see or edit your answers.',
  'onboarding.awaitingApproval':
    'Your answers are with the managers. You will hear from them soon.',
  'onboarding.screening': 'Accept the server rules first, then start.',
  'onboarding.notNewMember': 'There is no questionnaire waiting for you in this server.',
  'onboarding.notCompleted': 'Finish the questionnaire first; then you can edit your answers.',
  'onboarding.noQuestions': 'The questionnaire has no questions yet.',
  'onboarding.skipped': '(no answer)',
  'onboarding.retired': '(no longer asked)',
  'onboarding.approvedDm': 'Good news: you have been admitted to {server}. Welcome!',
  'onboarding.approvedPublic': 'Welcome, {member}: you have been admitted!',
  'onboarding.rejectedDm':
    'Thank you for your interest in {server}. The managers decided not to admit you at this time.',
  'onboarding.answer.required': '“{question}” needs an answer.',
  'onboarding.answer.invalid':
    'The answer to “{question}” is not one of its options. Pick again from the list.',
  'onboarding.answer.tooLong':
    'The answer to “{question}” is {length} characters; the limit is {max}.',
  'onboarding.answer.pickOne': 'Pick exactly one option for “{question}”.',
  'onboarding.answer.pickRange': 'Pick between {min} and {max} options for “{question}”.',
  'profile.title': 'Your profile in {server}',
  'profile.none':
    'You have no profile in this server: it is created by the welcome questionnaire new members answer.',
  'profile.edit': 'Edit my answers',
  'profile.updated': 'Your profile is updated, and your roles follow your new answers.',
  'profile.status.screening': 'Waiting for you to accept the server rules.',
  'profile.status.welcomed': 'Not started yet.',
  'profile.status.in_progress': 'In progress: continue whenever you like.',
  'profile.status.pending_approval': 'Complete, waiting for the managers.',
  'profile.status.completed': 'Complete.',
  'profile.status.rejected': 'Not admitted. You can answer again.',

  // Onboarding: managers
  'onboarding.kind.short': 'Short text',
  'onboarding.kind.paragraph': 'Paragraph',
  'onboarding.kind.single': 'Single choice',
  'onboarding.kind.multi': 'Multiple choice',
  'onboarding.kind.scale': 'Scale',
  'onboarding.required': 'required',
  'onboarding.optional': 'optional',
  'onboarding.on': 'on',
  'onboarding.off': 'off',
  'onboarding.admission.auto': 'Automatic',
  'onboarding.admission.approval': 'Manager approval',
  'onboarding.listHeader':
    '**Onboarding: {state}** · admission: {admission} · {count, plural, one {# question} other {# questions}} on {pages, plural, one {# page} other {# pages}}',
  'onboarding.listEmpty':
    'No questions yet: start with {/onboarding template} or {/onboarding add}.',
  'onboarding.templateApplied':
    'Added {count, plural, one {# starter question} other {# starter questions}}. Edit them to fit your community, then turn onboarding on: {/onboarding settings} with `{/onboarding settings enabled}: True`.',
  'onboarding.templateExists':
    'The questionnaire already has {count, plural, one {# question} other {# questions}}. Run {/onboarding template} again with `{/onboarding template replace}: True` to replace them.',
  'onboarding.added': 'Added question {position}.',
  'onboarding.edited':
    'Question {position} updated. Members who already answered keep the version they saw.',
  'onboarding.removed': 'Removed “{question}”. Existing answers stay in profiles and exports.',
  'onboarding.mapped': 'Members who choose “{choice}” will get {role}.',
  'onboarding.unmapped': '“{choice}” no longer grants {role}.',
  'onboarding.mappedRole': 'mapped role',
  'onboarding.mapWarning': 'Saved, but Hearth cannot grant this role yet:',
  'onboarding.needWelcomeChannel':
    'Set a welcome channel with {/hearth setup} so new members see the Start button even when their direct messages are closed.',
  'onboarding.needLogChannel':
    'Set a manager log channel with {/hearth setup}: that is where answers wait for your approval.',
  'onboarding.questionUnknown':
    'That question does not exist in this server. Pick one from the suggestions.',
  'onboarding.choiceUnknown':
    'That choice does not belong to this question. Pick one from the suggestions.',
  'onboarding.tooManyQuestions': 'A questionnaire can have at most {max} questions.',
  'onboarding.previewTitle': 'Preview ({page}/{count})',
  'onboarding.previewChecked':
    'Preview of page {page} of {count}: this is exactly what members see. Nothing was saved.',
  'onboarding.answersTitle': 'Onboarding answers',
  'onboarding.noAnswers': '{member} has not answered the questionnaire.',
  'onboarding.exported':
    '{count, plural, one {Answers of # member.} other {Answers of # members.}}',
  'onboarding.csv.member': 'Member ID',
  'onboarding.csv.status': 'Status',
  'onboarding.csv.joined': 'Joined',
  'onboarding.csv.completed': 'Completed',
  'onboarding.reviewTitle': 'New member waiting for approval',
  'onboarding.approve': 'Approve',
  'onboarding.reject': 'Reject',
  'onboarding.approvedBy': 'Approved by {manager}',
  'onboarding.rejectedBy': 'Rejected by {manager}',
  'onboarding.rejectedCooldown':
    'A manager did not approve your answers last time. You can answer again {at}.',
  'onboarding.stillRejectedDm':
    'Hello again from {server}. A manager did not approve your earlier answers, and leaving and coming back does not change that decision. You can answer again {at} with {/profile}.',
  'onboarding.approvedButLeft':
    '{member} had already left the server, so no seat was taken. The approval is kept: if they come back, they get a seat (or a place on the waitlist) then.',
  'onboarding.alreadyDecided': '{manager} has already decided about this member.',
  'onboarding.notAwaiting': 'This member is not waiting for approval.',
  'onboarding.editor.titleAdd': 'New question',
  'onboarding.editor.titleEdit': 'Edit question',
  'onboarding.editor.label': 'Question (up to 45 characters)',
  'onboarding.editor.description': 'Help text (optional)',
  'onboarding.editor.choices': 'Choices, one per line (2 to 25)',
  'onboarding.editor.low': 'Label for the lowest value (optional)',
  'onboarding.editor.high': 'Label for the highest value (optional)',
  'onboarding.def.kind': 'That is not a kind of question Hearth knows.',
  'onboarding.def.kindChange': 'A question cannot change kind: remove it and add a new one.',
  'onboarding.def.labelEmpty': 'The question needs some text.',
  'onboarding.def.labelLong':
    'The question is {length} characters; Discord shows at most {max}. Move details to the help text.',
  'onboarding.def.descriptionLong': 'The help text can be at most {max} characters.',
  'onboarding.def.scaleLabelLong': 'Scale labels can be at most {max} characters.',
  'onboarding.def.choicesDuplicate': 'Two choices have the same text.',
  'onboarding.def.choicesFew': 'A choice question needs at least 2 choices, one per line.',
  'onboarding.def.choicesMany': 'That is {count} choices; Discord shows at most {max}.',
  'onboarding.def.choiceLong': 'The choice “{choice}…” is longer than {max} characters.',
  'onboarding.def.minMax':
    'Check the minimum and maximum: with {count} choices, the minimum must be between 0 and the maximum, and the maximum between 1 and {count}.',
  'onboarding.def.requiredMin':
    'A required multiple-choice question needs a minimum of at least 1.',
  'onboarding.effect.welcome': 'welcome a new member',
  'onboarding.effect.roles': 'grant the roles a member’s answers map to',
  'onboarding.effect.admit': 'admit a member who finished onboarding',
  'onboarding.effect.decision': 'tell a member a manager’s decision',
  'onboarding.effect.approval': 'post a completed questionnaire for approval',
  'onboarding.effect.stillRejected': 'tell a returning member that a rejection still stands',
  'notice.welcomeChannel':
    'Hearth could not post welcomes in {channel}: give it View Channel and Send Messages there. New members still get a direct message when theirs are open.',
  'notice.welcomeChannelMissing':
    'A new member joined but no welcome channel is set: members whose direct messages are closed cannot start onboarding. Set one with {/hearth setup}.',

  'cmd.profile.name': 'profile',
  'cmd.profile.description': 'See and edit your answers to the welcome questionnaire',
  'cmd.onboarding.description': 'Design the welcome questionnaire and review answers',
  'cmd.onboarding.template.name': 'template',
  'cmd.onboarding.template.description': 'Start from ready-made questions in the server’s language',
  'cmd.onboarding.add.name': 'add',
  'cmd.onboarding.add.description': 'Add a question',
  'cmd.onboarding.edit.name': 'edit',
  'cmd.onboarding.edit.description': 'Edit a question',
  'cmd.onboarding.remove.name': 'remove',
  'cmd.onboarding.remove.description': 'Stop asking a question (answers are kept)',
  'cmd.onboarding.move.name': 'move',
  'cmd.onboarding.move.description': 'Move a question to another position',
  'cmd.onboarding.list.name': 'list',
  'cmd.onboarding.list.description': 'Show the questions, their order and role mappings',
  'cmd.onboarding.map.name': 'map',
  'cmd.onboarding.map.description': 'Grant a role to members who pick a choice',
  'cmd.onboarding.unmap.name': 'unmap',
  'cmd.onboarding.unmap.description': 'Stop granting a role for a choice',
  'cmd.onboarding.settings.name': 'settings',
  'cmd.onboarding.settings.description':
    'Turn onboarding on or off and choose how members are admitted',
  'cmd.onboarding.preview.name': 'preview',
  'cmd.onboarding.preview.description': 'See the questionnaire exactly as a new member does',
  'cmd.onboarding.answers.name': 'answers',
  'cmd.onboarding.answers.description': 'See one member’s answers',
  'cmd.onboarding.pending.name': 'pending',
  'cmd.onboarding.pending.description': 'Members waiting for approval, with their answers',
  'onboarding.noPending': 'Nobody is waiting for approval.',
  'onboarding.pendingTitle':
    '{count, plural, one {# member is waiting for approval:} other {# members are waiting for approval:}}',
  'onboarding.pendingMore':
    '{count, plural, one {…and # more, shown once you decide on these.} other {…and # more, shown once you decide on these.}}',
  'cmd.onboarding.export.name': 'export',
  'cmd.onboarding.export.description': 'Download every member’s answers as a CSV file',
  'cmd.opt.replace.name': 'replace',
  'cmd.opt.replace.description': 'Replace the current questions',
  'cmd.opt.kind.description': 'What kind of answer the question asks for',
  'cmd.opt.required.name': 'required',
  'cmd.opt.required.description': 'Must members answer it? (default: yes)',
  'cmd.opt.minChoices.name': 'min_choices',
  'cmd.opt.minChoices.description': 'Multiple choice: the fewest choices a member must pick',
  'cmd.opt.scale.name': 'scale',
  'cmd.opt.scale.description': 'Scale questions: 1 to 5, or 0 to 10',
  'cmd.opt.question.name': 'question',
  'cmd.opt.question.description': 'The question',
  'cmd.opt.choice.name': 'choice',
  'cmd.opt.choice.description': 'One of the question’s choices',
  'cmd.opt.role.name': 'role',
  'cmd.opt.role.description': 'The role',
  'cmd.opt.enabled.name': 'enabled',
  'cmd.opt.enabled.description': 'Ask new members the questionnaire',
  'cmd.opt.admission.name': 'admission',
  'cmd.opt.admission.description': 'Admit members automatically or after a manager approves',
  // Member caps and the waitlist
  'seats.waitlisted':
    'Thank you! {server} is full right now: you are number {position} on the waitlist. We will message you as soon as a seat opens.',
  'seats.approvedWaitlisted':
    'Good news: the managers of {server} approved you! The community is full right now, so you are number {position} on the waitlist. We will message you as soon as a seat opens.',
  // Members' data rights: what onboarding keeps about a member
  'onboarding.data.member':
    'Your onboarding record (when you joined, started and finished the questionnaire)',
  'onboarding.data.answers': 'Questionnaire answers',
  'onboarding.data.choices': 'Choices picked in those answers (they decide the roles Hearth gives)',
  'onboarding.data.drafts': 'Answers you typed that were not saved yet (drafts)',
  'onboarding.data.decisions': 'Members you approved or turned away as a manager',
  'onboarding.data.noteRejection':
    'A manager did not approve your answers. Until you may answer again, that decision stands after the erase: Hearth keeps a keyed fingerprint of you (not your id) and the hour of the decision, and deletes them when the wait is over.',
  'cmd.onboarding.name': 'onboarding',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'welcome.new':
    'Ti diamo il benvenuto in {server}, {member}! Questa è una piccola community con uno scopo e ci piacerebbe conoscerti un po’. {minutes, plural, one {Ci vuole circa un minuto} other {Ci vogliono circa # minuti}}.',
  'welcome.resume':
    'Eccoti di nuovo, {member}! Le tue risposte sono ancora qui: riprendi da dove avevi lasciato.',
  'welcome.returning': 'Che bello rivederti in {server}, {member}!',
  'welcome.dm.new':
    'Ti diamo il benvenuto in {server}! Questa è una piccola community con uno scopo e ci piacerebbe conoscerti un po’. {minutes, plural, one {Ci vuole circa un minuto} other {Ci vogliono circa # minuti}}.',
  'welcome.dm.resume':
    'Eccoti di nuovo in {server}! Le tue risposte sono ancora qui: riprendi da dove avevi lasciato.',
  'welcome.dm.returning': 'Che bello rivederti in {server}!',
  'welcome.start': 'Inizia',
  'welcome.continue': 'Continua',
  'onboarding.modalTitle': 'Su di te ({page}/{count})',
  'onboarding.modalTitleEdit': 'Modifica le risposte ({page}/{count})',
  'onboarding.pageSaved':
    'Pagina {page} di {count} salvata. Continua quando vuoi: puoi anche fermarti qui e tornare più tardi con {/profile}.',
  'onboarding.fixProblems':
    'Quasi fatto: alcune risposte vanno corrette. Tutto quello che hai scritto è stato conservato.',
  'onboarding.fixButton': 'Correggi le risposte',
  'onboarding.done': 'Grazie! Il tuo profilo è completo: ti diamo il benvenuto in {server}.',
  'onboarding.waiting':
    'Grazie! I manager di {server} leggeranno le tue risposte e ti faranno sapere presto.',
  'onboarding.alreadyDone':
    'Hai già completato l’accoglienza. Usa {/profile} per vedere o modificare le tue risposte.',
  'onboarding.awaitingApproval':
    'Le tue risposte sono in mano ai manager. Riceverai presto una risposta.',
  'onboarding.screening': 'Prima accetta le regole del server, poi inizia.',
  'onboarding.notNewMember': 'Non c’è nessun questionario che ti aspetta in questo server.',
  'onboarding.notCompleted': 'Completa prima il questionario; poi potrai modificare le risposte.',
  'onboarding.noQuestions': 'Il questionario non ha ancora domande.',
  'onboarding.skipped': '(nessuna risposta)',
  'onboarding.retired': '(non più richiesta)',
  'onboarding.approvedDm':
    'Buone notizie: la tua richiesta di entrare in {server} è stata accolta. Ti diamo il benvenuto!',
  'onboarding.approvedPublic': '{member}, la tua richiesta è stata accolta: ti diamo il benvenuto!',
  'onboarding.rejectedDm':
    'Grazie per l’interesse verso {server}. Per ora i manager hanno deciso di non ammetterti.',
  'onboarding.answer.required': '“{question}” richiede una risposta.',
  'onboarding.answer.invalid':
    'La risposta a “{question}” non è tra le opzioni. Scegli di nuovo dall’elenco.',
  'onboarding.answer.tooLong':
    'La risposta a “{question}” è di {length} caratteri; il limite è {max}.',
  'onboarding.answer.pickOne': 'Scegli esattamente un’opzione per “{question}”.',
  'onboarding.answer.pickRange': 'Scegli da {min} a {max} opzioni per “{question}”.',
  'profile.title': 'Il tuo profilo in {server}',
  'profile.none':
    'Non hai un profilo in questo server: nasce dal questionario di benvenuto a cui rispondono i nuovi membri.',
  'profile.edit': 'Modifica le risposte',
  'profile.updated': 'Il tuo profilo è aggiornato e i tuoi ruoli seguono le nuove risposte.',
  'profile.status.screening': 'In attesa che tu accetti le regole del server.',
  'profile.status.welcomed': 'Non ancora iniziato.',
  'profile.status.in_progress': 'In corso: continua quando vuoi.',
  'profile.status.pending_approval': 'Completo, in attesa dei manager.',
  'profile.status.completed': 'Completo.',
  'profile.status.rejected': 'Richiesta non accolta. Puoi rispondere di nuovo.',

  'onboarding.kind.short': 'Testo breve',
  'onboarding.kind.paragraph': 'Paragrafo',
  'onboarding.kind.single': 'Scelta singola',
  'onboarding.kind.multi': 'Scelta multipla',
  'onboarding.kind.scale': 'Scala',
  'onboarding.required': 'obbligatoria',
  'onboarding.optional': 'facoltativa',
  'onboarding.on': 'attiva',
  'onboarding.off': 'disattivata',
  'onboarding.admission.auto': 'Automatica',
  'onboarding.admission.approval': 'Approvazione dei manager',
  'onboarding.listHeader':
    '**Accoglienza: {state}** · ammissione: {admission} · {count, plural, one {# domanda} other {# domande}} su {pages, plural, one {# pagina} other {# pagine}}',
  'onboarding.listEmpty':
    'Ancora nessuna domanda: inizia con {/onboarding template} o {/onboarding add}.',
  'onboarding.templateApplied':
    '{count, plural, one {Aggiunta # domanda iniziale: adattala} other {Aggiunte # domande iniziali: adattale}} alla tua community, poi attiva l’accoglienza: {/onboarding settings} con `{/onboarding settings enabled}: True`.',
  'onboarding.templateExists':
    'Il questionario ha già {count, plural, one {# domanda} other {# domande}}. Usa di nuovo {/onboarding template} con `{/onboarding template replace}: True` per sostituirle.',
  'onboarding.added': 'Aggiunta la domanda {position}.',
  'onboarding.edited':
    'Domanda {position} aggiornata. Chi ha già risposto conserva la versione che ha visto.',
  'onboarding.removed':
    'Rimossa “{question}”. Le risposte già date restano nei profili e nelle esportazioni.',
  'onboarding.mapped': 'Chi sceglie “{choice}” riceverà {role}.',
  'onboarding.unmapped': '“{choice}” non assegna più {role}.',
  'onboarding.mappedRole': 'ruolo collegato',
  'onboarding.mapWarning': 'Salvato, ma Hearth non può ancora assegnare questo ruolo:',
  'onboarding.needWelcomeChannel':
    'Imposta un canale di benvenuto con {/hearth setup}, così i nuovi membri vedono il pulsante Inizia anche se hanno i messaggi diretti chiusi.',
  'onboarding.needLogChannel':
    'Imposta un canale log dei manager con {/hearth setup}: è lì che le risposte attendono la tua approvazione.',
  'onboarding.questionUnknown':
    'Questa domanda non esiste in questo server. Scegline una dai suggerimenti.',
  'onboarding.choiceUnknown':
    'Questa scelta non appartiene alla domanda. Scegline una dai suggerimenti.',
  'onboarding.tooManyQuestions': 'Un questionario può avere al massimo {max} domande.',
  'onboarding.previewTitle': 'Anteprima ({page}/{count})',
  'onboarding.previewChecked':
    'Anteprima della pagina {page} di {count}: è esattamente ciò che vedono i membri. Non è stato salvato nulla.',
  'onboarding.answersTitle': 'Risposte di accoglienza',
  'onboarding.noAnswers': '{member} non ha ancora risposto al questionario.',
  'onboarding.exported':
    '{count, plural, one {Risposte di # membro.} other {Risposte di # membri.}}',
  'onboarding.csv.member': 'ID membro',
  'onboarding.csv.status': 'Stato',
  'onboarding.csv.joined': 'Ingresso',
  'onboarding.csv.completed': 'Completamento',
  'onboarding.reviewTitle': 'Nuova richiesta di ingresso da approvare',
  'onboarding.approve': 'Approva',
  'onboarding.reject': 'Rifiuta',
  'onboarding.approvedBy': 'Approvata da {manager}',
  'onboarding.rejectedBy': 'Rifiutata da {manager}',
  'onboarding.rejectedCooldown':
    'L’ultima volta un manager non ha approvato le tue risposte. Potrai rispondere di nuovo {at}.',
  'onboarding.stillRejectedDm':
    'Eccoti di nuovo su {server}. Un manager non ha approvato le tue risposte precedenti e la decisione resta valida anche se esci e rientri nel server. Potrai rispondere di nuovo {at} con {/profile}.',
  'onboarding.approvedButLeft':
    '{member} aveva già lasciato il server, quindi non ha occupato nessun posto. L’approvazione resta valida: se torna, in quel momento riceverà un posto o entrerà in lista d’attesa.',
  'onboarding.alreadyDecided': '{manager} ha già deciso su questo membro.',
  'onboarding.notAwaiting': 'Questo membro non è in attesa di approvazione.',
  'onboarding.editor.titleAdd': 'Nuova domanda',
  'onboarding.editor.titleEdit': 'Modifica domanda',
  'onboarding.editor.label': 'Domanda (fino a 45 caratteri)',
  'onboarding.editor.description': 'Testo di aiuto (facoltativo)',
  'onboarding.editor.choices': 'Scelte, una per riga (da 2 a 25)',
  'onboarding.editor.low': 'Etichetta del valore più basso (facoltativa)',
  'onboarding.editor.high': 'Etichetta del valore più alto (facoltativa)',
  'onboarding.def.kind': 'Hearth non conosce questo tipo di domanda.',
  'onboarding.def.kindChange':
    'Una domanda non può cambiare tipo: rimuovila e aggiungine una nuova.',
  'onboarding.def.labelEmpty': 'La domanda deve avere un testo.',
  'onboarding.def.labelLong':
    'La domanda è di {length} caratteri; Discord ne mostra al massimo {max}. Sposta i dettagli nel testo di aiuto.',
  'onboarding.def.descriptionLong': 'Il testo di aiuto può avere al massimo {max} caratteri.',
  'onboarding.def.scaleLabelLong':
    'Le etichette della scala possono avere al massimo {max} caratteri.',
  'onboarding.def.choicesDuplicate': 'Due scelte hanno lo stesso testo.',
  'onboarding.def.choicesFew': 'Una domanda a scelta richiede almeno 2 scelte, una per riga.',
  'onboarding.def.choicesMany': 'Sono {count} scelte; Discord ne mostra al massimo {max}.',
  'onboarding.def.choiceLong': 'La scelta “{choice}…” supera i {max} caratteri.',
  'onboarding.def.minMax':
    'Controlla minimo e massimo: con {count} scelte, il minimo va da 0 al massimo, e il massimo da 1 a {count}.',
  'onboarding.def.requiredMin':
    'Una domanda a scelta multipla obbligatoria richiede un minimo di almeno 1.',
  'onboarding.effect.welcome': 'dare il benvenuto a un nuovo membro',
  'onboarding.effect.roles': 'assegnare i ruoli legati alle risposte di un membro',
  'onboarding.effect.admit': 'ammettere chi ha completato l’accoglienza',
  'onboarding.effect.decision': 'comunicare a un membro la decisione di un manager',
  'onboarding.effect.approval': 'pubblicare un questionario completato da approvare',
  'onboarding.effect.stillRejected':
    'comunicare a chi rientra nel server che un rifiuto resta valido',
  'notice.welcomeChannel':
    'Hearth non riesce a pubblicare i benvenuti in {channel}: dagli i permessi Visualizza canale e Invia messaggi lì. I nuovi membri ricevono comunque un messaggio diretto, se li hanno aperti.',
  'notice.welcomeChannelMissing':
    'È arrivata una nuova persona ma non c’è un canale di benvenuto: chi ha i messaggi diretti chiusi non può iniziare l’accoglienza. Impostalo con {/hearth setup}.',

  'cmd.profile.name': 'profilo',
  'cmd.profile.description': 'Vedi e modifica le tue risposte al questionario di benvenuto',
  'cmd.onboarding.description': 'Progetta il questionario di benvenuto e rivedi le risposte',
  'cmd.onboarding.template.name': 'modello',
  'cmd.onboarding.template.description': 'Parti da domande pronte nella lingua del server',
  'cmd.onboarding.add.name': 'aggiungi',
  'cmd.onboarding.add.description': 'Aggiungi una domanda',
  'cmd.onboarding.edit.name': 'modifica',
  'cmd.onboarding.edit.description': 'Modifica una domanda',
  'cmd.onboarding.remove.name': 'rimuovi',
  'cmd.onboarding.remove.description': 'Smetti di fare una domanda (le risposte restano)',
  'cmd.onboarding.move.name': 'sposta',
  'cmd.onboarding.move.description': 'Sposta una domanda in un’altra posizione',
  'cmd.onboarding.list.name': 'elenco',
  'cmd.onboarding.list.description': 'Mostra le domande, il loro ordine e i ruoli collegati',
  'cmd.onboarding.map.name': 'collega',
  'cmd.onboarding.map.description': 'Assegna un ruolo a chi sceglie un’opzione',
  'cmd.onboarding.unmap.name': 'scollega',
  'cmd.onboarding.unmap.description': 'Smetti di assegnare un ruolo per un’opzione',
  'cmd.onboarding.settings.name': 'impostazioni',
  'cmd.onboarding.settings.description':
    'Attiva o disattiva l’accoglienza e scegli come ammettere i membri',
  'cmd.onboarding.preview.name': 'anteprima',
  'cmd.onboarding.preview.description': 'Vedi il questionario esattamente come un nuovo membro',
  'cmd.onboarding.answers.name': 'risposte',
  'cmd.onboarding.answers.description': 'Vedi le risposte di un membro',
  'cmd.onboarding.pending.name': 'in_attesa',
  'cmd.onboarding.pending.description': 'Chi aspetta un’approvazione, con le sue risposte',
  'onboarding.noPending': 'Nessuno è in attesa di approvazione.',
  'onboarding.pendingTitle':
    '{count, plural, one {# persona è in attesa di approvazione:} other {# persone sono in attesa di approvazione:}}',
  'onboarding.pendingMore':
    '{count, plural, one {e un’altra, che vedrai dopo aver deciso su queste.} other {e altre #, che vedrai dopo aver deciso su queste.}}',
  'cmd.onboarding.export.name': 'esporta',
  'cmd.onboarding.export.description': 'Scarica le risposte di tutti i membri in un file CSV',
  'cmd.opt.replace.name': 'sostituisci',
  'cmd.opt.replace.description': 'Sostituisci le domande attuali',
  'cmd.opt.kind.description': 'Che tipo di risposta chiede la domanda',
  'cmd.opt.required.name': 'obbligatoria',
  'cmd.opt.required.description': 'I membri devono rispondere? (predefinito: sì)',
  'cmd.opt.minChoices.name': 'scelte_minime',
  'cmd.opt.minChoices.description': 'Scelta multipla: il numero minimo di opzioni da scegliere',
  'cmd.opt.scale.name': 'scala',
  'cmd.opt.scale.description': 'Domande a scala: da 1 a 5, o da 0 a 10',
  'cmd.opt.question.name': 'domanda',
  'cmd.opt.question.description': 'La domanda',
  'cmd.opt.choice.name': 'scelta',
  'cmd.opt.choice.description': 'Una delle scelte della domanda',
  'cmd.opt.role.name': 'ruolo',
  'cmd.opt.role.description': 'Il ruolo',
  'cmd.opt.enabled.name': 'attiva',
  'cmd.opt.enabled.description': 'Proponi il questionario ai nuovi membri',
  'cmd.opt.admission.name': 'ammissione',
  'cmd.opt.admission.description': 'Ammetti i membri subito o dopo l’approvazione di un manager',
  'seats.waitlisted':
    'Grazie! {server} al momento è al completo: sei il numero {position} in lista d’attesa. Ti scriveremo appena si libera un posto.',
  'seats.approvedWaitlisted':
    'Buone notizie: i manager di {server} ti hanno approvato! La community al momento è al completo, quindi sei il numero {position} in lista d’attesa. Ti scriveremo appena si libera un posto.',
  'onboarding.data.member':
    'La tua scheda di accoglienza (data di ingresso, inizio e completamento del questionario)',
  'onboarding.data.answers': 'Risposte al questionario',
  'onboarding.data.choices':
    'Opzioni scelte in quelle risposte (decidono i ruoli che Hearth assegna)',
  'onboarding.data.drafts': 'Risposte scritte ma non ancora salvate (bozze)',
  'onboarding.data.decisions': 'Persone che hai approvato o respinto come manager',
  'onboarding.data.noteRejection':
    'Chi gestisce il server non ha approvato le tue risposte. Finché non potrai rispondere di nuovo, quella decisione resta valida anche dopo la cancellazione: Hearth conserva un’impronta cifrata con chiave (non il tuo ID) e l’ora della decisione, e le cancella quando l’attesa è finita.',
  'cmd.onboarding.name': 'accoglienza',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('onboarding', en, it);

export * from '../../core/i18n.js';
