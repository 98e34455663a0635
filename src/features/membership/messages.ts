/**
 * Messages of membership: member caps, seats and the waitlist (/seats, /waitlist).
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  'seats.waitlistedDm':
    '{server} is full right now: you are number {position} on the waitlist. We will message you as soon as a seat opens. {/waitlist} shows where you stand.',
  'seats.barredDm':
    'A manager of {server} removed your seat earlier, and that decision still stands after leaving and coming back: Hearth will not give you a seat again unless a manager lets you back in. If you think this is a mistake, write to the server’s team.',
  'seats.barredReply':
    'Thank you. A manager removed your seat in {server} earlier, so Hearth does not give you one again unless a manager lets you back in.',
  'seats.greeting': 'Please welcome {member}, the newest member of {server}!',
  'seats.effect.role': 'grant or remove the member role',
  'seats.effect.greeting': 'greet a new member',
  'seats.effect.tell': 'tell a member about their seat',
  'seats.promotedDm': 'A seat opened in {server} and it is yours: welcome in!',
  'seats.promotedPublic': '{member}, a seat opened and it is yours: welcome in!',
  'seats.invitedDm':
    'A seat opened in {server}! It is held for you until {deadline}: press Confirm to take it.',
  'seats.invitedPublic':
    '{member}, a seat opened for you! It is held until {deadline}: press Confirm to take it.',
  'seats.confirm': 'Confirm my seat',
  'seats.confirmed': 'Welcome to {server}: your seat is confirmed!',
  'seats.offerExpired': 'This seat offer has expired. {/waitlist} shows where you stand.',
  'seats.expiredKeep':
    'Your seat offer in {server} expired, so the seat went to the next person. You keep your place: number {position} on the waitlist.',
  'seats.expiredDrop':
    'Your seat offer in {server} expired, so the seat went to the next person, and you have left the waitlist.',
  'seats.youWait':
    'You are number {position} on the waitlist. We will message you as soon as a seat opens.',
  'seats.youAreIn': 'You are a member of this community (seat {seat}).',
  'seats.youAreInvited': 'A seat is held for you until {deadline}.',
  'seats.youAreNotListed': 'You are not on the waitlist.',
  'seats.youLeft': 'You have left the waitlist.',
  'seats.notWaiting': 'That member is not on the waitlist.',
  'seats.notListed': 'That member has neither a seat nor a place on the waitlist.',
  'seats.alreadyAdmitted': 'That member already has a seat.',
  'seats.full':
    'Every seat is taken, reserved ones included. Raise the cap with {/seats cap} first.',
  'seats.notInServer': 'That person is not a member of this server.',
  'seats.needMemberRole':
    'Set the member role first with {/hearth setup} (`{/hearth setup member_role}`): the cap counts the members who hold it.',
  'seats.capRange': 'The cap must be a whole number from 1 to {max}.',
  'seats.reservedRange': 'Reserved seats must be a whole number from 0 to {max}.',
  'seats.confirmRange':
    'The confirmation window must be from 1 to 720 hours (or 0 to turn it off).',
  'seats.summary':
    '**Seats: {cap}** · admitted {admitted} · offered {invited} · reserved {reserved} · free {free} · waiting {waiting}',
  'seats.summaryUncapped': '**No cap** · admitted {admitted} · waiting {waiting}',
  'seats.confirmKeep':
    'A promoted person has {hours, plural, one {# hour} other {# hours}} to confirm; if they do not, the seat goes to the next person and they keep their place on the waitlist.',
  'seats.confirmDrop':
    'A promoted person has {hours, plural, one {# hour} other {# hours}} to confirm; if they do not, the seat goes to the next person and they leave the waitlist.',
  'seats.confirmOff': 'Promoted people are admitted at once, with no confirmation.',
  'seats.overCap':
    '{count, plural, one {# member is} other {# members are}} above the new cap. Nobody is removed: their seats go away as they free up.',
  'seats.waitlistTitle': '**Waitlist ({count})**',
  'seats.waitlistLine': '{position}. {member}, waiting since {since} ({ago})',
  'seats.waitlistEmpty': 'Nobody is waiting.',
  'seats.admitted': '{member} is admitted (seat {seat}).',
  'seats.removedSeat':
    '{member} no longer has a seat; the member role is removed. They stay in the server.',
  'seats.removedFromWaitlist': '{member} is off the waitlist.',
  'seats.moved': '{member} is now number {position} on the waitlist.',
  'seats.inactiveTitle':
    '**{count, plural, one {# admitted member} other {# admitted members}} without a message in {weeks, plural, one {# week} other {# weeks}}.** Hearth never removes anyone: a personal check-in often works better.',
  'seats.inactiveLine': '{member}: last message {last}',
  'seats.inactiveNever': '{member}: no message seen',
  'seats.inactiveHidden': '… and {count} who asked not to be shown by name ({/privacy}).',
  'seats.inactiveNone':
    'Every admitted member wrote something in the last {weeks, plural, one {week} other {# weeks}}.',
  'seats.synced':
    'Discord now matches Hearth: {granted, plural, one {# role granted} other {# roles granted}}, {revoked} removed, {promoted, plural, one {# person promoted} other {# people promoted}}.',

  'cmd.seats.description': 'Keep the community small: a cap on members and a fair waitlist',
  'cmd.seats.summary.name': 'summary',
  'cmd.seats.summary.description': 'Admitted, offered, reserved and free seats, and who is waiting',
  'cmd.seats.cap.name': 'cap',
  'cmd.seats.cap.description': 'Set how many members the community has room for',
  'cmd.seats.uncap.name': 'uncap',
  'cmd.seats.uncap.description': 'Remove the cap',
  'cmd.seats.reserve.name': 'reserve',
  'cmd.seats.reserve.description': 'Hold seats for people you invite',
  'cmd.seats.confirm.name': 'confirm',
  'cmd.seats.confirm.description': 'Ask promoted people to confirm their seat in time',
  'cmd.seats.waitlist.name': 'waitlist',
  'cmd.seats.waitlist.description': 'Who is waiting, in order, and since when',
  'cmd.seats.admit.name': 'admit',
  'cmd.seats.admit.description': 'Admit someone now, ahead of the queue',
  'cmd.seats.remove.name': 'remove',
  'cmd.seats.remove.description': 'Take away someone’s seat or place on the waitlist',
  'cmd.seats.move.name': 'move',
  'cmd.seats.move.description': 'Move someone to another place on the waitlist',
  'cmd.seats.inactive.name': 'inactive',
  'cmd.seats.inactive.description': 'Admitted members who have not written for some weeks',
  'cmd.seats.sync.name': 'sync',
  'cmd.seats.sync.description':
    'Make member roles on Discord match Hearth (after fixing permissions)',
  'cmd.waitlist.name': 'waitlist',
  'cmd.waitlist.description': 'Your place on the waitlist',
  'cmd.waitlist.position.name': 'position',
  'cmd.waitlist.position.description': 'See where you stand',
  'cmd.waitlist.leave.name': 'leave',
  'cmd.waitlist.leave.description': 'Take yourself off the waitlist',
  'cmd.opt.count.name': 'count',
  'cmd.opt.count.description': 'How many seats',
  'cmd.opt.hours.description': 'Hours to confirm (0 turns confirmation off)',
  'cmd.opt.keepPlace.name': 'keep_place',
  'cmd.opt.keepPlace.description':
    'Someone who does not confirm in time keeps their place (default: yes)',
  'cmd.opt.weeks.name': 'weeks',
  'cmd.opt.weeks.description': 'Weeks without a message',
  // Members' data rights: what membership keeps about a member
  'seats.data.membership': 'Your seat or waitlist record (state, seat, place in the queue, dates)',
  'seats.data.removals': 'Seats you took away from members as a manager (who, and when)',
  'seats.data.activity':
    'When you last wrote a message (the time only, for “inactive for N weeks”)',
  'seats.data.keptSeat':
    'You are still a member with the member role, so Hearth records afresh that you hold your seat (no dates, no history); it goes when you leave.',
  'seats.data.noteKeepSeat':
    'You hold seat {seat}. You keep it and the member role; Hearth keeps only the fact that you hold that seat, recorded afresh.',
  'seats.data.noteGiveUpSeat':
    'You hold seat {seat}. As you asked to remove your roles too, you give it up: the member role is removed and the seat goes to the next person waiting.',
  'seats.data.noteOffer':
    'A seat is being offered to you: erasing declines it, and it goes to the next person waiting.',
  'seats.data.notePlace':
    'You are on the waitlist: erasing takes you off it, and you would start again at the end.',
  'seats.data.noteBar':
    'A manager removed your seat. That decision stands after the erase: Hearth keeps a keyed fingerprint of you (not your id) and the day of the removal, so it does not give you a seat again unless a manager lets you back in.',
  'cmd.seats.name': 'seats',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'seats.waitlistedDm':
    '{server} al momento è al completo: sei il numero {position} in lista d’attesa. Ti scriveremo appena si libera un posto. {/waitlist} mostra a che punto sei.',
  'seats.barredDm':
    'In precedenza un manager di {server} ti ha tolto il posto, e la decisione resta valida anche dopo l’uscita e il rientro nel server: Hearth non ti assegnerà un nuovo posto finché un manager non ti riammette. Se pensi che sia un errore, scrivi allo staff del server.',
  'seats.barredReply':
    'Grazie. In precedenza un manager di {server} ti ha tolto il posto, quindi Hearth non te ne assegna un altro finché un manager non ti riammette.',
  'seats.greeting': 'Diamo il benvenuto a {member}: da oggi fa parte di {server}!',
  'seats.effect.role': 'assegnare o togliere il ruolo membri',
  'seats.effect.greeting': 'dare il benvenuto a un nuovo membro',
  'seats.effect.tell': 'avvisare qualcuno del suo posto',
  'seats.promotedDm': 'Si è liberato un posto in {server} ed è tuo: ti diamo il benvenuto!',
  'seats.promotedPublic': '{member}, si è liberato un posto ed è tuo: ti diamo il benvenuto!',
  'seats.invitedDm':
    'Si è liberato un posto in {server}! È riservato a te fino a {deadline}: premi Conferma per prenderlo.',
  'seats.invitedPublic':
    '{member}, si è liberato un posto per te! È riservato fino a {deadline}: premi Conferma per prenderlo.',
  'seats.confirm': 'Conferma il mio posto',
  'seats.confirmed': 'Il tuo posto in {server} è confermato: ti diamo il benvenuto!',
  'seats.offerExpired': 'Questa offerta di posto è scaduta. {/waitlist} mostra a che punto sei.',
  'seats.expiredKeep':
    'La tua offerta di posto in {server} è scaduta, quindi il posto è passato alla persona successiva. Mantieni la tua posizione: numero {position} in lista d’attesa.',
  'seats.expiredDrop':
    'La tua offerta di posto in {server} è scaduta, quindi il posto è passato alla persona successiva e non sei più in lista d’attesa.',
  'seats.youWait':
    'Sei il numero {position} in lista d’attesa. Ti scriveremo appena si libera un posto.',
  'seats.youAreIn': 'Fai parte di questa community (posto {seat}).',
  'seats.youAreInvited': 'C’è un posto riservato a te fino a {deadline}.',
  'seats.youAreNotListed': 'Non sei in lista d’attesa.',
  'seats.youLeft': 'Non sei più in lista d’attesa.',
  'seats.notWaiting': 'Questo membro non è in lista d’attesa.',
  'seats.notListed': 'Questo membro non ha né un posto né una posizione in lista d’attesa.',
  'seats.alreadyAdmitted': 'Questo membro ha già un posto.',
  'seats.full':
    'Tutti i posti sono occupati, compresi quelli riservati. Prima alza il limite con {/seats cap}.',
  'seats.notInServer': 'Questa persona non è membro del server.',
  'seats.needMemberRole':
    'Imposta prima il ruolo membri con {/hearth setup} (`{/hearth setup member_role}`): il limite conta chi ha quel ruolo.',
  'seats.capRange': 'Il limite deve essere un numero intero da 1 a {max}.',
  'seats.reservedRange': 'I posti riservati devono essere un numero intero da 0 a {max}.',
  'seats.confirmRange': 'La finestra di conferma va da 1 a 720 ore (o 0 per disattivarla).',
  'seats.summary':
    '**Posti: {cap}** · occupati {admitted} · offerti {invited} · riservati {reserved} · liberi {free} · in attesa {waiting}',
  'seats.summaryUncapped': '**Nessun limite** · posti occupati {admitted} · in attesa {waiting}',
  'seats.confirmKeep':
    'La persona a cui tocca un posto ha {hours, plural, one {un’ora} other {# ore}} per confermare; se non lo fa, il posto passa a chi viene dopo e lei resta in lista nella stessa posizione.',
  'seats.confirmDrop':
    'La persona a cui tocca un posto ha {hours, plural, one {un’ora} other {# ore}} per confermare; se non lo fa, il posto passa a chi viene dopo e lei esce dalla lista d’attesa.',
  'seats.confirmOff':
    'Quando si libera un posto, va subito alla prima persona in lista, senza conferma.',
  'seats.overCap':
    '{count, plural, one {# membro è} other {# membri sono}} oltre il nuovo limite. Nessuno viene rimosso: i posti in più spariscono man mano che si liberano.',
  'seats.waitlistTitle': '**Lista d’attesa ({count})**',
  'seats.waitlistLine': '{position}. {member}, in attesa dal {since} ({ago})',
  'seats.waitlistEmpty': 'Nessuno è in attesa.',
  'seats.admitted': 'Ora {member} ha un posto (il numero {seat}).',
  'seats.removedSeat':
    '{member} non ha più un posto; il ruolo membri è stato tolto. Resta nel server.',
  'seats.removedFromWaitlist': '{member} non è più in lista d’attesa.',
  'seats.moved': '{member} ora è il numero {position} in lista d’attesa.',
  'seats.inactiveTitle':
    '**{count, plural, one {# persona con un posto} other {# persone con un posto}} senza messaggi da {weeks, plural, one {una settimana} other {# settimane}}.** Hearth non rimuove mai nessuno: spesso un messaggio personale funziona meglio.',
  'seats.inactiveLine': '{member}: ultimo messaggio {last}',
  'seats.inactiveNever': '{member}: nessun messaggio visto',
  'seats.inactiveHidden':
    '… e {count, plural, one {# persona che ha chiesto} other {# persone che hanno chiesto}} di non comparire per nome ({/privacy}).',
  'seats.inactiveNone':
    'Tutte le persone con un posto hanno scritto qualcosa {weeks, plural, one {nell’ultima settimana} other {nelle ultime # settimane}}.',
  'seats.synced':
    'Discord ora corrisponde a Hearth: {granted, plural, one {# ruolo assegnato} other {# ruoli assegnati}}, {revoked, plural, one {# tolto} other {# tolti}}, {promoted, plural, one {# persona promossa} other {# persone promosse}}.',

  'cmd.seats.description':
    'Mantieni piccola la community: un limite di membri e una lista d’attesa equa',
  'cmd.seats.summary.name': 'riepilogo',
  'cmd.seats.summary.description': 'Posti occupati, offerti, riservati e liberi, e chi è in attesa',
  'cmd.seats.cap.name': 'limite',
  'cmd.seats.cap.description': 'Imposta quanti membri può accogliere la community',
  'cmd.seats.uncap.name': 'senza_limite',
  'cmd.seats.uncap.description': 'Rimuovi il limite',
  'cmd.seats.reserve.name': 'riserva',
  'cmd.seats.reserve.description': 'Tieni dei posti per le persone che inviti',
  'cmd.seats.confirm.name': 'conferma',
  'cmd.seats.confirm.description': 'Chiedi a chi viene promosso di confermare il posto in tempo',
  'cmd.seats.waitlist.name': 'attesa',
  'cmd.seats.waitlist.description': 'Chi è in attesa, in ordine, e da quando',
  'cmd.seats.admit.name': 'ammetti',
  'cmd.seats.admit.description': 'Ammetti subito qualcuno, prima della coda',
  'cmd.seats.remove.name': 'rimuovi',
  'cmd.seats.remove.description': 'Togli a qualcuno il posto o la posizione in lista',
  'cmd.seats.move.name': 'sposta',
  'cmd.seats.move.description': 'Sposta qualcuno in un’altra posizione della lista',
  'cmd.seats.inactive.name': 'inattivi',
  'cmd.seats.inactive.description': 'Persone con un posto che non scrivono da qualche settimana',
  'cmd.seats.sync.name': 'sincronizza',
  'cmd.seats.sync.description':
    'Allinea i ruoli membri su Discord a Hearth (dopo aver sistemato i permessi)',
  'cmd.waitlist.name': 'listaattesa',
  'cmd.waitlist.description': 'La tua posizione in lista d’attesa',
  'cmd.waitlist.position.name': 'posizione',
  'cmd.waitlist.position.description': 'Guarda a che punto sei',
  'cmd.waitlist.leave.name': 'esci',
  'cmd.waitlist.leave.description': 'Togliti dalla lista d’attesa',
  'cmd.opt.count.name': 'numero',
  'cmd.opt.count.description': 'Quanti posti',
  'cmd.opt.hours.description': 'Ore per confermare (0 disattiva la conferma)',
  'cmd.opt.keepPlace.name': 'mantieni_posizione',
  'cmd.opt.keepPlace.description':
    'Chi non conferma in tempo mantiene la posizione (predefinito: sì)',
  'cmd.opt.weeks.name': 'settimane',
  'cmd.opt.weeks.description': 'Settimane senza messaggi',
  'seats.data.membership':
    'Il tuo posto o la tua iscrizione alla lista d’attesa (stato, posto, posizione in coda, date)',
  'seats.data.removals': 'Posti che hai tolto ad altri membri come manager (a chi e quando)',
  'seats.data.activity':
    'Quando hai scritto l’ultimo messaggio (solo l’ora, per «inattivi da N settimane»)',
  'seats.data.keptSeat':
    'Fai ancora parte della community con il ruolo membro, quindi Hearth registra di nuovo che occupi il tuo posto (senza date né storico); la registrazione sparisce quando lasci il server.',
  'seats.data.noteKeepSeat':
    'Occupi il posto {seat}. Lo mantieni, insieme al ruolo membro; Hearth conserva solo il fatto che quel posto è tuo, registrato da zero.',
  'seats.data.noteGiveUpSeat':
    'Occupi il posto {seat}. Dato che hai chiesto di togliere anche i ruoli, ci rinunci: il ruolo membro viene tolto e il posto passa alla prossima persona in attesa.',
  'seats.data.noteOffer':
    'Ti è stato offerto un posto: cancellando i dati lo rifiuti, e passa alla prossima persona in attesa.',
  'seats.data.notePlace':
    'Sei in lista d’attesa: cancellando i dati ne esci, e dovresti ricominciare dal fondo.',
  'seats.data.noteBar':
    'Chi gestisce il server ti ha tolto il posto. Quella decisione resta valida anche dopo la cancellazione: Hearth conserva un’impronta cifrata con chiave (non il tuo ID) e il giorno della rimozione, così non ti ridà un posto finché chi gestisce il server non ti riammette.',
  'cmd.seats.name': 'posti',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('membership', en, it);

export * from '../../core/i18n.js';
