/**
 * Messages of events: /event, the event message and its buttons, and what Hearth tells members.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Italian is gender-neutral: "chi partecipa", "ci sei", never an
 * agreement with the reader's gender. Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // The command
  'cmd.event.name': 'event',
  'cmd.event.description':
    'Events with Going / Maybe / Can’t go, a cap, a fair waitlist and reminders',
  'cmd.event.create.name': 'create',
  'cmd.event.create.description': 'Post a new event with its RSVP buttons',
  'cmd.event.edit.name': 'edit',
  'cmd.event.edit.description': 'Change an event: title, time, place or capacity',
  'cmd.event.cancel.name': 'cancel',
  'cmd.event.cancel.description':
    'Cancel an event; everyone who had a place or was waiting is told',
  'cmd.event.list.name': 'list',
  'cmd.event.list.description': 'The server’s events, upcoming first',
  'cmd.event.attendees.name': 'attendees',
  'cmd.event.attendees.description': 'Who is going, the waitlist in order, attendance and feedback',
  'cmd.event.admit.name': 'admit',
  'cmd.event.admit.description': 'Give a member a free place ahead of the waitlist',
  'cmd.event.attendance.name': 'attendance',
  'cmd.event.attendance.description': 'Correct whether a member was there',
  'cmd.opt.event.name': 'event',
  'cmd.opt.event.description': 'The event',
  'cmd.opt.eventChannel.description': 'Where to post the event',
  'cmd.opt.title.name': 'title',
  'cmd.opt.title.description': 'The event’s name',
  'cmd.opt.start.name': 'start',
  'cmd.opt.start.description': 'When it starts, in the server’s time zone: 2026-12-31 18:30',
  'cmd.opt.duration.name': 'duration',
  'cmd.opt.duration.description': 'How long it lasts, in minutes (default 60)',
  'cmd.opt.capacity.name': 'capacity',
  'cmd.opt.capacity.description': 'How many places; beyond them, a waitlist (default: no cap)',
  'cmd.opt.where.name': 'where',
  'cmd.opt.where.description': 'A place, a link, or a voice channel',
  'cmd.opt.details.name': 'details',
  'cmd.opt.details.description': 'What it is about',
  'cmd.opt.eventAudience.name': 'audience',
  'cmd.opt.eventAudience.description': 'Only members with this role may answer (default: everyone)',
  'cmd.opt.eventSegment.name': 'segment',
  'cmd.opt.eventSegment.description': 'Only the members of this segment may answer',
  'cmd.opt.reminders.name': 'reminders',
  'cmd.opt.reminders.description':
    'When to remind those going, before the start: 24h, 1h (default)',
  'cmd.opt.offerHours.name': 'offer_hours',
  'cmd.opt.offerHours.description':
    'Hours a freed place stays offered to the first person waiting (default 12; 0: given at once)',
  'cmd.opt.closeBefore.name': 'close_before',
  'cmd.opt.closeBefore.description':
    'Close answers this many hours before the start (default: at the start)',
  'cmd.opt.repeats.name': 'repeats',
  'cmd.opt.repeats.description':
    'none, weekly, every 2 weeks, monthly, or monthly 2nd Tuesday (in the server’s time zone)',
  'cmd.opt.wholeSeries.name': 'series',
  'cmd.opt.wholeSeries.description':
    'Stop the whole series: no more occurrences, and those not yet started are cancelled',
  'cmd.opt.voice.name': 'voice',
  'cmd.opt.voice.description':
    'A voice or stage channel it takes place in (listed as its place in the server’s Events)',
  'cmd.opt.present.name': 'present',
  'cmd.opt.present.description': 'Whether they were there',

  // Problems a manager or member can fix
  'events.unknown': 'That event does not exist in this server.',
  'events.titleLength': 'An event’s title needs 1 to {max} characters.',
  'events.descriptionLong': 'The details can be at most {max} characters.',
  'events.locationLong': 'The place can be at most {max} characters.',
  'events.capacityRange': 'The capacity must be between 1 and {max} places.',
  'events.durationRange': 'An event lasts between {min} minutes and {max} hours.',
  'events.remindersRange':
    'Up to {max} reminders, each between 5 minutes and 14 days before the start.',
  'events.remindersFormat': 'Write reminders like `24h, 1h` or `30m`, or `none`.',
  'events.startFormat':
    'Write the start as `2026-12-31 18:30` (year-month-day hour:minute, in the server’s time zone).',
  'events.startInPast': 'That start time has already passed.',
  'events.rsvpClosesRange': 'Answers must close before the start, and not in the past.',
  'events.offerHoursRange': 'An offer lasts from 0 to {max} hours.',
  'events.tooMany': 'This server already has {max} open events: cancel one or wait for it to end.',
  'events.isCancelled': 'This event is cancelled.',
  'events.isOver': 'This event has already started or is over.',
  'events.rsvpClosed': 'Answers for this event are closed.',
  'events.notEditable': 'Only an upcoming event can be changed.',
  'events.alreadyGoing': 'They already have a place.',
  'events.noFreePlace': 'There is no free place: raise the capacity first.',
  'events.checkInNotYet': 'Check-in opens {at}.',
  'events.checkInNotGoing':
    'Only people with a place can check in; the organisers can mark you present.',
  'events.notStarted': 'Attendance can be marked once the event starts.',
  'events.rateNotAttended': 'Only people who were at the event can rate it.',
  'events.notAudience': 'This event is for {role}.',
  'events.badChannel': 'Pick a text or announcement channel that Hearth can post in.',
  'events.audienceAndSegment': 'Choose a role or a segment as the audience, not both.',

  // The event message
  'events.when': 'When',
  'events.where': 'Where',
  'events.places': 'Places',
  'events.whenValue': '{start} to {end} ({relative})',
  'events.placesCapped':
    '{taken} of {capacity} places taken, {waiting, plural, =0 {nobody waiting} other {# waiting}}',
  'events.placesOpen': '{going} going',
  'events.maybeCount': '{count} maybe',
  'events.closesAt': 'Answers close {at}.',
  'events.forRole': 'For {role}.',
  'events.cancelledNote': '**Cancelled.**',
  'events.endedNote': 'This event is over: {count, plural, one {# person} other {# people}} came.',
  'events.going': 'Going',
  'events.maybe': 'Maybe',
  'events.declined': 'Can’t go',
  'events.checkIn': 'Check in',
  'events.remindersButton': 'Reminders on/off',

  // Answers to a member
  'events.youAreGoing': 'You’re going to **{title}** ({start}). See you there!',
  'events.youAccepted': 'The place is yours: you’re going to **{title}** ({start}).',
  'events.youAreWaiting':
    '**{title}** is full: you are number {position} on the waitlist. When a place frees up it is offered to the first person waiting, and Hearth tells you.',
  'events.youAreMaybe': 'Noted: maybe.',
  'events.youDeclined': 'Noted: you can’t go.',
  'events.placePassedOn': 'Your place goes to the next person waiting.',
  'events.alreadyYours': 'That is already your answer.',
  'events.alreadyWaiting': 'You are already on the waitlist: number {position}.',
  'events.checkedIn': 'You’re checked in. Enjoy!',
  'events.alreadyCheckedIn': 'You’re already checked in.',
  'events.remindersNowOff':
    'You won’t get event reminders in this server any more. Press again to turn them back on.',
  'events.remindersNowOn': 'You’ll get event reminders again.',
  'events.rated': 'Thank you for your feedback!',
  'events.rateChanged': 'Your rating is updated.',

  // What Hearth writes to a member (DM, or with a mention in the event's channel)
  'events.tell.admitted':
    'A place at **{title}** ({start}) in {server} freed up, and it’s yours. {link}',
  'events.tell.offered':
    'A place at **{title}** ({start}) in {server} freed up and is offered to you first. Press **Going** on the event by {deadline} to take it; after that it passes to the next person. {link}',
  'events.tell.expired':
    'The place at **{title}** offered to you was not taken in time, so it passed to the next person. {link}',
  'events.tell.reminder':
    'Reminder: **{title}** starts {relative} ({start}).{where} {link}\nTo stop event reminders, press **Reminders on/off** on the event.',
  'events.tell.cancelled': '**{title}** ({start}) in {server} is cancelled.',
  'events.tell.feedback': 'Thank you for coming to **{title}**! How was it, from 1 to 5?',
  'events.tell.where': ' Where: {where}.',
  'events.tell.public': '{member} {text}',

  // Managers
  'events.created': 'Event #{id} is posted in {channel}.',
  'events.createdSoon': 'Event #{id} is saved; it appears in {channel} in a moment.',
  'events.postFailedNow': 'Event #{id} could not be posted in {channel}: {reason}',
  'events.edited': 'Event #{id} is updated.',
  'events.startInGap':
    '{asked} on {day} does not exist in {zone}: the clocks go forward then, so the event starts at {starts}, the first minute after the change. To pick another time, use {/event edit}.',
  'events.promotedCount':
    '{count, plural, one {# person} other {# people}} from the waitlist got a place or an offer.',
  'events.cancelledNow':
    'Cancelled “{title}”. {count, plural, =0 {Nobody had a place.} one {# person is told.} other {# people are told.}}',
  'events.notOpen': 'That event is no longer open.',
  'events.repeatsFormat':
    'Write how the event repeats as `weekly`, `every 2 weeks`, `monthly` or `monthly 2nd Tuesday`, or `none`.',
  'events.repeatsEvery': 'An event can repeat every 1 to {max} weeks.',
  'events.repeatsWeekday':
    'Write the day of the month as an ordinal and a weekday: `monthly 2nd Tuesday`, `monthly last Friday` (1st to 4th, or last).',
  'events.repeatsNotStart':
    'The start is not on that day of its month. Pick a start on that day, or write just `monthly` to repeat on the start’s own weekday.',
  'events.repeatsCreated':
    'It repeats {repeats}; each next date is posted when the one before starts.',
  'events.repeats.weekly': 'every week on {weekday} at {time}',
  'events.repeats.everyWeeks': 'every {n} weeks on {weekday} at {time}',
  'events.repeats.monthly': 'every month on the {ordinal} {weekday} at {time}',
  'events.repeats.stopped': 'series stopped',
  'events.repeatsLine': '↻ Repeats {repeats}',
  'events.listSeries': '↻ series {series}: {repeats}',
  'events.weekday.0': 'Sunday',
  'events.weekday.1': 'Monday',
  'events.weekday.2': 'Tuesday',
  'events.weekday.3': 'Wednesday',
  'events.weekday.4': 'Thursday',
  'events.weekday.5': 'Friday',
  'events.weekday.6': 'Saturday',
  'events.ordinal.1': '1st',
  'events.ordinal.2': '2nd',
  'events.ordinal.3': '3rd',
  'events.ordinal.4': '4th',
  'events.ordinal.-1': 'last',
  'events.notSeries': 'That event does not repeat: cancel it without `series`.',
  'events.seriesCancelled':
    'Stopped the series of “{title}”: no more dates. {count, plural, =0 {Nobody had a place.} one {# person is told.} other {# people are told.}}',
  'events.seriesAlreadyStopped': 'That series is already stopped.',
  'events.admittedNow': '{member} has place {seat} and is told.',
  'events.markedPresent': '{member} is marked present.',
  'events.markedAbsent': '{member} is marked absent.',
  'events.listEmpty': 'No events yet.',
  'events.listLine': '#{id} **{title}** · {start} · {status}',
  'events.status.open': 'open',
  'events.status.cancelled': 'cancelled',
  'events.status.ended': 'over',
  'events.attendeesHeader':
    '**{title}**: {going} going, {offered} offered, {waiting} waiting, {maybe} maybe. Attended {attended}, no-shows {noShows}. Feedback: {feedback}.',
  'events.feedbackNone': 'no ratings yet',
  'events.feedbackAverage': '{average} of 5 ({count, plural, one {# rating} other {# ratings}})',
  'events.nobodyYet': 'Nobody has answered yet.',
  'events.line.going': 'place {seat}: {member}{attended}',
  'events.line.offered': 'offered until {at}: {member}',
  'events.line.waiting': 'waiting #{position}: {member}',
  'events.line.maybe': 'maybe: {member}{attended}',
  'events.line.declined': 'can’t go: {member}',
  'events.line.expired': 'offer lapsed: {member}',
  'events.mark.present': ' ✅',
  'events.mark.absent': ' · no-show',
  'events.effect.post': 'post an event',
  'events.effect.render': 'update an event’s message',
  'events.effect.tell': 'write to a member about an event',
  'events.effect.mirrorCreate': 'list an event in the server’s events',
  'events.effect.mirrorUpdate': 'update an event in the server’s events',
  'events.effect.mirrorDelete': 'remove a cancelled event from the server’s events',
  'events.mirrorPaused':
    'Hearth cannot list events in the server’s Events (Discord refused it the Create Events permission), so it stops trying; the events themselves and their buttons work as before. Give the Hearth role **Create Events** (Server Settings > Roles); the next {/event create} or {/event edit} lists the upcoming events.',
  'events.mirrorResumed':
    'Hearth can list events in the server’s Events again: {count, plural, =0 {nothing was waiting} one {# upcoming event is being listed} other {# upcoming events are being listed}}.',
  'events.calendar': 'Add to calendar',
  'events.calendarFile':
    'The calendar file for **{title}**: open it to add the event to your calendar (it updates an earlier copy).',
  'events.postFailed':
    'The event “{title}” could not be posted in {channel}, so it is withdrawn. Fix the channel’s permissions, then create it again.',

  // Members' data
  'events.data.rsvps': 'Your answers to events: going, waiting, maybe, and whether you came',
  'events.data.feedback': 'Your ratings of events you attended',
  'events.data.prefs': 'Your choice about event reminders',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'cmd.event.name': 'evento',
  'cmd.event.description':
    'Eventi con Ci sarò / Forse / Non posso, posti limitati, lista d’attesa equa e promemoria',
  'cmd.event.create.name': 'crea',
  'cmd.event.create.description': 'Pubblica un nuovo evento con i pulsanti per rispondere',
  'cmd.event.edit.name': 'modifica',
  'cmd.event.edit.description': 'Cambia un evento: titolo, orario, luogo o posti',
  'cmd.event.cancel.name': 'annulla',
  'cmd.event.cancel.description':
    'Annulla un evento; chi aveva un posto o era in lista d’attesa riceve la notizia',
  'cmd.event.list.name': 'elenco',
  'cmd.event.list.description': 'Gli eventi del server, prima quelli in arrivo',
  'cmd.event.attendees.name': 'partecipanti',
  'cmd.event.attendees.description':
    'Chi ci sarà, la lista d’attesa in ordine, presenze e valutazioni',
  'cmd.event.admit.name': 'ammetti',
  'cmd.event.admit.description': 'Dai a un membro un posto libero prima della lista d’attesa',
  'cmd.event.attendance.name': 'presenza',
  'cmd.event.attendance.description': 'Correggi la presenza di un membro',
  'cmd.opt.event.name': 'evento',
  'cmd.opt.event.description': 'L’evento',
  'cmd.opt.eventChannel.description': 'Dove pubblicare l’evento',
  'cmd.opt.title.name': 'titolo',
  'cmd.opt.title.description': 'Il nome dell’evento',
  'cmd.opt.start.name': 'inizio',
  'cmd.opt.start.description': 'Quando inizia, nel fuso orario del server: 2026-12-31 18:30',
  'cmd.opt.duration.name': 'durata',
  'cmd.opt.duration.description': 'Quanto dura, in minuti (predefinito 60)',
  'cmd.opt.capacity.name': 'posti',
  'cmd.opt.capacity.description':
    'Quanti posti; oltre, una lista d’attesa (predefinito: senza limite)',
  'cmd.opt.where.name': 'dove',
  'cmd.opt.where.description': 'Un luogo, un link o un canale vocale',
  'cmd.opt.details.name': 'dettagli',
  'cmd.opt.details.description': 'Di cosa si tratta',
  'cmd.opt.eventAudience.name': 'pubblico',
  'cmd.opt.eventAudience.description':
    'Possono rispondere solo i membri con questo ruolo (predefinito: tutti)',
  'cmd.opt.eventSegment.name': 'segmento',
  'cmd.opt.eventSegment.description': 'Possono rispondere solo i membri di questo segmento',
  'cmd.opt.reminders.name': 'promemoria',
  'cmd.opt.reminders.description':
    'Quando ricordarlo a chi partecipa, prima dell’inizio: 24h, 1h (predefinito)',
  'cmd.opt.offerHours.name': 'ore_offerta',
  'cmd.opt.offerHours.description':
    'Ore in cui un posto liberato resta offerto a chi è prima in lista (predefinito 12; 0: subito)',
  'cmd.opt.closeBefore.name': 'chiudi_prima',
  'cmd.opt.closeBefore.description':
    'Chiudi le risposte tante ore prima dell’inizio (predefinito: all’inizio)',
  'cmd.opt.repeats.name': 'ripeti',
  'cmd.opt.repeats.description':
    'nessuna, settimanale, ogni 2 settimane, mensile, o mensile 2° martedì (nel fuso del server)',
  'cmd.opt.wholeSeries.name': 'serie',
  'cmd.opt.wholeSeries.description':
    'Ferma tutta la serie: niente più date, e quelle non ancora iniziate sono annullate',
  'cmd.opt.voice.name': 'vocale',
  'cmd.opt.voice.description':
    'Un canale vocale o stage in cui si svolge (il suo luogo negli Eventi del server)',
  'cmd.opt.present.name': 'presente',
  'cmd.opt.present.description': 'Se c’era',

  'events.unknown': 'Questo evento non esiste in questo server.',
  'events.titleLength': 'Il titolo di un evento deve avere da 1 a {max} caratteri.',
  'events.descriptionLong': 'I dettagli possono avere al massimo {max} caratteri.',
  'events.locationLong': 'Il luogo può avere al massimo {max} caratteri.',
  'events.capacityRange': 'I posti devono essere tra 1 e {max}.',
  'events.durationRange': 'Un evento dura tra {min} minuti e {max} ore.',
  'events.remindersRange':
    'Al massimo {max} promemoria, ciascuno tra 5 minuti e 14 giorni prima dell’inizio.',
  'events.remindersFormat': 'Scrivi i promemoria come `24h, 1h` o `30m`, oppure `nessuno`.',
  'events.startFormat':
    'Scrivi l’inizio come `2026-12-31 18:30` (anno-mese-giorno ora:minuti, nel fuso orario del server).',
  'events.startInPast': 'Quell’orario di inizio è già passato.',
  'events.rsvpClosesRange': 'Le risposte devono chiudersi prima dell’inizio, e non nel passato.',
  'events.offerHoursRange': 'Un’offerta dura da 0 a {max} ore.',
  'events.tooMany':
    'Questo server ha già {max} eventi aperti: annullane uno o aspetta che finisca.',
  'events.isCancelled': 'Questo evento è annullato.',
  'events.isOver': 'Questo evento è già iniziato o finito.',
  'events.rsvpClosed': 'Le risposte per questo evento sono chiuse.',
  'events.notEditable': 'Si può cambiare solo un evento in arrivo.',
  'events.alreadyGoing': 'Ha già un posto.',
  'events.noFreePlace': 'Non c’è un posto libero: prima aumenta i posti.',
  'events.checkInNotYet': 'Il check-in apre {at}.',
  'events.checkInNotGoing':
    'Può fare il check-in solo chi ha un posto; chi organizza può segnarti presente.',
  'events.notStarted': 'Le presenze si segnano quando l’evento inizia.',
  'events.rateNotAttended': 'Può valutare l’evento solo chi c’era.',
  'events.notAudience': 'Questo evento è per {role}.',
  'events.badChannel': 'Scegli un canale di testo o di annunci in cui Hearth possa scrivere.',
  'events.audienceAndSegment': 'Scegli come pubblico un ruolo o un segmento, non entrambi.',

  'events.when': 'Quando',
  'events.where': 'Dove',
  'events.places': 'Posti',
  'events.whenValue': 'Da {start} a {end} ({relative})',
  'events.placesCapped':
    '{taken} posti occupati su {capacity}, {waiting, plural, =0 {nessuna persona in attesa} other {# in attesa}}',
  'events.placesOpen': '{going} partecipanti',
  'events.maybeCount': '{count} forse',
  'events.closesAt': 'Le risposte chiudono {at}.',
  'events.forRole': 'Per {role}.',
  'events.cancelledNote': '**Annullato.**',
  'events.endedNote':
    'Questo evento è finito: {count, plural, one {è venuta # persona} other {sono venute # persone}}.',
  'events.going': 'Ci sarò',
  'events.maybe': 'Forse',
  'events.declined': 'Non posso',
  'events.checkIn': 'Check-in',
  'events.remindersButton': 'Promemoria sì/no',

  'events.youAreGoing': 'Ci sei: **{title}** ({start}). A presto!',
  'events.youAccepted': 'Il posto è tuo: partecipi a **{title}** ({start}).',
  'events.youAreWaiting':
    '**{title}** è al completo: sei al numero {position} della lista d’attesa. Quando si libera un posto viene offerto a chi è prima in lista, e Hearth te lo dice.',
  'events.youAreMaybe': 'Segnato: forse.',
  'events.youDeclined': 'Segnato: non puoi venire.',
  'events.placePassedOn': 'Il tuo posto passa a chi è prima in lista d’attesa.',
  'events.alreadyYours': 'È già la tua risposta.',
  'events.alreadyWaiting': 'Sei già in lista d’attesa: numero {position}.',
  'events.checkedIn': 'Check-in fatto. Buon divertimento!',
  'events.alreadyCheckedIn': 'Hai già fatto il check-in.',
  'events.remindersNowOff':
    'Non riceverai più promemoria degli eventi in questo server. Premi di nuovo per riattivarli.',
  'events.remindersNowOn': 'Riceverai di nuovo i promemoria degli eventi.',
  'events.rated': 'Grazie per la tua valutazione!',
  'events.rateChanged': 'La tua valutazione è aggiornata.',

  'events.tell.admitted':
    'Si è liberato un posto per **{title}** ({start}) su {server}, ed è tuo. {link}',
  'events.tell.offered':
    'Si è liberato un posto per **{title}** ({start}) su {server} e viene offerto prima a te. Premi **Ci sarò** sull’evento entro {deadline} per prenderlo; dopo passa alla persona successiva. {link}',
  'events.tell.expired':
    'Il posto per **{title}** che ti era stato offerto non è stato preso in tempo ed è passato alla persona successiva. {link}',
  'events.tell.reminder':
    'Promemoria: **{title}** inizia {relative} ({start}).{where} {link}\nPer non ricevere più promemoria, premi **Promemoria sì/no** sull’evento.',
  'events.tell.cancelled': '**{title}** ({start}) su {server} è annullato.',
  'events.tell.feedback': 'Grazie di aver partecipato a **{title}**! Com’è andata, da 1 a 5?',
  'events.tell.where': ' Dove: {where}.',
  'events.tell.public': '{member}, {text}',

  'events.created': 'L’evento n. {id} è pubblicato in {channel}.',
  'events.createdSoon': 'L’evento n. {id} è salvato; compare in {channel} tra poco.',
  'events.postFailedNow':
    'Non è stato possibile pubblicare l’evento n. {id} in {channel}: {reason}',
  'events.edited': 'L’evento n. {id} è aggiornato.',
  'events.startInGap':
    'Il {day} alle {asked} nel fuso {zone} non esiste: a quell’ora gli orologi vanno avanti, quindi l’evento inizia alle {starts}, il primo minuto dopo il cambio. Per scegliere un altro orario usa {/event edit}.',
  'events.promotedCount':
    '{count, plural, one {# persona in lista d’attesa ha} other {# persone in lista d’attesa hanno}} ricevuto un posto o un’offerta.',
  'events.cancelledNow':
    'Annullato “{title}”. {count, plural, =0 {Nessun posto era assegnato.} one {# persona riceve la notizia.} other {# persone ricevono la notizia.}}',
  'events.notOpen': 'Quell’evento non è più aperto.',
  'events.repeatsFormat':
    'Scrivi come si ripete l’evento: `settimanale`, `ogni 2 settimane`, `mensile` o `mensile 2° martedì`, oppure `nessuna`.',
  'events.repeatsEvery': 'Un evento può ripetersi ogni 1–{max} settimane.',
  'events.repeatsWeekday':
    'Scrivi il giorno del mese come ordinale e giorno della settimana: `mensile 2° martedì`, `mensile ultimo venerdì` (dal 1° al 4°, o ultimo).',
  'events.repeatsNotStart':
    'L’inizio non cade in quel giorno del mese. Scegli un inizio in quel giorno, o scrivi solo `mensile` per ripetere nel giorno della settimana dell’inizio.',
  'events.repeatsCreated':
    'Si ripete {repeats}; ogni data successiva è pubblicata quando inizia quella prima.',
  'events.repeats.weekly': 'ogni settimana di {weekday} alle {time}',
  'events.repeats.everyWeeks': 'ogni {n} settimane di {weekday} alle {time}',
  'events.repeats.monthly': 'ogni mese il {ordinal} {weekday} alle {time}',
  'events.repeats.stopped': 'serie fermata',
  'events.repeatsLine': '↻ Si ripete {repeats}',
  'events.listSeries': '↻ serie {series}: {repeats}',
  'events.weekday.0': 'domenica',
  'events.weekday.1': 'lunedì',
  'events.weekday.2': 'martedì',
  'events.weekday.3': 'mercoledì',
  'events.weekday.4': 'giovedì',
  'events.weekday.5': 'venerdì',
  'events.weekday.6': 'sabato',
  'events.ordinal.1': '1°',
  'events.ordinal.2': '2°',
  'events.ordinal.3': '3°',
  'events.ordinal.4': '4°',
  'events.ordinal.-1': 'ultimo',
  'events.notSeries': 'Quell’evento non si ripete: annullalo senza `serie`.',
  'events.seriesCancelled':
    'Fermata la serie di “{title}”: niente più date. {count, plural, =0 {Nessun posto era assegnato.} one {# persona riceve la notizia.} other {# persone ricevono la notizia.}}',
  'events.seriesAlreadyStopped': 'Quella serie è già fermata.',
  'events.admittedNow': '{member} ha il posto {seat} e riceve la notizia.',
  'events.markedPresent': '{member}: presenza segnata.',
  'events.markedAbsent': '{member}: assenza segnata.',
  'events.listEmpty': 'Ancora nessun evento.',
  'events.listLine': 'n. {id} **{title}** · {start} · {status}',
  'events.status.open': 'aperto',
  'events.status.cancelled': 'annullato',
  'events.status.ended': 'finito',
  'events.attendeesHeader':
    '**{title}**: {going} partecipanti, {offered} con offerta, {waiting} in attesa, {maybe} forse. Presenze {attended}, assenze {noShows}. Valutazioni: {feedback}.',
  'events.feedbackNone': 'ancora nessuna',
  'events.feedbackAverage':
    '{average} su 5 ({count, plural, one {# valutazione} other {# valutazioni}})',
  'events.nobodyYet': 'Ancora nessuna risposta.',
  'events.line.going': 'posto {seat}: {member}{attended}',
  'events.line.offered': 'offerta fino a {at}: {member}',
  'events.line.waiting': 'in attesa n. {position}: {member}',
  'events.line.maybe': 'forse: {member}{attended}',
  'events.line.declined': 'non può: {member}',
  'events.line.expired': 'offerta scaduta: {member}',
  'events.mark.present': ' ✅',
  'events.mark.absent': ' · assenza',
  'events.effect.post': 'pubblicare un evento',
  'events.effect.render': 'aggiornare il messaggio di un evento',
  'events.effect.tell': 'scrivere a un membro a proposito di un evento',
  'events.effect.mirrorCreate': 'elencare un evento negli eventi del server',
  'events.effect.mirrorUpdate': 'aggiornare un evento negli eventi del server',
  'events.effect.mirrorDelete': 'togliere un evento annullato dagli eventi del server',
  'events.mirrorPaused':
    'Hearth non può elencare gli eventi negli Eventi del server (Discord gli nega il permesso Crea eventi), quindi smette di provarci; gli eventi e i loro pulsanti funzionano come prima. Dai al ruolo di Hearth **Crea eventi** (Impostazioni server > Ruoli); il prossimo {/event create} o {/event edit} elenca gli eventi in arrivo.',
  'events.mirrorResumed':
    'Hearth può di nuovo elencare gli eventi negli Eventi del server: {count, plural, =0 {nulla era in attesa} one {# evento in arrivo viene elencato} other {# eventi in arrivo vengono elencati}}.',
  'events.calendar': 'Aggiungi al calendario',
  'events.calendarFile':
    'Il file di calendario per **{title}**: aprilo per aggiungere l’evento al tuo calendario (aggiorna una copia precedente).',
  'events.postFailed':
    'Non è stato possibile pubblicare l’evento “{title}” in {channel}, quindi è ritirato. Sistema i permessi del canale, poi crealo di nuovo.',

  'events.data.rsvps': 'Le tue risposte agli eventi: ci sarò, in attesa, forse, e se c’eri',
  'events.data.feedback': 'Le tue valutazioni degli eventi a cui hai partecipato',
  'events.data.prefs': 'La tua scelta sui promemoria degli eventi',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('events', en, it);

export * from '../../core/i18n.js';
