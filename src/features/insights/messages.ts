/**
 * Messages of insights: /insights and the weekly digest.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // Engagement insights
  'insights.overviewTitle': 'Your community, {from} – {to}',
  'insights.active': '**Active members:** {active} ({share} of all members)',
  'insights.joinsLeaves': '**Joined:** {joined} · **left:** {left}',
  'insights.messages': '**Messages:** {count}',
  'insights.depth':
    '**Depth:** a typical message has {words, plural, one {# word} other {# words}} (median)',
  'insights.depthUnknown':
    '**Depth:** not measured (the operator has not enabled message content; Hearth does not guess)',
  'insights.memberStarted': '**Conversations started by members** (not staff): {share}',
  'insights.memberToMember':
    '**Replies from member to member:** {share}, how much the community talks without staff',
  'insights.prompts': '**Prompts that got replies:** {share}',
  'insights.polls': '**Poll participation:** {share} of members on average',
  'insights.promptsNone': '**Prompts that got replies:** no prompt was posted in this period',
  'insights.pollsNone': '**Poll participation:** no poll was opened in this period',
  'insights.onboarding':
    '**Onboarding:** {joined} joined · {started} started · {completed} completed',
  'insights.waitlist': '**Waitlist:** {count} waiting',
  'insights.segmentLine': 'Only the members of the segment **{segment}** ({count} now).',
  'insights.segmentTooSmall':
    'The segment “{segment}” has {count} members: figures for fewer than {min} people would point at individuals, so Hearth does not show them.',
  'insights.segmentTooFewNamed':
    'Only {count} members of the segment “{segment}” may be named in insights (the others asked not to be): figures for fewer than {min} people would point at individuals, so Hearth does not show them.',
  'insights.segmentHiddenLeftOut':
    '{count, plural, one {# member who asked not to be named is} other {# members who asked not to be named are}} left out of a segment’s figures.',
  'insights.hiddenLeftOut':
    'Figures leave out members who asked not to be counted ({/privacy hide}) wherever fewer than {min} of them would be in one: else what they did could be worked out by subtraction.',
  'insights.depthHidden':
    '**Depth:** not shown while figures leave out members who asked not to be counted (the word counts do not say whose they are)',
  'insights.segmentHiddenActivity':
    'Members who asked not to be named are left out of this segment’s count too: its rules read activity.',
  'insights.depthSegment': '**Depth:** not kept per member, so not shown for a segment',
  'insights.pollsSegment':
    '**Poll participation:** votes are not kept per member, so not shown for a segment',
  'cmd.opt.insightsSegment.name': 'segment',
  'cmd.opt.insightsSegment.description': 'Only the members of this segment',
  'insights.chartTitle': 'Last 12 weeks',
  'insights.chartActive': 'Active members',
  'insights.chartMemberToMember': 'Member-to-member replies (%)',
  'insights.chartDepth': 'Median words per message',
  'insights.retentionHeader':
    '**Joined in the week of · how many · still active after {weeks} weeks**',
  'insights.retentionLine': '{week} · {joined} · {after}',
  'insights.retentionEmpty': 'Nobody joined in the last 12 weeks.',
  'insights.introsTitle': 'Introductions: what members gained',
  'insights.introsNone': 'No introductions round has been made in this server yet.',
  'insights.introsPairs':
    '**Pairs made:** {pairs} in {rounds, plural, one {# round} other {# rounds}} (a trio counts as three pairs)',
  'insights.introsRound':
    'Round {seq} ({at}): {pairs, plural, one {# pair} other {# pairs}} in {groups, plural, one {# group} other {# groups}}, {repeats, plural, =0 {no repeats} one {# repeated} other {# repeated}}',
  'insights.introsEarlier':
    '{count, plural, one {# earlier round} other {# earlier rounds}} counted in the totals',
  'insights.introsRepeats':
    '**Repeat rate:** {share} ({repeats} of {pairs} pairs matched again within {window} rounds, where the pool was too small)',
  'insights.introsMet':
    '**Met:** {share} of groups ({met} of the {answered} whose check-in was answered; {unanswered} not answered)',
  'insights.introsConnections':
    '**New connections:** {count} ({share} of the {pairs} pairs matched in the last 6 months replied to each other after their introduction and not before; {before} had already replied before it). Measured from when both had joined introductions.',
  'insights.introsTooFew':
    '**{figure}:** too few to show (it would rest on {count}; at least {min} are needed, so as not to point at individuals)',
  'insights.introsFigure.repeats': 'Repeat rate',
  'insights.introsFigure.met': 'Met',
  'insights.introsFigure.connections': 'New connections',
  'insights.memberTitle': 'Member check-in',
  'insights.memberActivity':
    'Last 4 weeks: {messages, plural, one {# message} other {# messages}}, {replies, plural, one {# reply} other {# replies}}, {threads, plural, one {# thread} other {# threads}}, active on {days, plural, one {# day} other {# days}}; last seen {last}; about {words, plural, one {# word} other {# words}} a message.',
  'insights.memberHidden':
    'This member asked not to be shown by name in Hearth’s insights. Their activity counts in the totals only once at least {min} members have asked the same.',
  'insights.never': 'never',
  'insights.digestTitle': 'Your week in the community',
  'insights.effect.digest': 'post the weekly digest',
  'insights.period.week': 'Last 7 days',
  'insights.period.month': 'Last 30 days',
  'insights.period.quarter': 'Last 91 days',

  'cmd.insights.description':
    'What matters in a small community: activity, depth, members talking to members',
  'cmd.insights.overview.name': 'overview',
  'cmd.insights.overview.description': 'The headline figures for a period',
  'cmd.insights.trends.name': 'trends',
  'cmd.insights.trends.description': 'Weekly charts of activity, depth and member-to-member talk',
  'cmd.insights.prompts.name': 'prompts',
  'cmd.insights.prompts.description': 'Which prompts started conversations',
  'cmd.insights.retention.name': 'retention',
  'cmd.insights.retention.description': 'Members by join week, and who is still active',
  'cmd.insights.member.name': 'member',
  'cmd.insights.member.description': 'One member’s activity and answers, for a personal check-in',
  'cmd.insights.intros.name': 'intros',
  'cmd.insights.intros.description':
    'Introductions: pairs made, who met, repeats and new member-to-member connections',
  'cmd.opt.period.name': 'period',
  'cmd.opt.period.description': 'Which period (default: last 7 days)',
  'cmd.insights.events.name': 'events',
  'cmd.insights.events.description':
    'Events: turnout, no-shows, waitlist demand, feedback and repeat attendees',
  'cmd.opt.eventsPeriod.name': 'period',
  'cmd.opt.eventsPeriod.description': 'Which period (default: last 30 days)',
  'insights.eventsTitle': 'Events, {from} – {to}',
  'insights.eventsNone': 'No event ended in this period.',
  'insights.eventsLine':
    '**{title}** ({at}): attended {attendedGoing} of {going} going ({turnout}), {noShows, plural, one {# no-show} other {# no-shows}}, {attended} present in all · waitlist: {waitlist}, {lapsed} offers lapsed, {waiting} still waiting · feedback: {feedback}',
  'insights.eventsWaitlistHidden': 'not shown',
  'insights.eventsWaitlist': '{count} joined',
  'insights.eventsFeedbackNone': 'no ratings',
  'insights.eventsFeedbackFew':
    '{count, plural, one {# rating} other {# ratings}} (an average of fewer than {min} is not shown)',
  'insights.eventsFeedback': '{average} of 5 ({count, plural, one {# rating} other {# ratings}})',
  'insights.eventsRepeat':
    '**Repeat attendees:** {repeat} of {attendees} members who attended came to two events or more',
  'insights.eventsDigest':
    '**Events:** {count, plural, one {# event} other {# events}} ended, attended {attended} of {going} going ({turnout}), {noShows, plural, one {# no-show} other {# no-shows}}',
  // Members' data rights: what insights keep about a member
  'insights.data.events':
    'Messages you wrote recently: channel, time, whether it was a reply, word count; never the text',
  'insights.data.days': 'Days with activity (your daily totals of messages, replies and threads)',
  'insights.data.joins': 'Times you joined or left the server',
  'insights.data.hidden': 'Your choice not to be shown by name in insights',
  'cmd.insights.name': 'insights',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'insights.overviewTitle': 'La tua community, {from} – {to}',
  'insights.active': '**Membri attivi:** {active} ({share} di tutti i membri)',
  'insights.joinsLeaves': '**Ingressi:** {joined} · **uscite:** {left}',
  'insights.messages': '**Messaggi:** {count}',
  'insights.depth':
    '**Profondità:** un messaggio tipico ha {words, plural, one {# parola} other {# parole}} (mediana)',
  'insights.depthUnknown':
    '**Profondità:** non misurata (l’operatore non ha attivato il contenuto dei messaggi; Hearth non tira a indovinare)',
  'insights.memberStarted': '**Conversazioni avviate dai membri** (non dallo staff): {share}',
  'insights.memberToMember':
    '**Risposte da membro a membro:** {share}, quanto la community parla senza lo staff',
  'insights.prompts': '**Spunti che hanno ricevuto risposte:** {share}',
  'insights.polls': '**Partecipazione ai sondaggi:** {share} dei membri in media',
  'insights.promptsNone':
    '**Spunti che hanno ricevuto risposte:** nessuno spunto pubblicato in questo periodo',
  'insights.pollsNone': '**Partecipazione ai sondaggi:** nessun sondaggio aperto in questo periodo',
  'insights.onboarding':
    '**Accoglienza:** {joined, plural, one {# ingresso} other {# ingressi}} · {started, plural, one {# l’ha iniziata} other {# l’hanno iniziata}} · {completed, plural, one {# l’ha completata} other {# l’hanno completata}}',
  'insights.waitlist': '**Lista d’attesa:** {count} in attesa',
  'insights.segmentLine': 'Solo i membri del segmento **{segment}** ({count} ora).',
  'insights.segmentTooSmall':
    'Il segmento “{segment}” ha {count} membri: dati su meno di {min} persone indicherebbero i singoli, quindi Hearth non li mostra.',
  'insights.segmentTooFewNamed':
    'Solo {count} membri del segmento “{segment}” possono comparire per nome nei dati (gli altri hanno chiesto di no): dati su meno di {min} persone indicherebbero i singoli, quindi Hearth non li mostra.',
  'insights.segmentHiddenLeftOut':
    '{count, plural, one {# membro che ha chiesto di non comparire per nome è escluso} other {# membri che hanno chiesto di non comparire per nome sono esclusi}} dai dati di un segmento.',
  'insights.hiddenLeftOut':
    'Le cifre non contano le persone che hanno chiesto di non essere contate ({/privacy hide}) ovunque ne includerebbero meno di {min}: altrimenti quello che hanno fatto si potrebbe ricavare per sottrazione.',
  'insights.depthHidden':
    '**Profondità:** non mostrata finché le cifre non contano le persone che hanno chiesto di non essere contate (il conteggio delle parole non dice di chi sono)',
  'insights.segmentHiddenActivity':
    'Le persone che hanno chiesto di non comparire per nome restano fuori anche dal conteggio di questo segmento: le sue regole leggono l’attività.',
  'insights.depthSegment':
    '**Profondità:** non è conservata per singolo membro, quindi non è mostrata per un segmento',
  'insights.pollsSegment':
    '**Partecipazione ai sondaggi:** i voti non sono conservati per singolo membro, quindi non è mostrata per un segmento',
  'cmd.opt.insightsSegment.name': 'segmento',
  'cmd.opt.insightsSegment.description': 'Solo i membri di questo segmento',
  'insights.chartTitle': 'Ultime 12 settimane',
  'insights.chartActive': 'Membri attivi',
  'insights.chartMemberToMember': 'Risposte da membro a membro (%)',
  'insights.chartDepth': 'Parole per messaggio (mediana)',
  'insights.retentionHeader':
    '**Settimana di ingresso · quante persone · ancora attive dopo {weeks} settimane**',
  'insights.retentionLine': '{week} · {joined} · {after}',
  'insights.retentionEmpty': 'Nessun ingresso nelle ultime 12 settimane.',
  'insights.introsTitle': 'Presentazioni: cosa hanno guadagnato i membri',
  'insights.introsNone': 'In questo server non è ancora stato fatto nessun turno di presentazioni.',
  'insights.introsPairs':
    '**Coppie formate:** {pairs} in {rounds, plural, one {# turno} other {# turni}} (un trio conta come tre coppie)',
  'insights.introsRound':
    'Turno {seq} ({at}): {pairs, plural, one {# coppia} other {# coppie}} in {groups, plural, one {# gruppo} other {# gruppi}}, {repeats, plural, =0 {nessuna ripetizione} one {# ripetuta} other {# ripetute}}',
  'insights.introsEarlier':
    '{count, plural, one {# turno precedente contato} other {# turni precedenti contati}} nei totali',
  'insights.introsRepeats':
    '**Ripetizioni:** {share} ({repeats} coppie su {pairs} abbinate di nuovo entro {window} turni, dove i partecipanti erano troppo pochi)',
  'insights.introsMet':
    '**Incontri:** {share} dei gruppi ({met} dei {answered} che hanno risposto al controllo; {unanswered} senza risposta)',
  'insights.introsConnections':
    '**Nuovi legami:** {count} ({share} delle {pairs} coppie abbinate negli ultimi 6 mesi si sono risposte dopo la presentazione e non prima; {before} si erano già risposte prima). Misurato da quando entrambi partecipano alle presentazioni.',
  'insights.introsTooFew':
    '**{figure}:** troppo pochi per mostrarlo (si baserebbe su {count}; ne servono almeno {min}, per non indicare i singoli)',
  'insights.introsFigure.repeats': 'Ripetizioni',
  'insights.introsFigure.met': 'Incontri',
  'insights.introsFigure.connections': 'Nuovi legami',
  'insights.memberTitle': 'Colloquio con un membro',
  'insights.memberActivity':
    'Ultime 4 settimane: {messages, plural, one {# messaggio} other {# messaggi}}, {replies, plural, one {# risposta} other {# risposte}}, {threads, plural, one {# thread} other {# thread}}, presenza in {days, plural, one {# giorno} other {# giorni}}; ultima attività: {last}; circa {words, plural, one {# parola} other {# parole}} a messaggio.',
  'insights.memberHidden':
    'Questa persona ha chiesto che il suo nome non compaia nelle statistiche di Hearth. La sua attività conta nei totali solo quando almeno {min} persone hanno chiesto lo stesso.',
  'insights.never': 'mai',
  'insights.digestTitle': 'La tua settimana nella community',
  'insights.effect.digest': 'pubblicare il riepilogo settimanale',
  'insights.period.week': 'Ultimi 7 giorni',
  'insights.period.month': 'Ultimi 30 giorni',
  'insights.period.quarter': 'Ultimi 91 giorni',

  'cmd.insights.description':
    'Ciò che conta in una piccola community: attività, profondità, membri che parlano tra loro',
  'cmd.insights.overview.name': 'panoramica',
  'cmd.insights.overview.description': 'I numeri principali di un periodo',
  'cmd.insights.trends.name': 'andamento',
  'cmd.insights.trends.description':
    'Grafici settimanali di attività, profondità e dialogo tra membri',
  'cmd.insights.prompts.name': 'spunti',
  'cmd.insights.prompts.description': 'Quali spunti hanno avviato conversazioni',
  'cmd.insights.retention.name': 'fidelizzazione',
  'cmd.insights.retention.description': 'Gli ingressi per settimana, e chi partecipa ancora',
  'cmd.insights.member.name': 'membro',
  'cmd.insights.member.description': 'Attività e risposte di un membro, per un colloquio personale',
  'cmd.insights.intros.name': 'presentazioni',
  'cmd.insights.intros.description':
    'Presentazioni: coppie formate, chi si è incontrato, ripetizioni e nuovi legami tra membri',
  'cmd.opt.period.name': 'periodo',
  'cmd.opt.period.description': 'Quale periodo (predefinito: ultimi 7 giorni)',
  'cmd.insights.events.name': 'eventi',
  'cmd.insights.events.description':
    'Eventi: affluenza, assenze, domanda in lista d’attesa, valutazioni e partecipanti abituali',
  'cmd.opt.eventsPeriod.name': 'periodo',
  'cmd.opt.eventsPeriod.description': 'Quale periodo (predefinito: ultimi 30 giorni)',
  'insights.eventsTitle': 'Eventi, {from} – {to}',
  'insights.eventsNone': 'Nessun evento si è concluso in questo periodo.',
  'insights.eventsLine':
    '**{title}** ({at}): presenti {attendedGoing} su {going} iscritti ({turnout}), {noShows, plural, one {# assenza} other {# assenze}}, {attended} presenti in tutto · lista d’attesa: {waitlist}, {lapsed} offerte scadute, {waiting} ancora in attesa · valutazioni: {feedback}',
  'insights.eventsWaitlistHidden': 'non mostrata',
  'insights.eventsWaitlist': '{count} iscritti',
  'insights.eventsFeedbackNone': 'nessuna',
  'insights.eventsFeedbackFew':
    '{count, plural, one {# valutazione} other {# valutazioni}} (una media di meno di {min} non viene mostrata)',
  'insights.eventsFeedback':
    '{average} su 5 ({count, plural, one {# valutazione} other {# valutazioni}})',
  'insights.eventsRepeat':
    '**Partecipanti abituali:** {repeat} dei {attendees} membri presenti sono venuti a due eventi o più',
  'insights.eventsDigest':
    '**Eventi:** {count, plural, one {# evento concluso} other {# eventi conclusi}}, presenti {attended} su {going} iscritti ({turnout}), {noShows, plural, one {# assenza} other {# assenze}}',
  'insights.data.events':
    'Messaggi che hai scritto di recente: canale, ora, se era una risposta, numero di parole; mai il testo',
  'insights.data.days':
    'Giorni di attività (i tuoi totali giornalieri di messaggi, risposte e thread)',
  'insights.data.joins': 'Ingressi nel server e uscite, con data e ora',
  'insights.data.hidden': 'La tua scelta di non comparire per nome nelle statistiche',
  'cmd.insights.name': 'statistiche',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('insights', en, it);

export * from '../../core/i18n.js';
