/**
 * Messages of members' data rights: /privacy show, export, erase, hide and policy, and the export
 * file. `it` must have the same keys as `en` (the typecheck enforces it) and the same
 * `{placeholders}` (test/unit/i18n.test.ts). Importing this module registers them.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // /privacy show
  'privacy.showTitle': '**What Hearth stores about you in {server}**',
  'privacy.showLine': '• {label}: {count}',
  'privacy.showNothing': 'Hearth stores nothing about you in {server}.',
  'privacy.neverStored':
    '**Never stored:** the text of your messages (only who wrote where and when, and a word count when the server measures depth); which anonymous vote is yours (anonymous votes are kept under a one-way code that Hearth’s database cannot link to you); anything from other servers.',
  'privacy.showFooter':
    '{/privacy export} gives you all of it as a file, {/privacy erase} erases it, and {/privacy policy} says why Hearth keeps it and for how long.',

  // /privacy export
  'privacy.exportReady':
    'Here is everything Hearth stores about you in {server}: {rows} rows, as JSON and as readable text. Your anonymous votes are not in it, because nothing links them to you.',
  'privacy.exportEmpty':
    'Hearth stores nothing about you in {server}, so there is nothing to export.',
  'privacy.exportLimited': 'You can export your data once an hour. Try again {when}.',
  'privacy.exportTooLarge':
    'Your export is larger than Discord lets Hearth send ({size} MB). Ask the people who run this Hearth to export it for you with `npm run privacy -- export`.',
  'privacy.file.title': 'What Hearth stores about you in {server}',
  'privacy.file.generated': 'Generated {when} for member {user}.',
  'privacy.file.anonymous':
    'Not included: your anonymous poll votes. They are stored under a one-way code of you and the poll, made with a key that is not in the database, so nothing links them to you and no export can find them. They still count in the results.',
  'privacy.file.text':
    'Not included, because Hearth never stores it: the text of your messages. Hearth keeps who wrote where and when, and a word count when the server measures depth.',
  'privacy.file.omitted': 'Left out of these rows, because it is about someone else: {fields}',
  'privacy.file.rows': '{count} rows',

  // /privacy erase
  'privacy.eraseTitle': '**Erasing what Hearth stores about you in {server}**',
  'privacy.eraseDelete': '• {label}: {count}, deleted',
  'privacy.erasePseudonymize':
    '• {label}: {count}, kept without your name (a random stand-in replaces you, so the community’s figures stay right)',
  'privacy.eraseClear': '• {label}: {count}, your name taken off',
  'privacy.eraseNotes': '**What it means for you**',
  'privacy.eraseStays': '**What stays, and why**',
  'privacy.stayAnonymous':
    '• Your anonymous poll votes keep counting: nothing links them to you, so Hearth cannot find them, and the results stay true.',
  'privacy.stayFigures':
    '• The community’s totals (activity per day, joins, results of closed polls) keep counting, without your name.',
  'privacy.stayRoles':
    '• Your roles stay: they are part of your Discord account in this server, not data Hearth keeps. Run {/privacy erase} with **{/privacy erase roles}: remove them too** to have Hearth take away the roles it gave you.',
  'privacy.dropRoles': '• Hearth will also remove the roles it gave you: {roles}.',
  'privacy.stayDiscord':
    '• Your messages stay on Discord: they are Discord’s, and Hearth never stored their text.',
  'privacy.eraseNothing': 'Hearth stores nothing about you in {server}: there is nothing to erase.',
  'privacy.eraseConfirmHint':
    'This cannot be undone. Press the button, then type **{word}** to confirm.',
  'privacy.eraseButton': 'Erase my data…',
  'privacy.modalTitle': 'Erase your data in this server',
  'privacy.modalLabel': 'Type {word} to confirm',
  'privacy.confirmWord': 'ERASE',
  'privacy.wrongWord':
    'You did not type {word}, so nothing was erased. Run {/privacy erase} again when you are sure.',
  'privacy.notYours':
    'This button was made for someone else, so nothing was erased. Run {/privacy erase} to erase your own data.',
  'privacy.erased':
    'Done: Hearth erased what it stored about you in {server} ({rows} rows deleted or made anonymous). If you stay, Hearth starts afresh from now, as for anyone new.',
  'privacy.erasedKept': 'Still kept: {reason}',
  'privacy.rolesDropped': 'Hearth removed the roles it gave you.',
  'privacy.rolesFailed':
    'Hearth could not remove these roles: {roles}. A manager can take them away; your data is erased all the same.',
  'privacy.roles.keep': 'keep my roles',
  'privacy.roles.drop': 'remove them too',

  // /privacy hide
  'privacy.youAreHidden':
    'Done: Hearth will not show you by name in its insights. Your activity counts in the totals only once at least {min} members have asked the same, so it can never be told apart from theirs.',
  'privacy.youAreShown': 'Done: managers can see your activity again when they prepare a check-in.',

  // /privacy policy
  'privacy.policyTitle': 'How Hearth handles your data in {server}',
  'privacy.policy.what':
    '**What:** the answers you give to the welcome questionnaire; your seat or place on the waitlist; who wrote where and when (never the text), folded into daily totals; replies in prompt threads (who and when); your votes and written answers in polls that are not anonymous; prompts you suggest; when you joined and left.',
  'privacy.policy.why':
    '**Why:** to welcome you and give you the roles your answers ask for, to keep a fair waitlist, and to show the community’s managers how the community is doing ({/insights}). Nothing is sold or shared, and nothing leaves this Hearth.',
  'privacy.policy.who':
    '**Who sees it:** this server’s managers see your answers, your activity (unless you run {/privacy hide}) and your named votes; the people who run this Hearth can read its database. Other servers see nothing.',
  'privacy.policy.howLong':
    '**How long:** message records {insightsDays} days, then only daily totals; after you leave the server, everything about you {memberRetention}; if the server removes Hearth, all its data {guildDays} days later.',
  'privacy.policy.memberRetentionDays': 'is erased {days} days later',
  'privacy.policy.memberRetentionNow': 'is erased as you leave',
  'privacy.policy.rights':
    '**Your rights:** {/privacy show} (what Hearth stores about you), {/privacy export} (all of it as a file), {/privacy erase} (erase it), {/privacy hide} (not be named in insights).',
  'privacy.policy.contact': '**Requests outside Discord:** {contact}',
  'privacy.policy.contactManagers':
    '**Requests outside Discord:** ask this server’s managers; they can reach the people who run this Hearth.',
  'privacy.policy.link': '**Full privacy policy:** {url}',

  // Data kept by this feature
  'privacy.data.departure': 'When you left the server (kept until your data is erased)',

  'cmd.privacy.name': 'privacy',
  'cmd.privacy.description':
    'See, export or erase what Hearth stores about you, and choose how insights show you',
  'cmd.privacy.show.name': 'show',
  'cmd.privacy.show.description': 'What Hearth stores about you in this server',
  'cmd.privacy.export.name': 'export',
  'cmd.privacy.export.description':
    'A file with every row Hearth stores about you in this server (once an hour)',
  'cmd.privacy.erase.name': 'erase',
  'cmd.privacy.erase.description':
    'Erase what Hearth stores about you in this server (you confirm first)',
  'cmd.privacy.hide.name': 'hide',
  'cmd.privacy.hide.description': 'Choose whether Hearth’s insights may show you by name',
  'cmd.privacy.policy.name': 'policy',
  'cmd.privacy.policy.description':
    'How Hearth handles your data: what, why, who sees it and for how long',
  'cmd.opt.on.name': 'on',
  'cmd.opt.on.description':
    'True: hide me from name-level insights (and from totals, until enough others ask)',
  'cmd.opt.roles.name': 'roles',
  'cmd.opt.roles.description': 'Keep the roles Hearth gave you (the default), or remove them too',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'privacy.showTitle': '**Cosa conserva Hearth su di te in {server}**',
  'privacy.showLine': '• {label}: {count}',
  'privacy.showNothing': 'Hearth non conserva nulla su di te in {server}.',
  'privacy.neverStored':
    '**Mai conservato:** il testo dei tuoi messaggi (solo chi ha scritto dove e quando, e il numero di parole se il server misura la profondità); quale voto anonimo è tuo (i voti anonimi sono conservati con un codice a senso unico che il database di Hearth non può ricondurre a te); niente che venga da altri server.',
  'privacy.showFooter':
    '{/privacy export} ti dà tutto in un file, {/privacy erase} lo cancella e {/privacy policy} spiega perché Hearth lo conserva e per quanto tempo.',

  'privacy.exportReady':
    'Ecco tutto ciò che Hearth conserva su di te in {server}: {rows} righe, in JSON e in testo leggibile. I tuoi voti anonimi non ci sono, perché niente li collega a te.',
  'privacy.exportEmpty':
    'Hearth non conserva nulla su di te in {server}, quindi non c’è niente da esportare.',
  'privacy.exportLimited': 'Puoi esportare i tuoi dati una volta all’ora. Riprova {when}.',
  'privacy.exportTooLarge':
    'L’esportazione supera la dimensione che Discord permette a Hearth di inviare ({size} MB). Chiedi a chi gestisce questo Hearth di esportarla per te con `npm run privacy -- export`.',
  'privacy.file.title': 'Cosa conserva Hearth su di te in {server}',
  'privacy.file.generated': 'Generato il {when} per il membro {user}.',
  'privacy.file.anonymous':
    'Non inclusi: i tuoi voti anonimi. Sono conservati con un codice a senso unico tuo e del sondaggio, creato con una chiave che non sta nel database: niente li collega a te e nessuna esportazione può trovarli. Continuano a contare nei risultati.',
  'privacy.file.text':
    'Non incluso, perché Hearth non lo conserva mai: il testo dei tuoi messaggi. Hearth registra chi ha scritto dove e quando, e il numero di parole se il server misura la profondità.',
  'privacy.file.omitted': 'Escluso da queste righe, perché riguarda qualcun altro: {fields}',
  'privacy.file.rows': '{count} righe',

  'privacy.eraseTitle': '**Cancellazione di ciò che Hearth conserva su di te in {server}**',
  'privacy.eraseDelete': '• {label}: {count}, cancellati',
  'privacy.erasePseudonymize':
    '• {label}: {count}, conservati senza il tuo nome (un identificativo casuale prende il tuo posto, così i numeri della community restano giusti)',
  'privacy.eraseClear': '• {label}: {count}, senza più il tuo nome',
  'privacy.eraseNotes': '**Cosa significa per te**',
  'privacy.eraseStays': '**Cosa resta, e perché**',
  'privacy.stayAnonymous':
    '• I tuoi voti anonimi continuano a contare: niente li collega a te, quindi Hearth non può trovarli, e i risultati restano veri.',
  'privacy.stayFigures':
    '• I totali della community (attività giornaliera, ingressi, risultati dei sondaggi chiusi) continuano a contare, senza il tuo nome.',
  'privacy.stayRoles':
    '• I tuoi ruoli restano: fanno parte del tuo account Discord in questo server, non sono dati di Hearth. Esegui {/privacy erase} con **{/privacy erase roles}: toglili anche** perché Hearth tolga i ruoli che ti ha dato.',
  'privacy.dropRoles': '• Hearth toglierà anche i ruoli che ti ha dato: {roles}.',
  'privacy.stayDiscord':
    '• I tuoi messaggi restano su Discord: sono di Discord, e Hearth non ne ha mai conservato il testo.',
  'privacy.eraseNothing':
    'Hearth non conserva nulla su di te in {server}: non c’è niente da cancellare.',
  'privacy.eraseConfirmHint':
    'Non si può annullare. Premi il pulsante, poi scrivi **{word}** per confermare.',
  'privacy.eraseButton': 'Cancella i miei dati…',
  'privacy.modalTitle': 'Cancella i tuoi dati in questo server',
  'privacy.modalLabel': 'Scrivi {word} per confermare',
  'privacy.confirmWord': 'CANCELLA',
  'privacy.wrongWord':
    'Non hai scritto {word}, quindi non è stato cancellato nulla. Esegui di nuovo {/privacy erase} quando ne hai la certezza.',
  'privacy.notYours':
    'Questo pulsante era per un’altra persona, quindi non è stato cancellato nulla. Esegui {/privacy erase} per cancellare i tuoi dati.',
  'privacy.erased':
    'Fatto: Hearth ha cancellato ciò che conservava su di te in {server} ({rows} righe cancellate o rese anonime). Se resti, Hearth riparte da zero da adesso, come per chiunque arrivi.',
  'privacy.erasedKept': 'Ancora conservato: {reason}',
  'privacy.rolesDropped': 'Hearth ha tolto i ruoli che ti aveva dato.',
  'privacy.rolesFailed':
    'Hearth non è riuscito a togliere questi ruoli: {roles}. Un manager può toglierli; i tuoi dati sono comunque cancellati.',
  'privacy.roles.keep': 'mantieni i miei ruoli',
  'privacy.roles.drop': 'toglili anche',

  'privacy.youAreHidden':
    'Fatto: Hearth non ti mostrerà per nome nelle sue statistiche. La tua attività conta nei totali solo quando almeno {min} persone hanno chiesto lo stesso, così non si può mai distinguere dalla loro.',
  'privacy.youAreShown':
    'Fatto: i manager possono di nuovo vedere la tua attività quando preparano un colloquio.',

  'privacy.policyTitle': 'Come Hearth tratta i tuoi dati in {server}',
  'privacy.policy.what':
    '**Cosa:** le risposte che dai al questionario di benvenuto; il tuo posto o la tua posizione in lista d’attesa; chi ha scritto dove e quando (mai il testo), raccolto in totali giornalieri; le risposte nei thread degli spunti (chi e quando); i tuoi voti e le risposte scritte nei sondaggi non anonimi; gli spunti che proponi; le date del tuo ingresso nel server e della tua uscita.',
  'privacy.policy.why':
    '**Perché:** per accoglierti e darti i ruoli che le tue risposte chiedono, per tenere una lista d’attesa equa e per mostrare ai manager come sta andando la community ({/insights}). Niente viene venduto o condiviso, e niente esce da questo Hearth.',
  'privacy.policy.who':
    '**Chi lo vede:** i manager di questo server vedono le tue risposte, la tua attività (a meno che tu non usi {/privacy hide}) e i tuoi voti con nome; chi gestisce questo Hearth può leggerne il database. Gli altri server non vedono nulla.',
  'privacy.policy.howLong':
    '**Per quanto:** i dati dei messaggi {insightsDays} giorni, poi solo i totali giornalieri; dopo che lasci il server, tutto ciò che ti riguarda {memberRetention}; se il server rimuove Hearth, tutti i suoi dati dopo {guildDays} giorni.',
  'privacy.policy.memberRetentionDays': 'viene cancellato dopo {days} giorni',
  'privacy.policy.memberRetentionNow': 'viene cancellato appena esci',
  'privacy.policy.rights':
    '**I tuoi diritti:** {/privacy show} (cosa conserva Hearth su di te), {/privacy export} (tutto in un file), {/privacy erase} (cancellarlo), {/privacy hide} (non comparire per nome nelle statistiche).',
  'privacy.policy.contact': '**Richieste fuori da Discord:** {contact}',
  'privacy.policy.contactManagers':
    '**Richieste fuori da Discord:** rivolgiti ai manager di questo server; possono contattare chi gestisce questo Hearth.',
  'privacy.policy.link': '**Informativa completa:** {url}',

  'privacy.data.departure':
    'Quando hai lasciato il server (conservato fino alla cancellazione dei tuoi dati)',

  'cmd.privacy.name': 'privacy',
  'cmd.privacy.description':
    'Vedi, esporta o cancella ciò che Hearth conserva su di te, e scegli come ti mostrano le statistiche',
  'cmd.privacy.show.name': 'mostra',
  'cmd.privacy.show.description': 'Cosa conserva Hearth su di te in questo server',
  'cmd.privacy.export.name': 'esporta',
  'cmd.privacy.export.description':
    'Un file con tutto ciò che Hearth conserva su di te in questo server (una volta all’ora)',
  'cmd.privacy.erase.name': 'cancella',
  'cmd.privacy.erase.description':
    'Cancella ciò che Hearth conserva su di te in questo server (prima chiede conferma)',
  'cmd.privacy.hide.name': 'nascondimi',
  'cmd.privacy.hide.description': 'Scegli se le statistiche di Hearth possono mostrarti per nome',
  'cmd.privacy.policy.name': 'informativa',
  'cmd.privacy.policy.description':
    'Come Hearth tratta i tuoi dati: cosa, perché, chi li vede e per quanto tempo',
  'cmd.opt.on.name': 'attiva',
  'cmd.opt.on.description':
    'Vero: nascondimi dalle statistiche per nome (e dai totali, finché altri non lo chiedono)',
  'cmd.opt.roles.name': 'ruoli',
  'cmd.opt.roles.description':
    'Mantieni i ruoli che Hearth ti ha dato (predefinito) o toglili anche',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('privacy', en, it);

export * from '../../core/i18n.js';
