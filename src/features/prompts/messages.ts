/**
 * Messages of prompts: the bank, schedules, suggestions (/prompt, /schedule, /suggest).
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  // Prompts and schedules
  'prompts.postTitle': 'Prompt of the week',
  'prompts.credit': 'Suggested by {member}',
  'prompts.suggestButton': 'Suggest a prompt',
  'prompts.suggestTitle': 'Suggest a discussion prompt',
  'prompts.suggestLimit':
    'You have already suggested {max} prompts in the last 24 hours, which is the limit. You can suggest another one {at}.',
  'prompts.field.text': 'The prompt',
  'prompts.field.tag': 'Tag (optional, one word)',
  'prompts.field.credit': 'Credit you by name when it is posted?',
  'prompts.creditYes': 'Yes, credit me',
  'prompts.creditNo': 'No, keep it anonymous',
  'prompts.suggested': 'Thank you! The managers will read your suggestion.',
  'prompts.reviewPost': 'New prompt suggested by {member} (credit: {credit}):\n>>> {text}',
  'prompts.approvedBy': 'Added to the prompt bank by {manager}.',
  'prompts.rejectedBy': 'Declined by {manager}.',
  'prompts.alreadyReviewed': 'Another manager has already reviewed this suggestion.',
  'prompts.empty': 'A prompt needs some text.',
  'prompts.tooLong':
    'That prompt is {length} characters; the limit is {max}. Shorter prompts get more replies, too.',
  'prompts.badTag': 'A tag is one word of letters, numbers, - or _, up to 32 characters.',
  'prompts.unknown': 'That prompt does not exist in this server. Pick one from the suggestions.',
  'prompts.addTitle': 'New prompt',
  'prompts.editTitle': 'Edit prompt',
  'prompts.added': 'Added prompt #{id}: {text}',
  'prompts.edited': 'Prompt #{id} updated: {text}',
  'prompts.removed': 'Prompt #{id} removed: {text}. Its history stays in the statistics.',
  'prompts.listTitle': '**Prompt bank ({count})**',
  'prompts.listLine':
    '#{id} · {text} · tag {tag} · {used, plural, =0 {never used} one {used once} other {used #×}}',
  'prompts.listEmpty':
    'The prompt bank is empty: add prompts with {/prompt add}, or import the starter deck with {/prompt import}.',
  'prompts.imported':
    '{count, plural, one {Added # starter prompt.} other {Added # starter prompts.}}',
  'prompts.statsTitle': '**Prompts that started the most conversation**',
  'prompts.statsLine':
    '{rank}. {text} · {repliers, plural, one {# person} other {# people}}, {replies, plural, one {# reply} other {# replies}} over {posts, plural, one {# post} other {# posts}}',
  'prompts.statsEmpty': 'No prompt has been posted yet.',
  'prompts.historyLine':
    '{at} in {thread}: {replies, plural, one {# reply} other {# replies}} from {repliers, plural, one {# person} other {# people}} · first 24 hours: {firstDay}',
  'prompts.historyEmpty': 'Not posted yet.',
  'prompts.badCron':
    'That cron expression does not work (“{field}”). It needs five fields: minute hour day-of-month month day-of-week, for example `0 18 * * mon`.',
  'prompts.badWeekdays':
    'Give the days as names separated by commas, for example `mon, thu` or `lun, gio`.',
  'prompts.badTime': 'Give the time as hours and minutes in 24-hour form, for example `18:00`.',
  'prompts.badEvery': 'Every 1 to 8 weeks.',
  'prompts.scheduleUnknown':
    'That schedule does not exist in this server. Pick one from the suggestions.',
  'prompts.bankEmpty': 'No prompt fits this schedule: add prompts (with its tag, if it has one).',
  'prompts.scheduled': 'Scheduled.',
  'prompts.schedulesTitle': '**Schedules ({count})**',
  'prompts.forSegment': 'For the segment **{segment}** ({count} members now).',
  'prompts.segmentSomeCannotSee':
    '⚠️ {count} of its members cannot see {channel}: the posts will not reach them there.',
  'prompts.segmentCannotSee':
    'None of the members of the segment “{segment}” can see {channel}. Pick a channel they can see, or change its permissions first. Nothing was scheduled.',
  'prompts.mentions': 'Each post mentions {role}.',
  'cmd.opt.scheduleSegment.name': 'segment',
  'cmd.opt.scheduleSegment.description':
    'Aim the prompts at a segment: Hearth checks its members can see the channel',
  'cmd.opt.mention.name': 'mention',
  'cmd.opt.mention.description': 'A role each post mentions (for example the segment’s role)',
  'prompts.scheduleLine':
    '**#{id}** in {channel}: {rule} ({zone}) · tag {tag} · {pick} · next: {next}',
  'prompts.weeklyRule': '{days} at {time}, every {every, plural, one {week} other {# weeks}}',
  'prompts.anyTag': 'any',
  'prompts.pausedState': 'paused',
  'prompts.noNext': 'none',
  'prompts.noSchedules':
    'No schedules yet: create one with {/schedule weekly} or {/schedule cron}.',
  'prompts.scheduleRemoved': 'Schedule #{id} removed.',
  'prompts.postingNow': 'Posting now.',
  'prompts.preview': 'Next post: {at}\n>>> {text}',
  'prompts.pick.queue': 'In order',
  'prompts.pick.least_used': 'Least used first',
  'prompts.pick.random': 'Random, no repeats',
  'prompts.day.0': 'Sunday',
  'prompts.day.1': 'Monday',
  'prompts.day.2': 'Tuesday',
  'prompts.day.3': 'Wednesday',
  'prompts.day.4': 'Thursday',
  'prompts.day.5': 'Friday',
  'prompts.day.6': 'Saturday',
  'prompts.missedNotice':
    'Schedule #{schedule} should have posted at {at}, but Hearth was offline for more than {hours, plural, one {# hour} other {# hours}}, so that post was skipped. The schedule continues as usual.',
  'prompts.emptyNotice':
    'Schedule #{schedule} had nothing to post: no prompt in the bank fits it. Add prompts with {/prompt add} or {/prompt import}.',
  'prompts.paused.channel':
    'Schedule #{schedule} is paused: its channel {channel} was deleted. Create a new schedule in another channel.',
  'prompts.paused.permissions':
    'Schedule #{schedule} is paused: Hearth cannot post or open threads in {channel}. Give it Send Messages and Create Public Threads there, then {/schedule resume}.',
  'prompts.paused.errors':
    'Schedule #{schedule} is paused after repeated errors posting in {channel}. Check {/hearth status}, then {/schedule resume}.',
  'prompts.missedNoticeMany':
    'While Hearth was offline, schedules {schedules} missed posts (the first at {at}); runs more than {hours} hours late, and all but the latest of each schedule, are skipped rather than posted in a burst. The schedules continue as usual.',
  'prompts.tooOften':
    'A prompt schedule can post at most once an hour: members need time to answer. Use fewer minutes or hours in the expression, for example `0 18 * * mon`.',
  'prompts.tooManySchedules':
    'This server already has {max} schedules, the most Hearth keeps for one server. Remove one with {/schedule remove} first.',
  'prompts.nowLimit':
    '{/schedule now} can post at most {max} prompts an hour in one server. Try again later, or let the schedules post.',
  'prompts.alreadyPosting':
    'This schedule is already posting a prompt this minute; it will appear shortly, once.',
  'prompts.effect.post': 'post a scheduled prompt',
  'prompts.effect.review': 'post a member’s suggestion for review',

  'cmd.prompt.description': 'The bank of discussion prompts',
  'cmd.prompt.add.name': 'add',
  'cmd.prompt.add.description': 'Add a prompt',
  'cmd.prompt.edit.name': 'edit',
  'cmd.prompt.edit.description': 'Edit a prompt',
  'cmd.prompt.remove.name': 'remove',
  'cmd.prompt.remove.description': 'Remove a prompt (its history stays)',
  'cmd.prompt.list.name': 'list',
  'cmd.prompt.list.description': 'The prompts, with how often each was used',
  'cmd.prompt.import.name': 'import',
  'cmd.prompt.import.description': 'Add the starter deck in the server’s language',
  'cmd.prompt.stats.name': 'stats',
  'cmd.prompt.stats.description': 'Which prompts started the most conversation',
  'cmd.prompt.history.name': 'history',
  'cmd.prompt.history.description': 'When a prompt was posted and the replies it got',
  'cmd.schedule.description': 'When and where prompts are posted',
  'cmd.schedule.weekly.name': 'weekly',
  'cmd.schedule.weekly.description': 'Post on some weekdays at a time, in the server’s time zone',
  'cmd.schedule.cron.name': 'cron',
  'cmd.schedule.cron.description': 'Post on a cron expression, in the server’s time zone',
  'cmd.schedule.list.name': 'list',
  'cmd.schedule.list.description': 'The schedules and their next posts',
  'cmd.schedule.pause.name': 'pause',
  'cmd.schedule.pause.description': 'Pause a schedule',
  'cmd.schedule.resume.name': 'resume',
  'cmd.schedule.resume.description': 'Resume a schedule from now',
  'cmd.schedule.skip.name': 'skip',
  'cmd.schedule.skip.description': 'Skip the next post',
  'cmd.schedule.now.name': 'now',
  'cmd.schedule.now.description': 'Post one prompt now',
  'cmd.schedule.preview.name': 'preview',
  'cmd.schedule.preview.description': 'The next post and its time',
  'cmd.schedule.remove.name': 'remove',
  'cmd.schedule.remove.description': 'Delete a schedule',
  'cmd.suggest.name': 'suggest',
  'cmd.suggest.description': 'Suggest a discussion prompt to the managers',
  'cmd.opt.prompt.name': 'prompt',
  'cmd.opt.prompt.description': 'The prompt',
  'cmd.opt.schedule.name': 'schedule',
  'cmd.opt.schedule.description': 'The schedule',
  'cmd.opt.channel.description':
    'A text channel (a thread opens under each post) or a forum (each prompt is a new post)',
  'cmd.opt.days.name': 'days',
  'cmd.opt.days.description': 'Weekdays, for example: mon, thu',
  'cmd.opt.time.name': 'time',
  'cmd.opt.time.description': 'Time of day, 24-hour, for example 18:00',
  'cmd.opt.everyWeeks.name': 'every_weeks',
  'cmd.opt.everyWeeks.description': 'Every N weeks (default 1)',
  'cmd.opt.expression.name': 'expression',
  'cmd.opt.expression.description': 'minute hour day month weekday, for example 0 18 * * mon',
  'cmd.opt.tag.name': 'tag',
  'cmd.opt.tag.description': 'Only prompts with this tag',
  'cmd.opt.pick.name': 'pick',
  'cmd.opt.pick.description': 'Which prompt comes next',
  // Members' data rights: what prompts keep about a member
  'prompts.data.suggestions': 'Prompts you suggested',
  'prompts.data.replies': 'Your replies in prompt threads (who and when, never the text)',
  'cmd.prompt.name': 'prompt',
  'cmd.schedule.name': 'schedule',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'prompts.postTitle': 'Lo spunto della settimana',
  'prompts.credit': 'Proposto da {member}',
  'prompts.suggestButton': 'Proponi uno spunto',
  'prompts.suggestTitle': 'Proponi uno spunto di discussione',
  'prompts.suggestLimit':
    'Nelle ultime 24 ore hai già proposto {max} spunti, il massimo consentito. Potrai proporne un altro {at}.',
  'prompts.field.text': 'Lo spunto',
  'prompts.field.tag': 'Etichetta (facoltativa, una parola)',
  'prompts.field.credit': 'Citarti per nome quando sarà pubblicato?',
  'prompts.creditYes': 'Sì, citami',
  'prompts.creditNo': 'No, senza il mio nome',
  'prompts.suggested': 'Grazie! I manager leggeranno la tua proposta.',
  'prompts.reviewPost': 'Nuovo spunto proposto da {member} (citazione: {credit}):\n>>> {text}',
  'prompts.approvedBy': 'Aggiunto alla raccolta da {manager}.',
  'prompts.rejectedBy': 'Non accettato da {manager}.',
  'prompts.alreadyReviewed': 'Un altro manager ha già valutato questa proposta.',
  'prompts.empty': 'Uno spunto deve avere un testo.',
  'prompts.tooLong':
    'Lo spunto è di {length} caratteri; il limite è {max}. Gli spunti brevi ricevono anche più risposte.',
  'prompts.badTag': 'Un’etichetta è una parola di lettere, numeri, - o _, fino a 32 caratteri.',
  'prompts.unknown': 'Questo spunto non esiste in questo server. Scegline uno dai suggerimenti.',
  'prompts.addTitle': 'Nuovo spunto',
  'prompts.editTitle': 'Modifica spunto',
  'prompts.added': 'Aggiunto lo spunto #{id}: {text}',
  'prompts.edited': 'Spunto #{id} aggiornato: {text}',
  'prompts.removed': 'Spunto #{id} rimosso: {text}. La sua storia resta nelle statistiche.',
  'prompts.listTitle': '**Raccolta di spunti ({count})**',
  'prompts.listLine':
    '#{id} · {text} · etichetta {tag} · {used, plural, =0 {mai usato} one {usato una volta} other {usato # volte}}',
  'prompts.listEmpty':
    'La raccolta è vuota: aggiungi spunti con {/prompt add} o importa quelli iniziali con {/prompt import}.',
  'prompts.imported':
    '{count, plural, one {Aggiunto # spunto iniziale.} other {Aggiunti # spunti iniziali.}}',
  'prompts.statsTitle': '**Gli spunti che hanno fatto parlare di più**',
  'prompts.statsLine':
    '{rank}. {text} · {repliers, plural, one {# persona} other {# persone}}, {replies, plural, one {# risposta} other {# risposte}} in {posts, plural, one {# pubblicazione} other {# pubblicazioni}}',
  'prompts.statsEmpty': 'Nessuno spunto è ancora stato pubblicato.',
  'prompts.historyLine':
    '{at} in {thread}: {replies, plural, one {# risposta} other {# risposte}} da {repliers, plural, one {# persona} other {# persone}} · prime 24 ore: {firstDay}',
  'prompts.historyEmpty': 'Non ancora pubblicato.',
  'prompts.badCron':
    'Questa espressione cron non funziona (“{field}”). Servono cinque campi: minuto ora giorno-del-mese mese giorno-della-settimana, per esempio `0 18 * * mon`.',
  'prompts.badWeekdays':
    'Indica i giorni per nome separati da virgole, per esempio `lun, gio` o `mon, thu`.',
  'prompts.badTime': 'Indica l’ora come ore e minuti nel formato 24 ore, per esempio `18:00`.',
  'prompts.badEvery': 'Ogni 1-8 settimane.',
  'prompts.scheduleUnknown':
    'Questa programmazione non esiste in questo server. Scegline una dai suggerimenti.',
  'prompts.bankEmpty':
    'Nessuno spunto adatto a questa programmazione: aggiungine (con la sua etichetta, se ne ha una).',
  'prompts.scheduled': 'Programmato.',
  'prompts.schedulesTitle': '**Programmazioni ({count})**',
  'prompts.forSegment': 'Per il segmento **{segment}** ({count} membri ora).',
  'prompts.segmentSomeCannotSee':
    '⚠️ {count} dei suoi membri non vedono {channel}: lì i post non li raggiungeranno.',
  'prompts.segmentCannotSee':
    'Nessun membro del segmento “{segment}” vede {channel}. Scegli un canale che vedono, o prima cambiane i permessi. Non è stato programmato nulla.',
  'prompts.mentions': 'Ogni post menziona {role}.',
  'cmd.opt.scheduleSegment.name': 'segmento',
  'cmd.opt.scheduleSegment.description':
    'Rivolgi gli spunti a un segmento: Hearth controlla che i suoi membri vedano il canale',
  'cmd.opt.mention.name': 'menziona',
  'cmd.opt.mention.description':
    'Un ruolo da menzionare in ogni post (per esempio quello del segmento)',
  'prompts.scheduleLine':
    '**#{id}** in {channel}: {rule} ({zone}) · etichetta {tag} · {pick} · prossimo: {next}',
  'prompts.weeklyRule':
    '{days} alle {time}, {every, plural, one {ogni settimana} other {ogni # settimane}}',
  'prompts.anyTag': 'qualsiasi',
  'prompts.pausedState': 'in pausa',
  'prompts.noNext': 'nessuno',
  'prompts.noSchedules':
    'Ancora nessuna programmazione: creane una con {/schedule weekly} o {/schedule cron}.',
  'prompts.scheduleRemoved': 'Programmazione #{id} eliminata.',
  'prompts.postingNow': 'Pubblicazione in corso.',
  'prompts.preview': 'Prossima pubblicazione: {at}\n>>> {text}',
  'prompts.pick.queue': 'In ordine',
  'prompts.pick.least_used': 'Prima i meno usati',
  'prompts.pick.random': 'A caso, senza ripetizioni',
  'prompts.day.0': 'Domenica',
  'prompts.day.1': 'Lunedì',
  'prompts.day.2': 'Martedì',
  'prompts.day.3': 'Mercoledì',
  'prompts.day.4': 'Giovedì',
  'prompts.day.5': 'Venerdì',
  'prompts.day.6': 'Sabato',
  'prompts.missedNotice':
    'La programmazione #{schedule} doveva pubblicare il {at}, ma Hearth è rimasto offline per più di {hours, plural, one {un’ora} other {# ore}}, quindi quella pubblicazione è stata saltata. La programmazione continua normalmente.',
  'prompts.emptyNotice':
    'La programmazione #{schedule} non aveva nulla da pubblicare: nessuno spunto della raccolta è adatto. Aggiungine con {/prompt add} o {/prompt import}.',
  'prompts.paused.channel':
    'La programmazione #{schedule} è in pausa: il suo canale {channel} è stato eliminato. Crea una nuova programmazione in un altro canale.',
  'prompts.paused.permissions':
    'La programmazione #{schedule} è in pausa: Hearth non può scrivere o aprire thread in {channel}. Dagli Invia messaggi e Crea thread pubblici lì, poi {/schedule resume}.',
  'prompts.paused.errors':
    'La programmazione #{schedule} è in pausa dopo errori ripetuti nel pubblicare in {channel}. Controlla {/hearth status}, poi {/schedule resume}.',
  'prompts.missedNoticeMany':
    'Mentre Hearth era offline, le programmazioni {schedules} hanno saltato delle pubblicazioni (la prima il {at}): le pubblicazioni in ritardo di più di {hours} ore, e tutte tranne l’ultima di ogni programmazione, vengono saltate invece di uscire tutte insieme. Le programmazioni continuano normalmente.',
  'prompts.tooOften':
    'Una programmazione può pubblicare al massimo una volta all’ora: ai membri serve tempo per rispondere. Usa meno minuti o ore nell’espressione, per esempio `0 18 * * mon`.',
  'prompts.tooManySchedules':
    'Questo server ha già {max} programmazioni, il massimo che Hearth gestisce per un server. Eliminane prima una con {/schedule remove}.',
  'prompts.nowLimit':
    '{/schedule now} può pubblicare al massimo {max} spunti all’ora in un server. Riprova più tardi, oppure lascia pubblicare le programmazioni.',
  'prompts.alreadyPosting':
    'Questa programmazione sta già pubblicando uno spunto in questo minuto: comparirà a breve, una volta sola.',
  'prompts.effect.post': 'pubblicare uno spunto programmato',
  'prompts.effect.review': 'pubblicare il suggerimento di un membro da valutare',

  'cmd.prompt.description': 'La raccolta di spunti di discussione',
  'cmd.prompt.add.name': 'aggiungi',
  'cmd.prompt.add.description': 'Aggiungi uno spunto',
  'cmd.prompt.edit.name': 'modifica',
  'cmd.prompt.edit.description': 'Modifica uno spunto',
  'cmd.prompt.remove.name': 'rimuovi',
  'cmd.prompt.remove.description': 'Rimuovi uno spunto (la sua storia resta)',
  'cmd.prompt.list.name': 'elenco',
  'cmd.prompt.list.description': 'Gli spunti, con quante volte è stato usato ciascuno',
  'cmd.prompt.import.name': 'importa',
  'cmd.prompt.import.description': 'Aggiungi gli spunti iniziali nella lingua del server',
  'cmd.prompt.stats.name': 'statistiche',
  'cmd.prompt.stats.description': 'Quali spunti hanno fatto parlare di più',
  'cmd.prompt.history.name': 'storia',
  'cmd.prompt.history.description': 'Quando uno spunto è stato pubblicato e le risposte ricevute',
  'cmd.schedule.description': 'Quando e dove vengono pubblicati gli spunti',
  'cmd.schedule.weekly.name': 'settimanale',
  'cmd.schedule.weekly.description':
    'Pubblica in alcuni giorni a un’ora, nel fuso orario del server',
  'cmd.schedule.cron.name': 'cron',
  'cmd.schedule.cron.description':
    'Pubblica secondo un’espressione cron, nel fuso orario del server',
  'cmd.schedule.list.name': 'elenco',
  'cmd.schedule.list.description': 'Le programmazioni e le prossime pubblicazioni',
  'cmd.schedule.pause.name': 'pausa',
  'cmd.schedule.pause.description': 'Metti in pausa una programmazione',
  'cmd.schedule.resume.name': 'riprendi',
  'cmd.schedule.resume.description': 'Riprendi una programmazione da adesso',
  'cmd.schedule.skip.name': 'salta',
  'cmd.schedule.skip.description': 'Salta la prossima pubblicazione',
  'cmd.schedule.now.name': 'ora',
  'cmd.schedule.now.description': 'Pubblica subito uno spunto',
  'cmd.schedule.preview.name': 'anteprima',
  'cmd.schedule.preview.description': 'La prossima pubblicazione e il suo orario',
  'cmd.schedule.remove.name': 'elimina',
  'cmd.schedule.remove.description': 'Elimina una programmazione',
  'cmd.suggest.name': 'proponi',
  'cmd.suggest.description': 'Proponi ai manager uno spunto di discussione',
  'cmd.opt.prompt.name': 'spunto',
  'cmd.opt.prompt.description': 'Lo spunto',
  'cmd.opt.schedule.name': 'programmazione',
  'cmd.opt.schedule.description': 'La programmazione',
  'cmd.opt.channel.description':
    'Un canale di testo (sotto ogni post si apre un thread) o un forum (ogni spunto è un nuovo post)',
  'cmd.opt.days.name': 'giorni',
  'cmd.opt.days.description': 'Giorni della settimana, per esempio: lun, gio',
  'cmd.opt.time.name': 'ora',
  'cmd.opt.time.description': 'Ora del giorno, formato 24 ore, per esempio 18:00',
  'cmd.opt.everyWeeks.name': 'ogni_settimane',
  'cmd.opt.everyWeeks.description': 'Ogni N settimane (predefinito 1)',
  'cmd.opt.expression.name': 'espressione',
  'cmd.opt.expression.description':
    'minuto ora giorno mese giorno-settimana, per esempio 0 18 * * mon',
  'cmd.opt.tag.name': 'etichetta',
  'cmd.opt.tag.description': 'Solo gli spunti con questa etichetta',
  'cmd.opt.pick.name': 'scelta',
  'cmd.opt.pick.description': 'Quale spunto viene dopo',
  'prompts.data.suggestions': 'Spunti che hai proposto',
  'prompts.data.replies': 'Le tue risposte nei thread degli spunti (chi e quando, mai il testo)',
  'cmd.prompt.name': 'spunti',
  'cmd.schedule.name': 'programmazione',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('prompts', en, it);

export * from '../../core/i18n.js';
