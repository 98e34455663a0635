/**
 * Messages of segments: /segment, rules as managers read them, suggestions.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // The command
  'cmd.segment.name': 'segment',
  'cmd.segment.description': 'Groups of members by what they said and how they take part',
  'cmd.segment.create.name': 'create',
  'cmd.segment.create.description':
    'A new segment, by name; then add rules with the rule- commands',
  'cmd.segment.edit.name': 'edit',
  'cmd.segment.edit.description': 'Rename a segment, or change how its rules combine',
  'cmd.segment.remove.name': 'remove',
  'cmd.segment.remove.description': 'Delete a segment (members and their answers stay as they are)',
  'cmd.segment.list.name': 'list',
  'cmd.segment.list.description': 'Every segment with its member count and any problem',
  'cmd.segment.show.name': 'show',
  'cmd.segment.show.description': 'A segment’s rules, live member count and who is in it',
  'cmd.segment.ruleAnswer.name': 'rule-answer',
  'cmd.segment.ruleAnswer.description': 'Rule: picked a choice of an onboarding question',
  'cmd.segment.ruleScale.name': 'rule-scale',
  'cmd.segment.ruleScale.description': 'Rule: answered a scale question within a range',
  'cmd.segment.ruleAnswered.name': 'rule-answered',
  'cmd.segment.ruleAnswered.description': 'Rule: answered (or, with not, skipped) a question',
  'cmd.segment.ruleRole.name': 'rule-role',
  'cmd.segment.ruleRole.description': 'Rule: holds a role',
  'cmd.segment.ruleActive.name': 'rule-active',
  'cmd.segment.ruleActive.description':
    'Rule: wrote in the last N days (with not: inactive for N days)',
  'cmd.segment.ruleMessages.name': 'rule-messages',
  'cmd.segment.ruleMessages.description': 'Rule: wrote at least N messages (ever, or in N days)',
  'cmd.segment.ruleReplied.name': 'rule-replied',
  'cmd.segment.ruleReplied.description': 'Rule: replied to a weekly prompt (ever, or in N days)',
  'cmd.segment.ruleJoined.name': 'rule-joined',
  'cmd.segment.ruleJoined.description': 'Rule: joined in the last N days, or before that',
  'cmd.segment.ruleSeat.name': 'rule-seat',
  'cmd.segment.ruleSeat.description': 'Rule: holds a seat, is offered one, waits, or none',
  'cmd.segment.ruleRemove.name': 'rule-remove',
  'cmd.segment.ruleRemove.description': 'Take a rule out of a segment, by its number in show',
  'cmd.opt.segment.name': 'segment',
  'cmd.opt.segment.description': 'The segment',
  'cmd.opt.segmentName.name': 'name',
  'cmd.opt.segmentName.description': 'What managers call it, for example: Beginners who cook',
  'cmd.opt.segmentMatch.name': 'match',
  'cmd.opt.segmentMatch.description': 'Members must match all rules, or any of them (default: all)',
  'cmd.opt.segQuestion.name': 'question',
  'cmd.opt.segQuestion.description': 'The onboarding question',
  'cmd.opt.segChoice.name': 'choice',
  'cmd.opt.segChoice.description': 'The choice members picked',
  'cmd.opt.segRole.name': 'role',
  'cmd.opt.segRole.description': 'The role',
  'cmd.opt.segNot.name': 'not',
  'cmd.opt.segNot.description': 'Turn the rule around: members who do not match it',
  'cmd.opt.segGroup.name': 'group',
  'cmd.opt.segGroup.description':
    'Put the rule in a group that combines the other way (all ↔ any); a new number starts one',
  'cmd.opt.segDays.name': 'days',
  'cmd.opt.segDays.description': 'How many days back, today included',
  'cmd.opt.segDaysOptional.description': 'Only the last N days, today included (default: ever)',
  'cmd.opt.segAtLeast.name': 'at_least',
  'cmd.opt.segAtLeast.description': 'The lowest value that counts',
  'cmd.opt.segAtMost.name': 'at_most',
  'cmd.opt.segAtMost.description': 'The highest value that counts',
  'cmd.opt.segBefore.name': 'before',
  'cmd.opt.segBefore.description': 'Joined more than N days ago instead of within N days',
  'cmd.opt.segState.name': 'state',
  'cmd.opt.segState.description': 'The seat state',
  'cmd.opt.segRule.name': 'rule',
  'cmd.opt.segRule.description': 'The rule’s number, as shown with the segment’s rules',

  'segments.match.all': 'All rules',
  'segments.match.any': 'Any rule',
  'segments.seat.admitted': 'Holds a seat',
  'segments.seat.invited': 'Offered a seat',
  'segments.seat.waiting': 'On the waitlist',
  'segments.seat.none': 'No seat and not waiting',

  // Errors
  'segments.unknown': 'That segment does not exist in this server. Pick one from the list.',
  'segments.nameLength': 'A segment’s name has 1 to {max} characters.',
  'segments.nameTaken': 'There is already a segment called “{name}”. Pick another name.',
  'segments.tooMany': 'A server can keep up to {max} segments. Remove one first.',
  'segments.tooManyRules': 'A segment can have up to {max} rules.',
  'segments.unknownQuestion':
    'That is not a question of your questionnaire. Pick one from the suggestions.',
  'segments.notChoice': 'That question has no choices: use `rule-scale` or `rule-answered`.',
  'segments.unknownChoice': 'That is not one of the question’s choices. Pick one from the list.',
  'segments.notScale': 'That question is not a scale: use `rule-answer` or `rule-answered`.',
  'segments.scaleRange': '`at_least` must not be above `at_most`.',
  'segments.scaleNeedsBound': 'Give `at_least`, `at_most` or both.',
  'segments.noSuchGroup': 'There is no group with that number: use {next} to start a new one.',
  'segments.noSuchRule': 'This segment has {count} rules: pick a number between 1 and {count}.',

  // Replies
  'segments.created':
    'Segment **{name}** created. Add rules with {/segment rule-answer}, {/segment rule-active} and the other `rule-` subcommands.',
  'segments.removed': 'Segment **{name}** removed.',
  'segments.listTitle': '**Segments** ({count})',
  'segments.listEmpty':
    'No segments yet. Create one with {/segment create}, or see suggestions with {/segment suggest}.',
  'segments.listLine': '**{name}** · {count} members · {rules} rules',
  'segments.listFlagged': '⚠️ {count} rules refer to questions or choices that no longer exist',
  'segments.showTitle': '**{name}**: {count} members',
  'segments.matchAll': 'Members who match **all** of these rules:',
  'segments.matchAny': 'Members who match **any** of these rules:',
  'segments.noRules': 'No rules yet: everyone in the server is in it.',
  'segments.groupAll': 'Group {group}, all of:',
  'segments.groupAny': 'Group {group}, any of:',
  'segments.previewTitle': '**Who is in it**',
  'segments.previewEmpty': 'Nobody matches these rules right now.',
  'segments.previewMore': '… and {count} more',
  'segments.previewHidden':
    '{count} of them asked not to be shown by name ({/privacy hide}); they are counted, not named.',
  'segments.previewHiddenLeftOut':
    'Members who asked not to be named ({/privacy hide}) are left out of this count and list: its rules read activity, which they asked to keep out of Hearth’s figures.',
  'segments.computed': 'Counted {at}.',
  'segments.problemQuestion':
    '⚠️ Rule {rule} refers to a question that was removed from the questionnaire: it only matches answers given before, and nobody new. Remove the rule or replace it.',
  'segments.problemChoice':
    '⚠️ Rule {rule} refers to a choice that the question no longer offers: it only matches members who picked it before. Remove the rule or replace it.',
  'segments.problemChanged':
    '⚠️ Rule {rule} no longer fits its question (the question changed kind). Remove the rule or replace it.',
  'segments.problemRole': '⚠️ Rule {rule} refers to a role that was deleted: it matches nobody.',

  // Rules as managers read them
  'segments.rule.choice': '“{question}” includes **{choice}**',
  'segments.rule.notChoice': '“{question}” does not include **{choice}**',
  'segments.rule.scale': '“{question}” between **{min}** and **{max}**',
  'segments.rule.notScale': '“{question}” not between **{min}** and **{max}**',
  'segments.rule.answered': 'answered “{question}”',
  'segments.rule.notAnswered': 'did not answer “{question}”',
  'segments.rule.role': 'has {role}',
  'segments.rule.notRole': 'does not have {role}',
  'segments.rule.active': 'active in the last {days} days',
  'segments.rule.notActive': 'inactive for the last {days} days',
  'segments.rule.messages': 'at least {count} messages',
  'segments.rule.messagesDays': 'at least {count} messages in the last {days} days',
  'segments.rule.notMessages': 'fewer than {count} messages',
  'segments.rule.notMessagesDays': 'fewer than {count} messages in the last {days} days',
  'segments.rule.replied': 'replied to a prompt',
  'segments.rule.repliedDays': 'replied to a prompt in the last {days} days',
  'segments.rule.notReplied': 'never replied to a prompt',
  'segments.rule.notRepliedDays': 'no prompt reply in the last {days} days',
  'segments.rule.joinedWithin': 'joined in the last {days} days',
  'segments.rule.joinedBefore': 'joined more than {days} days ago',
  'segments.rule.seat': 'seat: {state}',
  'segments.rule.notSeat': 'seat: not “{state}”',
  'segments.rule.line': '`{number}.` {rule}',
  'segments.removedQuestion': 'removed question #{id}',
  'segments.removedChoice': 'removed choice',
  'segments.ruleAdded': 'Rule added to **{name}**.',
  'segments.ruleRemoved': 'Rule {number} removed from **{name}**.',
  'segments.edited': 'Segment **{name}** saved.',
  'segments.data.roster': 'That you are in the server, since when (for segments of members)',
  'segments.data.roles': 'The roles you hold (for segments of members)',
  'segments.data.members': 'The segments of members you are in now',
  'segments.data.roleGrants': 'The segment roles Hearth gave you (to take back only those)',
  'segments.data.created': 'Segments you created as a manager',
  'problem.segmentRules':
    'The segment “{segment}” has {count} rules that refer to removed questions, choices or roles: see {/segment show} and replace them.',
  'cmd.segment.suggest.name': 'suggest',
  'cmd.segment.suggest.description': 'Groups Hearth sees in members’ answers, to keep as segments',
  'segments.suggestTitle':
    '**Suggested segments**: groups of members who picked similar choices in onboarding.',
  'segments.suggestLine': '`{number}.` **{count} members**: {traits}',
  'segments.suggestNone':
    'No suggestions yet: at least 6 members need to have answered choice questions, and some group of them has to stand apart by its answers.',
  'segments.suggestHow':
    'How: members are grouped by how alike their picked choices are (Jaccard distance, average-linkage clustering), into the number of groups with the best silhouette score (2 to 8). Each group is described by the choices at least 60% of it picked, 30 points more often than everyone else. The same answers always give the same suggestions.',
  'segments.traitIs': '{question} = {choice}',
  'segments.traitIncludes': '{question} includes {choice}',
  'segments.suggestButton': 'Keep {number} as a segment',
  'segments.suggestionGone':
    'The answers changed since these suggestions were shown, so this one is gone. Run {/segment suggest} again.',
  // The linked role
  'cmd.segment.role.name': 'role',
  'cmd.segment.role.description':
    'Keep a role in step with a segment: members gain and lose it (leave role out to stop)',
  'cmd.opt.segLinkRole.name': 'role',
  'cmd.opt.segLinkRole.description': 'The role members of the segment get; leave out to stop',
  'segments.roleLinked':
    'Members of **{name}** now get {role}, and lose it when they leave the segment (only if Hearth gave it).',
  'segments.roleUnlinked':
    '**{name}** no longer keeps a role in step; Hearth took back the role from the members it gave it to.',
  'segments.roleLine': 'Role kept in step: {role}',
  'segments.roleWarning': 'Saved, but Hearth cannot grant this role yet:',
  'segments.linkedRole': 'role of segment {name}',
  'segments.effect.role': 'a segment’s role',
  'segments.notice.roleGrant':
    'Hearth could not grant or remove {role}, the role kept in step with a segment. Give the Hearth role Manage Roles and drag it above {role} (Server Settings > Roles); Hearth tries again at the next change of the segment.',
  'segments.suggestionCreated': 'Segment **{name}** created from the suggestion.',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'cmd.segment.name': 'segmento',
  'cmd.segment.description': 'Gruppi di membri in base a cosa hanno detto e a come partecipano',
  'cmd.segment.create.name': 'crea',
  'cmd.segment.create.description':
    'Un nuovo segmento, con un nome; poi aggiungi le regole con i comandi regola-',
  'cmd.segment.edit.name': 'modifica',
  'cmd.segment.edit.description': 'Rinomina un segmento o cambia come si combinano le sue regole',
  'cmd.segment.remove.name': 'elimina',
  'cmd.segment.remove.description':
    'Elimina un segmento (i membri e le loro risposte restano come sono)',
  'cmd.segment.list.name': 'elenco',
  'cmd.segment.list.description': 'Tutti i segmenti con il numero di membri ed eventuali problemi',
  'cmd.segment.show.name': 'mostra',
  'cmd.segment.show.description':
    'Le regole di un segmento, quanti membri ha ora e chi ne fa parte',
  'cmd.segment.ruleAnswer.name': 'regola-risposta',
  'cmd.segment.ruleAnswer.description': 'Regola: ha scelto un’opzione di una domanda d’accoglienza',
  'cmd.segment.ruleScale.name': 'regola-scala',
  'cmd.segment.ruleScale.description':
    'Regola: ha risposto a una domanda a scala entro un intervallo',
  'cmd.segment.ruleAnswered.name': 'regola-risposto',
  'cmd.segment.ruleAnswered.description':
    'Regola: ha risposto (o, con non, ha saltato) una domanda',
  'cmd.segment.ruleRole.name': 'regola-ruolo',
  'cmd.segment.ruleRole.description': 'Regola: ha un ruolo',
  'cmd.segment.ruleActive.name': 'regola-attività',
  'cmd.segment.ruleActive.description':
    'Regola: ha scritto negli ultimi N giorni (con non: inattivo da N giorni)',
  'cmd.segment.ruleMessages.name': 'regola-messaggi',
  'cmd.segment.ruleMessages.description':
    'Regola: ha scritto almeno N messaggi (da sempre o in N giorni)',
  'cmd.segment.ruleReplied.name': 'regola-spunti',
  'cmd.segment.ruleReplied.description':
    'Regola: ha risposto a uno spunto settimanale (da sempre o in N giorni)',
  'cmd.segment.ruleJoined.name': 'regola-ingresso',
  'cmd.segment.ruleJoined.description': 'Regola: ingresso negli ultimi N giorni, o prima',
  'cmd.segment.ruleSeat.name': 'regola-posto',
  'cmd.segment.ruleSeat.description':
    'Regola: ha un posto, gliene è offerto uno, è in attesa, o nulla',
  'cmd.segment.ruleRemove.name': 'regola-togli',
  'cmd.segment.ruleRemove.description':
    'Togli una regola da un segmento, con il suo numero in mostra',
  'cmd.opt.segment.name': 'segmento',
  'cmd.opt.segment.description': 'Il segmento',
  'cmd.opt.segmentName.name': 'nome',
  'cmd.opt.segmentName.description':
    'Come lo chiamano i manager, per esempio: Principianti in cucina',
  'cmd.opt.segmentMatch.name': 'combina',
  'cmd.opt.segmentMatch.description':
    'I membri devono soddisfare tutte le regole o almeno una (predefinito: tutte)',
  'cmd.opt.segQuestion.name': 'domanda',
  'cmd.opt.segQuestion.description': 'La domanda d’accoglienza',
  'cmd.opt.segChoice.name': 'scelta',
  'cmd.opt.segChoice.description': 'L’opzione scelta dai membri',
  'cmd.opt.segRole.name': 'ruolo',
  'cmd.opt.segRole.description': 'Il ruolo',
  'cmd.opt.segNot.name': 'non',
  'cmd.opt.segNot.description': 'Rovescia la regola: i membri che non la soddisfano',
  'cmd.opt.segGroup.name': 'gruppo',
  'cmd.opt.segGroup.description':
    'Metti la regola in un gruppo che combina al contrario (tutte ↔ almeno una); un numero nuovo lo crea',
  'cmd.opt.segDays.name': 'giorni',
  'cmd.opt.segDays.description': 'Quanti giorni indietro, oggi compreso',
  'cmd.opt.segDaysOptional.description':
    'Solo gli ultimi N giorni, oggi compreso (predefinito: da sempre)',
  'cmd.opt.segAtLeast.name': 'almeno',
  'cmd.opt.segAtLeast.description': 'Il valore più basso che conta',
  'cmd.opt.segAtMost.name': 'al_massimo',
  'cmd.opt.segAtMost.description': 'Il valore più alto che conta',
  'cmd.opt.segBefore.name': 'prima',
  'cmd.opt.segBefore.description': 'Ingresso più di N giorni fa invece che negli ultimi N giorni',
  'cmd.opt.segState.name': 'stato',
  'cmd.opt.segState.description': 'Lo stato del posto',
  'cmd.opt.segRule.name': 'regola',
  'cmd.opt.segRule.description': 'Il numero della regola, come appare tra le regole del segmento',

  'segments.match.all': 'Tutte le regole',
  'segments.match.any': 'Almeno una regola',
  'segments.seat.admitted': 'Ha un posto',
  'segments.seat.invited': 'Ha un posto offerto',
  'segments.seat.waiting': 'In lista d’attesa',
  'segments.seat.none': 'Senza posto e non in attesa',

  'segments.unknown': 'Questo segmento non esiste in questo server. Scegline uno dall’elenco.',
  'segments.nameLength': 'Il nome di un segmento ha da 1 a {max} caratteri.',
  'segments.nameTaken': 'Esiste già un segmento chiamato “{name}”. Scegli un altro nome.',
  'segments.tooMany': 'Un server può avere fino a {max} segmenti. Eliminane prima uno.',
  'segments.tooManyRules': 'Un segmento può avere fino a {max} regole.',
  'segments.unknownQuestion':
    'Questa non è una domanda del tuo questionario. Sceglila dai suggerimenti.',
  'segments.notChoice': 'Questa domanda non ha opzioni: usa `regola-scala` o `regola-risposto`.',
  'segments.unknownChoice': 'Questa non è una delle opzioni della domanda. Sceglila dall’elenco.',
  'segments.notScale': 'Questa domanda non è una scala: usa `regola-risposta` o `regola-risposto`.',
  'segments.scaleRange': '`almeno` non può superare `al_massimo`.',
  'segments.scaleNeedsBound': 'Indica `almeno`, `al_massimo` o entrambi.',
  'segments.noSuchGroup': 'Non c’è un gruppo con questo numero: usa {next} per aprirne uno nuovo.',
  'segments.noSuchRule': 'Questo segmento ha {count} regole: scegli un numero tra 1 e {count}.',

  'segments.created':
    'Segmento **{name}** creato. Aggiungi le regole con {/segment rule-answer}, {/segment rule-active} e gli altri sottocomandi `regola-`.',
  'segments.removed': 'Segmento **{name}** eliminato.',
  'segments.listTitle': '**Segmenti** ({count})',
  'segments.listEmpty':
    'Nessun segmento per ora. Creane uno con {/segment create} o guarda i suggerimenti con {/segment suggest}.',
  'segments.listLine': '**{name}** · {count} membri · {rules} regole',
  'segments.listFlagged':
    '⚠️ {count} regole si riferiscono a domande o opzioni che non esistono più',
  'segments.showTitle': '**{name}**: {count} membri',
  'segments.matchAll': 'Membri che soddisfano **tutte** queste regole:',
  'segments.matchAny': 'Membri che soddisfano **almeno una** di queste regole:',
  'segments.noRules': 'Nessuna regola per ora: ne fanno parte tutte le persone del server.',
  'segments.groupAll': 'Gruppo {group}, tutte:',
  'segments.groupAny': 'Gruppo {group}, almeno una:',
  'segments.previewTitle': '**Chi ne fa parte**',
  'segments.previewEmpty': 'Al momento nessuno soddisfa queste regole.',
  'segments.previewMore': '… e altre {count} persone',
  'segments.previewHidden':
    '{count} di loro hanno chiesto di non comparire per nome ({/privacy hide}): sono contate, non nominate.',
  'segments.previewHiddenLeftOut':
    'Chi ha chiesto di non comparire per nome ({/privacy hide}) non rientra in questo conteggio né in questo elenco: le regole leggono l’attività, che queste persone hanno chiesto di tenere fuori dalle statistiche di Hearth.',
  'segments.computed': 'Conteggio del {at}.',
  'segments.problemQuestion':
    '⚠️ La regola {rule} si riferisce a una domanda tolta dal questionario: vale solo per le risposte date prima e per nessuna persona nuova. Togli la regola o sostituiscila.',
  'segments.problemChoice':
    '⚠️ La regola {rule} si riferisce a un’opzione che la domanda non offre più: vale solo per chi l’aveva scelta prima. Togli la regola o sostituiscila.',
  'segments.problemChanged':
    '⚠️ La regola {rule} non corrisponde più alla sua domanda (la domanda ha cambiato tipo). Togli la regola o sostituiscila.',
  'segments.problemRole':
    '⚠️ La regola {rule} si riferisce a un ruolo eliminato: non vale per nessuno.',

  'segments.rule.choice': '“{question}” include **{choice}**',
  'segments.rule.notChoice': '“{question}” non include **{choice}**',
  'segments.rule.scale': '“{question}” tra **{min}** e **{max}**',
  'segments.rule.notScale': '“{question}” non tra **{min}** e **{max}**',
  'segments.rule.answered': 'ha risposto a “{question}”',
  'segments.rule.notAnswered': 'non ha risposto a “{question}”',
  'segments.rule.role': 'ha {role}',
  'segments.rule.notRole': 'non ha {role}',
  'segments.rule.active': 'attività negli ultimi {days} giorni',
  'segments.rule.notActive': 'nessuna attività negli ultimi {days} giorni',
  'segments.rule.messages': 'almeno {count} messaggi',
  'segments.rule.messagesDays': 'almeno {count} messaggi negli ultimi {days} giorni',
  'segments.rule.notMessages': 'meno di {count} messaggi',
  'segments.rule.notMessagesDays': 'meno di {count} messaggi negli ultimi {days} giorni',
  'segments.rule.replied': 'ha risposto a uno spunto',
  'segments.rule.repliedDays': 'ha risposto a uno spunto negli ultimi {days} giorni',
  'segments.rule.notReplied': 'non ha mai risposto a uno spunto',
  'segments.rule.notRepliedDays': 'nessuna risposta a uno spunto negli ultimi {days} giorni',
  'segments.rule.joinedWithin': 'ingresso negli ultimi {days} giorni',
  'segments.rule.joinedBefore': 'ingresso più di {days} giorni fa',
  'segments.rule.seat': 'posto: {state}',
  'segments.rule.notSeat': 'posto: non “{state}”',
  'segments.rule.line': '`{number}.` {rule}',
  'segments.removedQuestion': 'domanda #{id} tolta',
  'segments.removedChoice': 'opzione tolta',
  'segments.ruleAdded': 'Regola aggiunta a **{name}**.',
  'segments.ruleRemoved': 'Regola {number} tolta da **{name}**.',
  'segments.edited': 'Segmento **{name}** salvato.',
  'segments.data.roster': 'Che sei nel server, e da quando (per i segmenti di membri)',
  'segments.data.roles': 'I ruoli che hai (per i segmenti di membri)',
  'segments.data.members': 'I segmenti di membri di cui fai parte ora',
  'segments.data.roleGrants':
    'I ruoli di segmento che Hearth ti ha dato (per toglierti solo quelli)',
  'segments.data.created': 'I segmenti che hai creato come manager',
  'problem.segmentRules':
    'Il segmento “{segment}” ha {count} regole che si riferiscono a domande, opzioni o ruoli eliminati: guarda {/segment show} e sostituiscile.',
  'cmd.segment.suggest.name': 'suggerisci',
  'cmd.segment.suggest.description':
    'Gruppi che Hearth vede nelle risposte dei membri, da tenere come segmenti',
  'segments.suggestTitle':
    '**Segmenti suggeriti**: gruppi di membri che hanno scelto opzioni simili nell’accoglienza.',
  'segments.suggestLine': '`{number}.` **{count} membri**: {traits}',
  'segments.suggestNone':
    'Nessun suggerimento per ora: servono almeno 6 membri che abbiano risposto a domande a scelta, e un gruppo che si distingua per le risposte.',
  'segments.suggestHow':
    'Come: i membri sono raggruppati in base a quanto si somigliano le opzioni scelte (distanza di Jaccard, clustering gerarchico a legame medio), nel numero di gruppi con il miglior indice di silhouette (da 2 a 8). Ogni gruppo è descritto dalle opzioni scelte da almeno il 60% del gruppo, 30 punti più spesso che da tutti gli altri. Le stesse risposte danno sempre gli stessi suggerimenti.',
  'segments.traitIs': '{question} = {choice}',
  'segments.traitIncludes': '{question} include {choice}',
  'segments.suggestButton': 'Tieni il {number} come segmento',
  'segments.suggestionGone':
    'Le risposte sono cambiate da quando sono stati mostrati questi suggerimenti, quindi questo non c’è più. Esegui di nuovo {/segment suggest}.',
  // The linked role
  'cmd.segment.role.name': 'ruolo',
  'cmd.segment.role.description':
    'Tieni un ruolo al passo con un segmento: i membri lo ricevono e lo perdono (senza ruolo: smetti)',
  'cmd.opt.segLinkRole.name': 'ruolo',
  'cmd.opt.segLinkRole.description':
    'Il ruolo che ricevono i membri del segmento; ometti per smettere',
  'segments.roleLinked':
    'I membri di **{name}** ora ricevono {role}, e lo perdono quando escono dal segmento (solo se l’ha dato Hearth).',
  'segments.roleUnlinked':
    '**{name}** non tiene più un ruolo al passo; Hearth ha tolto il ruolo ai membri a cui l’aveva dato.',
  'segments.roleLine': 'Ruolo tenuto al passo: {role}',
  'segments.roleWarning': 'Salvato, ma Hearth non può ancora assegnare questo ruolo:',
  'segments.linkedRole': 'ruolo del segmento {name}',
  'segments.effect.role': 'il ruolo di un segmento',
  'segments.notice.roleGrant':
    'Hearth non è riuscito ad assegnare o togliere {role}, il ruolo tenuto al passo con un segmento. Dai al ruolo di Hearth il permesso Gestisci ruoli e trascinalo sopra {role} (Impostazioni server > Ruoli); Hearth riprova al prossimo cambiamento del segmento.',
  'segments.suggestionCreated': 'Segmento **{name}** creato dal suggerimento.',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('segments', en, it);

export * from '../../core/i18n.js';
