/**
 * Messages the core itself uses (the error boundary, notices) and option names shared by several features.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts).
 */
export const en = {
  // Errors and the error boundary
  'error.generic':
    'Something went wrong on our side, and it has been logged. If it keeps happening, give the server team this reference: `{ref}`.',
  'error.managersOnly':
    'Only managers can do this: members with the Manage Server permission or the manager role set in {/hearth setup}.',
  'error.guildOnly': 'Hearth works inside a server. Use this command in your community’s server.',
  'error.unknownInteraction':
    'This button or menu no longer works. Run the command again to get a fresh one.',
  'error.shuttingDown': 'Hearth is restarting. Try again in a minute.',
  'error.invalidReference':
    'That role or channel is not one Hearth can use in this server. Pick one from the list Discord offers.',
  'error.guildUnknown': 'Hearth has no record of this server yet. Try again in a moment.',
  'error.cannotPostThere':
    'You cannot send messages in {channel} yourself, so Hearth will not post there for you. Pick a channel you can write in. Nothing was changed.',
  'error.cannotMention':
    'You cannot mention {role} yourself (it is not mentionable and you lack Mention @everyone, @here and All Roles in {channel}), so Hearth will not mention it for you. Nothing was scheduled.',

  // Lists longer than a message
  'pager.previous': '◀ Previous',
  'pager.next': 'Next ▶',
  'pager.page': 'Page {page} of {count}',

  // /hearth setup
  'setup.invalidTimezone':
    '“{value}” is not a time zone Hearth knows. Pick one from the suggestions, written like `Europe/Rome` or `America/New_York`. Nothing was changed.',
  'setup.invalidLanguage': 'Hearth speaks English (`en`) and Italian (`it`). Nothing was changed.',
  // One notice per cause: the answers' roles, the member role of a seat, an erase's roles.
  'notice.memberRoleGrant':
    'Hearth could not grant or remove {role} (the member role) for a member whose seat was given or taken away. Give the Hearth role Manage Roles and drag it above {role} (Server Settings > Roles), then run {/seats sync}: the seat decision stands in the meantime. Hearth will tell you again if this happens after it worked.',
  'notice.roleErase':
    'Hearth could not remove {role} from a member who erased their data and asked for their roles to go too. Give the Hearth role Manage Roles and drag it above {role} (Server Settings > Roles), then remove the role by hand; their data is erased already.',
  'notice.roleGrant':
    'Hearth could not grant or remove {role} for a member who answered the questionnaire. Give the Hearth role Manage Roles and drag it above {role} (Server Settings > Roles). The member still completed onboarding; Hearth will not retry on its own, and will tell you again if this happens after it worked.',
  // Who may have Hearth grant a role (src/core/authority.ts)
  'authority.noManageRoles':
    'Hearth would grant {role} to members on your behalf, so it asks what Discord asks when you grant a role by hand: you need the Manage Roles permission. Nothing was changed.',
  'authority.notBelow':
    '{role} is not below your own highest role, so Discord would not let you grant it by hand, and Hearth will not grant it for you. Ask someone higher in the role list to set it. Nothing was changed.',
  'authority.dangerous':
    '{role} carries {permissions}. Hearth never hands out roles with these permissions automatically: everyone it admits would get them. Remove those permissions from the role (Server Settings > Roles) or pick another role. Nothing was changed.',
  'authority.everyone':
    '@everyone cannot be granted: pick a role that only some members have. Nothing was changed.',
  'authority.managed':
    'The role {role} belongs to a bot or integration, so nobody can grant it. Pick another role. Nothing was changed.',
  'notice.roleDangerous':
    'Hearth did not grant {role} to a member: the role now carries {permissions}, which Hearth never grants automatically. Remove those permissions from the role (Server Settings > Roles) or choose another role; Hearth grants it again once it is safe.',
  'perm.Administrator': 'Administrator',
  'perm.ManageGuild': 'Manage Server',
  'perm.ManageRoles': 'Manage Roles',
  'perm.ManageChannels': 'Manage Channels',
  'perm.ManageWebhooks': 'Manage Webhooks',
  'perm.KickMembers': 'Kick Members',
  'perm.BanMembers': 'Ban Members',
  'perm.ModerateMembers': 'Timeout Members',
  'perm.MentionEveryone': 'Mention @everyone, @here and All Roles',
  'perm.ManageMessages': 'Manage Messages',
  'perm.ViewAuditLog': 'View Audit Log',
  'perm.MuteMembers': 'Mute Members',
  'perm.DeafenMembers': 'Deafen Members',
  'perm.MoveMembers': 'Move Members',
  'perm.ManageNicknames': 'Manage Nicknames',
  'perm.ManageGuildExpressions': 'Manage Expressions',
  'perm.ManageEvents': 'Manage Events',
  'perm.ManageThreads': 'Manage Threads and Posts',
  'cmd.opt.kind.name': 'kind',
  'cmd.opt.maxChoices.name': 'max_choices',
  'cmd.opt.maxChoices.description': 'Multiple choice: the most choices a member may pick',
  'cmd.opt.position.name': 'position',
  'cmd.opt.position.description': 'The new position, 1 for first',
  'cmd.opt.member.name': 'member',
  'cmd.opt.member.description': 'The member',
  'cmd.opt.hours.name': 'hours',
  'cmd.opt.channel.name': 'channel',

  // The outbox: what Hearth could not do on its own, and why
  'outbox.kind.notice': 'post a notice in the manager log',
  'outbox.data.pending':
    'Messages and role changes Hearth had to make for you (kept a week after they are done)',
  'outbox.kind.other': 'carry out a task',
  'outbox.gaveUp':
    'Hearth could not {what}{where}: {reason} It will not try again on its own: fix this, then press **Retry** in {/hearth status}.',
  'outbox.where': ' in {channel}',
  'outbox.reason.permissions':
    'it lacks a permission it needs there (View Channel, Send Messages, Embed Links, Attach Files, Create Public Threads, Read Message History).',
  'outbox.reason.channel': 'the channel was deleted.',
  'outbox.reason.message': 'the message it refers to was deleted.',
  'outbox.reason.role': 'the role was deleted.',
  'outbox.reason.member': 'the member is no longer in the server.',
  'outbox.reason.dm': 'the member does not accept direct messages.',
  'outbox.reason.payload': 'Discord refused the message as it was (too long, or malformed).',
  'outbox.reason.setting': 'a channel it needs is not set in {/hearth setup}.',
  'outbox.reason.discord': 'Discord kept failing, several times over an hour.',
  'outbox.reason.rateLimited': 'Discord asked Hearth to slow down; it will try again shortly.',
  'outbox.reason.other': 'Discord refused it ({code}).',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'error.generic':
    'Qualcosa è andato storto da parte nostra ed è stato registrato. Se succede ancora, comunica allo staff del server questo riferimento: `{ref}`.',
  'error.managersOnly':
    'Solo i manager possono farlo: i membri con il permesso Gestisci server o con il ruolo manager impostato in {/hearth setup}.',
  'error.guildOnly':
    'Hearth funziona dentro un server. Usa questo comando nel server della tua community.',
  'error.unknownInteraction':
    'Questo pulsante o menu non funziona più. Esegui di nuovo il comando per averne uno nuovo.',
  'error.shuttingDown': 'Hearth si sta riavviando. Riprova tra un minuto.',
  'error.invalidReference':
    'Questo ruolo o canale non è utilizzabile da Hearth in questo server. Scegline uno dall’elenco proposto da Discord.',
  'error.guildUnknown': 'Hearth non ha ancora registrato questo server. Riprova tra un momento.',
  'error.cannotPostThere':
    'Non puoi scrivere in {channel}, quindi Hearth non ci pubblica al posto tuo. Scegli un canale in cui puoi scrivere. Non è stato cambiato nulla.',
  'error.cannotMention':
    'Non puoi menzionare {role} (non è menzionabile e in {channel} non hai il permesso Menziona @everyone, @here e tutti i ruoli), quindi Hearth non lo menziona al posto tuo. Non è stato programmato nulla.',

  'pager.previous': '◀ Indietro',
  'pager.next': 'Avanti ▶',
  'pager.page': 'Pagina {page} di {count}',

  'setup.invalidTimezone':
    '“{value}” non è un fuso orario che Hearth conosce. Scegline uno dai suggerimenti, scritto come `Europe/Rome` o `America/New_York`. Non è stato modificato nulla.',
  'setup.invalidLanguage':
    'Hearth parla italiano (`it`) e inglese (`en`). Non è stato modificato nulla.',
  'notice.memberRoleGrant':
    'Hearth non è riuscito ad assegnare o togliere {role} (il ruolo membro) a una persona a cui è stato dato o tolto un posto. Dai al ruolo di Hearth il permesso Gestisci ruoli e trascinalo sopra {role} (Impostazioni server > Ruoli), poi usa {/seats sync}: nel frattempo la decisione sul posto resta valida. Hearth ti avviserà di nuovo se succede dopo aver funzionato.',
  'notice.roleErase':
    'Hearth non è riuscito a togliere {role} a una persona che ha cancellato i propri dati e ha chiesto di togliere anche i ruoli. Dai al ruolo di Hearth il permesso Gestisci ruoli e trascinalo sopra {role} (Impostazioni server > Ruoli), poi togli il ruolo a mano; i dati sono già stati cancellati.',
  'notice.roleGrant':
    'Hearth non è riuscito ad assegnare o togliere {role} a un membro che ha risposto al questionario. Dai al ruolo di Hearth il permesso Gestisci ruoli e trascinalo sopra {role} (Impostazioni server > Ruoli). Il membro ha comunque completato l’accoglienza; Hearth non riproverà da solo e ti avviserà di nuovo se succede dopo aver funzionato.',
  'authority.noManageRoles':
    'Hearth assegnerebbe {role} ai membri al posto tuo, quindi fa lo stesso controllo che fa Discord quando assegni un ruolo a mano: ti serve il permesso Gestisci ruoli. Non è stato modificato nulla.',
  'authority.notBelow':
    '{role} non è sotto il tuo ruolo più alto: Discord non ti lascerebbe assegnarlo a mano e Hearth non lo assegnerà al posto tuo. Chiedi a qualcuno più in alto nell’elenco dei ruoli di impostarlo. Non è stato modificato nulla.',
  'authority.dangerous':
    '{role} ha questi permessi: {permissions}. Hearth non assegna mai in automatico ruoli con questi permessi, perché li riceverebbe chiunque venga ammesso. Togli questi permessi al ruolo (Impostazioni server > Ruoli) oppure scegli un altro ruolo. Non è stato modificato nulla.',
  'authority.everyone':
    '@everyone non si può assegnare: scegli un ruolo che hanno solo alcuni membri. Non è stato modificato nulla.',
  'authority.managed':
    'Il ruolo {role} appartiene a un bot o a un’integrazione, quindi nessuno può assegnarlo. Scegli un altro ruolo. Non è stato modificato nulla.',
  'notice.roleDangerous':
    'Hearth non ha assegnato {role} a un membro: ora il ruolo ha questi permessi: {permissions}, che Hearth non assegna mai in automatico. Togli questi permessi al ruolo (Impostazioni server > Ruoli) o scegli un altro ruolo; Hearth tornerà ad assegnarlo quando non sarà più rischioso.',
  'perm.Administrator': 'Amministratore',
  'perm.ManageGuild': 'Gestisci server',
  'perm.ManageRoles': 'Gestisci ruoli',
  'perm.ManageChannels': 'Gestisci canali',
  'perm.ManageWebhooks': 'Gestisci webhook',
  'perm.KickMembers': 'Espelli membri',
  'perm.BanMembers': 'Bandisci membri',
  'perm.ModerateMembers': 'Metti in timeout i membri',
  'perm.MentionEveryone': 'Menziona @everyone, @here e tutti i ruoli',
  'perm.ManageMessages': 'Gestisci messaggi',
  'perm.ViewAuditLog': 'Visualizza registro attività',
  'perm.MuteMembers': 'Silenzia membri',
  'perm.DeafenMembers': 'Disattiva audio membri',
  'perm.MoveMembers': 'Sposta membri',
  'perm.ManageNicknames': 'Gestisci nickname',
  'perm.ManageGuildExpressions': 'Gestisci espressioni',
  'perm.ManageEvents': 'Gestisci eventi',
  'perm.ManageThreads': 'Gestisci thread e post',
  'cmd.opt.kind.name': 'tipo',
  'cmd.opt.maxChoices.name': 'scelte_massime',
  'cmd.opt.maxChoices.description': 'Scelta multipla: il numero massimo di opzioni da scegliere',
  'cmd.opt.position.name': 'posizione',
  'cmd.opt.position.description': 'La nuova posizione, 1 per la prima',
  'cmd.opt.member.name': 'membro',
  'cmd.opt.member.description': 'Il membro',
  'cmd.opt.hours.name': 'ore',
  'cmd.opt.channel.name': 'canale',

  'outbox.kind.notice': 'pubblicare un avviso nel canale log dei manager',
  'outbox.data.pending':
    'Messaggi e modifiche di ruolo che Hearth doveva fare per te (conservati una settimana dopo averli fatti)',
  'outbox.kind.other': 'svolgere un’attività',
  'outbox.gaveUp':
    'Hearth non è riuscito a {what}{where}: {reason} Non riproverà da solo: risolvi il problema, poi premi **Riprova** in {/hearth status}.',
  'outbox.where': ' in {channel}',
  'outbox.reason.permissions':
    'gli manca un permesso necessario lì (Visualizza canale, Invia messaggi, Incorpora link, Allega file, Crea thread pubblici, Leggi la cronologia dei messaggi).',
  'outbox.reason.channel': 'il canale è stato eliminato.',
  'outbox.reason.message': 'il messaggio a cui si riferisce è stato eliminato.',
  'outbox.reason.role': 'il ruolo è stato eliminato.',
  'outbox.reason.member': 'il membro non è più nel server.',
  'outbox.reason.dm': 'il membro non accetta messaggi diretti.',
  'outbox.reason.payload':
    'Discord ha rifiutato il messaggio così com’era (troppo lungo o non valido).',
  'outbox.reason.setting': 'un canale che gli serve non è impostato in {/hearth setup}.',
  'outbox.reason.discord': 'Discord ha continuato a dare errori, più volte nell’arco di un’ora.',
  'outbox.reason.rateLimited': 'Discord ha chiesto a Hearth di rallentare; riproverà tra poco.',
  'outbox.reason.other': 'Discord l’ha rifiutato ({code}).',
};
