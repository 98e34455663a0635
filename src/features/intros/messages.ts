/**
 * Messages of introductions: /intros, the private threads, the check-in and what Hearth tells
 * members. `it` has the same keys and placeholders as `en` (test/unit/i18n.test.ts). Italian is
 * gender-neutral: "chi partecipa", "ti va", never an agreement with the reader's gender.
 * Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  'cmd.intros.name': 'intros',
  'cmd.intros.description': 'Meet other members: regular introductions matched by what you share',
  'cmd.intros.join.name': 'join',
  'cmd.intros.join.description': 'Take part in the introductions',
  'cmd.intros.leave.name': 'leave',
  'cmd.intros.leave.description': 'Stop taking part in the introductions',
  'cmd.intros.pause.name': 'pause',
  'cmd.intros.pause.description': 'Skip the introductions for a few weeks',
  'cmd.intros.avoid.name': 'avoid',
  'cmd.intros.avoid.description': 'Never be matched with this member (they are never told)',
  'cmd.intros.unavoid.name': 'unavoid',
  'cmd.intros.unavoid.description': 'Allow being matched with this member again',
  'cmd.intros.setup.name': 'setup',
  'cmd.intros.setup.description': 'Managers: turn introductions on or change them',
  'cmd.intros.off.name': 'off',
  'cmd.intros.off.description': 'Managers: turn introductions off',
  'cmd.intros.status.name': 'status',
  'cmd.intros.status.description': 'Managers: this round, the pool and who is paused',
  'cmd.opt.introWeeks.name': 'weeks',
  'cmd.opt.introWeeks.description': 'How many weeks to skip',
  'cmd.opt.introMember.name': 'member',
  'cmd.opt.introMember.description': 'The member',
  'cmd.opt.introChannel.name': 'channel',
  'cmd.opt.introChannel.description': 'Where Hearth opens the private threads',
  'cmd.opt.introCadence.name': 'cadence',
  'cmd.opt.introCadence.description': 'How often a round runs',
  'cmd.opt.introDay.name': 'day',
  'cmd.opt.introDay.description': 'The day of the week rounds start',
  'cmd.opt.introHour.name': 'hour',
  'cmd.opt.introHour.description': 'The hour rounds start, in the server’s time zone (0-23)',
  'cmd.opt.introSize.name': 'size',
  'cmd.opt.introSize.description': 'People per group: 2, or 3',
  'cmd.opt.introRole.name': 'role',
  'cmd.opt.introRole.description': 'Only members with this role may join (default: everyone)',
  'cmd.opt.introSegment.name': 'segment',
  'cmd.opt.introSegment.description': 'Only members of this segment may join',
  'cmd.opt.introShare.name': 'share',
  'cmd.opt.introShare.description': 'An onboarding question: match people who picked the same',
  'cmd.opt.introGive.name': 'give',
  'cmd.opt.introGive.description': 'A question of what people can offer (with “get”)',
  'cmd.opt.introGet.name': 'get',
  'cmd.opt.introGet.description': 'A question of what people are looking for (with “give”)',
  'cmd.opt.introMix.name': 'mix',
  'cmd.opt.introMix.description': 'A scale question: match different levels (say, experience)',
  'cmd.opt.introHistory.name': 'no_repeat',
  'cmd.opt.introHistory.description': 'Never repeat a pair within this many rounds (default 6)',
  'intros.cadence.weekly': 'Weekly',
  'intros.cadence.biweekly': 'Every 2 weeks',
  'intros.cadence.monthly': 'Every 4 weeks',
  'intros.day.0': 'Sunday',
  'intros.day.1': 'Monday',
  'intros.day.2': 'Tuesday',
  'intros.day.3': 'Wednesday',
  'intros.day.4': 'Thursday',
  'intros.day.5': 'Friday',
  'intros.day.6': 'Saturday',

  'intros.notSetUp': 'Introductions are not turned on in this server.',
  'intros.badTime': 'That day or time does not exist.',
  'intros.audienceAndSegment': 'Choose a role or a segment, not both.',
  'intros.tooManyCriteria': 'Choose at most five questions to match on.',
  'intros.badPause': 'A pause lasts between {min} and {max} weeks.',
  'intros.avoidSelf': 'You are never matched with yourself.',
  'intros.tooManyExclusions': 'You can keep at most {max} members on your list.',
  'intros.noSuchIntro': 'That introduction no longer exists.',
  'intros.notYourIntro': 'That introduction is not yours.',
  'intros.giveAndGet': 'Choose both “give” and “get”, or neither.',
  'intros.noSuchQuestion': 'That is not a current onboarding question of this server.',
  'intros.scaleOnly': '“mix” needs a scale question.',
  'intros.choicesOnly': 'Match on questions with choices: free text is never compared.',
  'intros.notAudience': 'Introductions here are for {audience}.',
  'intros.managersOnly': 'Only managers can do that.',
  'intros.channelMissing':
    'Hearth cannot run introductions in {channel}: it is missing {permissions} there. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).',
  'intros.problem.channelGone':
    'The introductions channel was deleted: choose another with {/intros setup} (no round can open its threads).',
  'intros.problem.permissions':
    'Introductions: in {channel} Hearth is missing {permissions}, so rounds cannot open their private threads. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).',
  'perm.CreatePrivateThreads': 'Create Private Threads',

  'intros.setupDone':
    'Introductions are on: {cadence}, {day} at {time}, groups of {size}, private threads in {channel}. The first round is {next}. Members join with {/intros join}.',
  'intros.offDone':
    'Introductions are off. Members’ choices are kept for when you turn them on again.',
  'intros.offAlready': 'Introductions were already off.',
  'intros.joined':
    'You are in! Each round Hearth introduces you to someone you have things in common with, in a private thread. Leave any time with {/intros leave}.',
  'intros.alreadyIn': 'You are already taking part.',
  'intros.left': 'You no longer take part in the introductions. Come back with {/intros join}.',
  'intros.alreadyOut': 'You were not taking part.',
  'intros.paused': 'Paused: you are not matched until {until}.',
  'intros.avoided': 'Done: you will never be matched with {member}. They are not told.',
  'intros.alreadyAvoided': 'You had already asked not to be matched with {member}.',
  'intros.unavoided': 'You can be matched with {member} again.',
  'intros.notAvoided': '{member} was not on your list.',
  'intros.statusHeader':
    '**Introductions**: {cadence}, groups of {size}, next round {next}. In the pool: {pool}. Paused: {paused}. Asked whether to stay: {asked}.{outside, plural, =0 {} one { Opted in but outside the audience (not matched): #.} other { Opted in but outside the audience (not matched): #.}}',
  'intros.statusRound':
    'Round {seq} ({at}): {groups, plural, one {# group} other {# groups}}, {members} members; {met} said they met, {answered} answered the check-in; {repeats, plural, =0 {no repeats} one {# repeated pair} other {# repeated pairs}}.',
  'intros.statusNoRound': 'No round yet.',
  'intros.pausedLine': '{member} until {until}',

  'intros.announce':
    '**Introductions**: every round Hearth introduces members who have something in common, in a private thread. Want to meet someone?',
  'intros.joinButton': 'Join the introductions',
  'intros.threadName': 'Introduction: {names}',
  'intros.hello':
    '{members}, meet each other! This is your private thread for this round.\n{starter}\nSay hi and find a moment to talk this week. Halfway through, Hearth will ask whether you met.',
  'intros.starterShared': 'You both picked {things}.',
  'intros.starterSharedGroup': 'You share {things}.',
  'intros.starterGives': '{from} can help {to} with {what}.',
  'intros.starterNone': 'Start with what brought you to this server.',
  'intros.checkIn': 'Halfway through the round: did you meet?',
  'intros.met.yes': 'Yes',
  'intros.met.not_yet': 'Not yet',
  'intros.met.skip': 'Skip',
  'intros.checkInSaved': 'Thanks, noted.',
  'intros.checkInChanged': 'Thanks, your answer is updated.',
  'intros.tell.alone':
    'No introduction for you this round in {server}: you are the only one taking part right now. Hearth will try again next round.',
  'intros.tell.blocked':
    'No introduction for you this round in {server}: you asked not to be matched with everyone else taking part. Hearth will try again next round; {/intros unavoid} changes your list.',
  'intros.tell.noGroup':
    'No introduction for you this round in {server}: the numbers did not leave a group you could join. Hearth will try again next round.',
  'intros.tell.partnerLeft':
    'No introduction for you this round in {server}: the member you were matched with no longer takes part. Hearth will match you again next round.',
  'intros.tell.outside':
    'No introduction for you in {server} for now: introductions there are for a role or a group of members you are no longer part of. You stay signed up, and Hearth matches you again as soon as you are part of it again; {/intros leave} stops them.',
  'intros.ask':
    'You have not answered the last three introductions in {server}. Would you like to stay, pause for four weeks, or leave?',
  'intros.stay.stay': 'Stay',
  'intros.stay.pause': 'Pause 4 weeks',
  'intros.stay.leave': 'Leave',
  'intros.stayDone.stay': 'Great, you stay in the introductions.',
  'intros.stayDone.pause': 'Paused for four weeks.',
  'intros.stayDone.leave': 'You no longer take part. Come back with {/intros join}.',
  'intros.stayNotAsked': 'Nothing to answer now.',
  'intros.notice.poolTooSmall':
    'Introductions: only {count, plural, =0 {nobody} one {# member} other {# members}} took part this round, so nobody was matched.',
  'intros.notice.nobodyMatched':
    'Introductions: {count} members took part, but their “don’t match me with” lists left no pair possible.',
  'intros.notice.repeats':
    'Introductions: the pool was too small to avoid repeats within {rounds} rounds; {count, plural, one {# pair was} other {# pairs were}} matched again.',
  'intros.notice.threadFailed':
    'Introductions: Hearth could not open a private thread in {channel}, so introductions are paused. Check the channel still exists and that Hearth has Create Private Threads and Send Messages in Threads there, then run {/intros setup} again.',
  'intros.effect.open': 'opening an introduction thread',
  'intros.effect.checkin': 'asking an introduction whether they met',
  'intros.effect.tell': 'telling a member why they have no introduction',
  'intros.effect.ask': 'asking a member whether to stay in the introductions',
  'intros.data.members': 'Whether you take part in the introductions, and any pause',
  'intros.data.exclusions':
    'The members you asked not to be matched with (stored as a code, not their id)',
  'intros.data.groups': 'The introductions you were part of and your check-in answers',
  'intros.data.replies':
    'The day you and another member taking part in introductions first replied to each other (never the message; kept six months)',
} as const;

export const it: Record<keyof typeof en, string> = {
  'cmd.intros.name': 'presentazioni',
  'cmd.intros.description':
    'Conosci altri membri: presentazioni regolari in base a ciò che avete in comune',
  'cmd.intros.join.name': 'partecipa',
  'cmd.intros.join.description': 'Partecipa alle presentazioni',
  'cmd.intros.leave.name': 'esci',
  'cmd.intros.leave.description': 'Smetti di partecipare alle presentazioni',
  'cmd.intros.pause.name': 'pausa',
  'cmd.intros.pause.description': 'Salta le presentazioni per qualche settimana',
  'cmd.intros.avoid.name': 'evita',
  'cmd.intros.avoid.description': 'Non fare mai coppia con questa persona (non lo saprà)',
  'cmd.intros.unavoid.name': 'riammetti',
  'cmd.intros.unavoid.description': 'Torna a poter essere in coppia con questa persona',
  'cmd.intros.setup.name': 'imposta',
  'cmd.intros.setup.description': 'Gestione: attiva o modifica le presentazioni',
  'cmd.intros.off.name': 'disattiva',
  'cmd.intros.off.description': 'Gestione: disattiva le presentazioni',
  'cmd.intros.status.name': 'stato',
  'cmd.intros.status.description': 'Gestione: il turno in corso, chi partecipa e chi è in pausa',
  'cmd.opt.introWeeks.name': 'settimane',
  'cmd.opt.introWeeks.description': 'Quante settimane saltare',
  'cmd.opt.introMember.name': 'membro',
  'cmd.opt.introMember.description': 'La persona',
  'cmd.opt.introChannel.name': 'canale',
  'cmd.opt.introChannel.description': 'Dove Hearth apre i thread privati',
  'cmd.opt.introCadence.name': 'frequenza',
  'cmd.opt.introCadence.description': 'Ogni quanto parte un turno',
  'cmd.opt.introDay.name': 'giorno',
  'cmd.opt.introDay.description': 'Il giorno della settimana in cui partono i turni',
  'cmd.opt.introHour.name': 'ora',
  'cmd.opt.introHour.description': 'L’ora di inizio dei turni, nel fuso orario del server (0-23)',
  'cmd.opt.introSize.name': 'gruppo',
  'cmd.opt.introSize.description': 'Persone per gruppo: 2 o 3',
  'cmd.opt.introRole.name': 'ruolo',
  'cmd.opt.introRole.description': 'Solo chi ha questo ruolo può partecipare (di norma: tutti)',
  'cmd.opt.introSegment.name': 'segmento',
  'cmd.opt.introSegment.description': 'Solo chi fa parte di questo segmento può partecipare',
  'cmd.opt.introShare.name': 'comune',
  'cmd.opt.introShare.description':
    'Una domanda dell’onboarding: abbina chi ha scelto le stesse risposte',
  'cmd.opt.introGive.name': 'offre',
  'cmd.opt.introGive.description': 'Una domanda su cosa si può offrire (insieme a “cerca”)',
  'cmd.opt.introGet.name': 'cerca',
  'cmd.opt.introGet.description': 'Una domanda su cosa si cerca (insieme a “offre”)',
  'cmd.opt.introMix.name': 'misto',
  'cmd.opt.introMix.description':
    'Una domanda a scala: abbina livelli diversi (per esempio di esperienza)',
  'cmd.opt.introHistory.name': 'senza_ripetere',
  'cmd.opt.introHistory.description':
    'Non ripetere mai una coppia entro questo numero di turni (di norma 6)',
  'intros.cadence.weekly': 'Ogni settimana',
  'intros.cadence.biweekly': 'Ogni 2 settimane',
  'intros.cadence.monthly': 'Ogni 4 settimane',
  'intros.day.0': 'Domenica',
  'intros.day.1': 'Lunedì',
  'intros.day.2': 'Martedì',
  'intros.day.3': 'Mercoledì',
  'intros.day.4': 'Giovedì',
  'intros.day.5': 'Venerdì',
  'intros.day.6': 'Sabato',

  'intros.notSetUp': 'Le presentazioni non sono attive in questo server.',
  'intros.badTime': 'Quel giorno o quell’ora non esistono.',
  'intros.audienceAndSegment': 'Scegli un ruolo o un segmento, non entrambi.',
  'intros.tooManyCriteria': 'Scegli al massimo cinque domande su cui abbinare.',
  'intros.badPause': 'Una pausa dura da {min} a {max} settimane.',
  'intros.avoidSelf': 'Le coppie si formano sempre tra due persone diverse.',
  'intros.tooManyExclusions': 'Nella tua lista puoi tenere al massimo {max} persone.',
  'intros.noSuchIntro': 'Quella presentazione non esiste più.',
  'intros.notYourIntro': 'Quella presentazione non è la tua.',
  'intros.giveAndGet': 'Scegli sia “offre” sia “cerca”, oppure nessuno dei due.',
  'intros.noSuchQuestion': 'Non è una domanda attuale dell’onboarding di questo server.',
  'intros.scaleOnly': '“misto” richiede una domanda a scala.',
  'intros.choicesOnly':
    'Abbina su domande a scelta: le risposte libere non vengono mai confrontate.',
  'intros.notAudience': 'Qui le presentazioni sono per {audience}.',
  'intros.managersOnly': 'Solo chi gestisce il server può farlo.',
  'intros.channelMissing':
    'Hearth non può gestire le presentazioni in {channel}: lì gli manca {permissions}. Dai questi permessi al ruolo di Hearth in quel canale (Modifica canale > Permessi).',
  'intros.problem.channelGone':
    'Il canale delle presentazioni è stato eliminato: scegline un altro con {/intros setup} (nessun turno può aprire i suoi thread).',
  'intros.problem.permissions':
    'Presentazioni: in {channel} a Hearth manca {permissions}, quindi i turni non possono aprire i thread privati. Dai questi permessi al ruolo di Hearth in quel canale (Modifica canale > Permessi).',
  'perm.CreatePrivateThreads': 'Crea thread privati',

  'intros.setupDone':
    'Presentazioni attive: {cadence}, {day} alle {time}, gruppi da {size}, thread privati in {channel}. Il primo turno è {next}. Si partecipa con {/intros join}.',
  'intros.offDone':
    'Presentazioni disattivate. Le scelte dei membri restano salvate per quando le riattiverai.',
  'intros.offAlready': 'Le presentazioni erano già disattivate.',
  'intros.joined':
    'Ci sei! A ogni turno Hearth ti presenta una persona con cui hai qualcosa in comune, in un thread privato. Puoi uscire quando vuoi con {/intros leave}.',
  'intros.alreadyIn': 'Partecipi già.',
  'intros.left': 'Non partecipi più alle presentazioni. Puoi tornare con {/intros join}.',
  'intros.alreadyOut': 'Non stavi partecipando.',
  'intros.paused': 'In pausa: niente abbinamenti fino a {until}.',
  'intros.avoided': 'Fatto: non farai mai coppia con {member}. Non lo saprà.',
  'intros.alreadyAvoided': 'Avevi già chiesto di non essere in coppia con {member}.',
  'intros.unavoided': 'Puoi di nuovo essere in coppia con {member}.',
  'intros.notAvoided': '{member} non era nella tua lista.',
  'intros.statusHeader':
    '**Presentazioni**: {cadence}, gruppi da {size}, prossimo turno {next}. Partecipano: {pool}. In pausa: {paused}. A cui è stato chiesto se restare: {asked}.{outside, plural, =0 {} one { Iscritti ma fuori dal pubblico scelto (non abbinati): #.} other { Iscritti ma fuori dal pubblico scelto (non abbinati): #.}}',
  'intros.statusRound':
    'Turno {seq} ({at}): {groups, plural, one {# gruppo} other {# gruppi}}, {members} membri; {met} dicono che l’incontro c’è stato, {answered} hanno risposto al controllo; {repeats, plural, =0 {nessuna ripetizione} one {# coppia ripetuta} other {# coppie ripetute}}.',
  'intros.statusNoRound': 'Ancora nessun turno.',
  'intros.pausedLine': '{member} fino a {until}',

  'intros.announce':
    '**Presentazioni**: a ogni turno Hearth fa conoscere membri che hanno qualcosa in comune, in un thread privato. Ti va di conoscere qualcuno?',
  'intros.joinButton': 'Partecipa alle presentazioni',
  'intros.threadName': 'Presentazione: {names}',
  'intros.hello':
    '{members}, ecco con chi fate coppia! Questo è il vostro thread privato per questo turno.\n{starter}\nSalutatevi e trovate un momento per parlare questa settimana. A metà turno Hearth vi chiederà se l’incontro c’è stato.',
  'intros.starterShared': 'Tra le vostre scelte in comune: {things}.',
  'intros.starterSharedGroup': 'Avete in comune {things}.',
  'intros.starterGives': '{from} può dare una mano a {to} con {what}.',
  'intros.starterNone': 'Cominciate da ciò che vi ha portato in questo server.',
  'intros.checkIn': 'Siamo a metà turno: c’è stato l’incontro?',
  'intros.met.yes': 'Sì',
  'intros.met.not_yet': 'Non ancora',
  'intros.met.skip': 'Salta',
  'intros.checkInSaved': 'Grazie, risposta salvata.',
  'intros.checkInChanged': 'Grazie, la tua risposta è aggiornata.',
  'intros.tell.alone':
    'Niente presentazione per te in questo turno su {server}: per ora partecipi solo tu. Hearth riproverà al prossimo turno.',
  'intros.tell.blocked':
    'Niente presentazione per te in questo turno su {server}: hai chiesto di non essere abbinato a nessuna delle altre persone che partecipano. Hearth riproverà al prossimo turno; con {/intros unavoid} cambi la tua lista.',
  'intros.tell.noGroup':
    'Niente presentazione per te in questo turno su {server}: con questi numeri non restava un gruppo in cui inserirti. Hearth riproverà al prossimo turno.',
  'intros.tell.partnerLeft':
    'Niente presentazione per te in questo turno su {server}: la persona abbinata a te non partecipa più. Hearth ti abbinerà di nuovo al prossimo turno.',
  'intros.tell.outside':
    'Per ora niente presentazioni per te su {server}: lì sono riservate a un ruolo o a un gruppo di membri di cui non fai più parte. La tua iscrizione resta, e Hearth ti abbina di nuovo appena ne fai di nuovo parte; con {/intros leave} smetti di partecipare.',
  'intros.ask':
    'Non hai risposto alle ultime tre presentazioni su {server}. Vuoi restare, metterti in pausa per quattro settimane o uscire?',
  'intros.stay.stay': 'Resto',
  'intros.stay.pause': 'Pausa di 4 settimane',
  'intros.stay.leave': 'Esco',
  'intros.stayDone.stay': 'Ottimo, continui a partecipare alle presentazioni.',
  'intros.stayDone.pause': 'In pausa per quattro settimane.',
  'intros.stayDone.leave': 'Non partecipi più. Puoi tornare con {/intros join}.',
  'intros.stayNotAsked': 'Per ora non c’è niente a cui rispondere.',
  'intros.notice.poolTooSmall':
    'Presentazioni: in questo turno {count, plural, =0 {non ha partecipato nessuno} one {ha partecipato # sola persona} other {hanno partecipato solo # persone}}, quindi non c’è stato nessun abbinamento.',
  'intros.notice.nobodyMatched':
    'Presentazioni: hanno partecipato {count} persone, ma le liste “non abbinarmi con” non lasciavano nessuna coppia possibile.',
  'intros.notice.repeats':
    'Presentazioni: le persone erano troppo poche per evitare ripetizioni entro {rounds} turni; {count, plural, one {# coppia è stata riproposta} other {# coppie sono state riproposte}}.',
  'intros.notice.threadFailed':
    'Presentazioni: Hearth non è riuscito ad aprire un thread privato in {channel}, quindi le presentazioni sono in pausa. Controlla che il canale esista ancora e che Hearth abbia i permessi Crea thread privati e Invia messaggi nei thread, poi usa di nuovo {/intros setup}.',
  'intros.effect.open': 'aprire il thread di una presentazione',
  'intros.effect.checkin': 'chiedere in una presentazione se l’incontro c’è stato',
  'intros.effect.tell': 'spiegare a un membro perché non ha una presentazione',
  'intros.effect.ask': 'chiedere a un membro se restare nelle presentazioni',
  'intros.data.members': 'Se partecipi alle presentazioni, ed eventuali pause',
  'intros.data.exclusions':
    'Le persone con cui hai chiesto di non essere in coppia (salvate come codice, non con il loro id)',
  'intros.data.groups': 'Le presentazioni di cui hai fatto parte e le tue risposte al controllo',
  'intros.data.replies':
    'Il giorno in cui tu e un altro membro delle presentazioni vi siete risposti per la prima volta (mai il messaggio; conservato sei mesi)',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('intros', en, it);

export * from '../../core/i18n.js';
