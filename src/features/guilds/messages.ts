/**
 * Messages of the guilds feature: /hearth setup and status, the health check, /help.
 * `it` must have the same keys as `en` (the typecheck enforces it) and the same `{placeholders}`
 * (test/unit/i18n.test.ts). Importing this module registers them with the catalogue.
 */
import { registerMessages } from '../../core/i18n.js';

export const en = {
  'setup.managerRoleNeedsManageServer':
    'Only someone with the Manage Server permission can choose the manager role: it decides who runs Hearth here. Nothing was changed.',
  'setup.roleEveryone':
    '@everyone cannot be the {setting}: pick a role that only some members have. Nothing was changed.',
  'setup.roleManaged':
    'The role {role} belongs to a bot or integration, so nobody can grant it. Pick another role. Nothing was changed.',
  'setup.channelWrongType':
    '{channel} is not a text channel Hearth can post in. Pick a text or announcement channel. Nothing was changed.',
  'setup.nothingToChange':
    'Nothing to change: add at least one option to {/hearth setup}. Here is the current configuration.',
  'setup.saved': 'Saved. Here is the configuration now.',

  // /hearth status
  'status.title': 'Hearth in this server',
  'status.timezone': 'Time zone',
  'status.language': 'Language of public messages',
  'status.managerRole': 'Manager role',
  'status.memberRole': 'Member role',
  'status.welcomeChannel': 'Welcome channel',
  'status.announcementsChannel': 'Announcements channel',
  'status.logChannel': 'Manager log channel',
  'status.notSet': 'not set',
  'status.managerRoleUnset': 'not set (members with Manage Server are managers)',
  'status.allGood': 'Everything Hearth needs is in place.',
  'status.version': 'Hearth {version}',
  'status.problems': 'What to fix ({count})',
  'status.recheck': 'Check again',
  'status.stuck': 'What Hearth could not do ({count})',
  'status.stuckLine': '• Could not {what}{where}: {reason} ({state})',
  'status.stuckGivenUp': 'given up; fix it, then press Retry',
  'status.stuckRetrying': 'trying again {at}',
  'status.retry': 'Retry',

  // Problems found by the health check; each says what to do.
  'problem.channelUnset': 'The {setting} is not set: choose one with {/hearth setup}.',
  'problem.channelMissing': 'The {setting} was deleted: choose another with {/hearth setup}.',
  'problem.channelPermissions':
    'In {channel} Hearth is missing: {permissions}. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).',
  'problem.roleMissing': 'The {setting} was deleted: choose another with {/hearth setup}.',
  'problem.manageRoles':
    'Hearth cannot grant roles: give the Hearth role the Manage Roles permission (Server Settings > Roles).',
  'problem.createEvents':
    'Hearth cannot list events in the server’s Events: give the Hearth role the Create Events permission (Server Settings > Roles).',
  'problem.rolePosition':
    'Hearth cannot grant {role} because that role is not below Hearth’s own highest role. In Server Settings > Roles, drag the Hearth role above {role}.',
  'problem.roleDangerous':
    '{role} carries {permissions}, which Hearth never grants automatically, so it is not granting this role until they are removed. Remove them from the role (Server Settings > Roles), or choose another role.',
  'problem.roleManaged':
    'The {setting} {role} belongs to a bot or integration and cannot be granted: choose another with {/hearth setup}.',

  // Discord's permission names, as Discord's own settings show them.
  'perm.ViewChannel': 'View Channel',
  'perm.SendMessages': 'Send Messages',
  'perm.EmbedLinks': 'Embed Links',
  'perm.AttachFiles': 'Attach Files',
  'perm.ReadMessageHistory': 'Read Message History',
  'perm.CreatePublicThreads': 'Create Public Threads',
  'perm.SendMessagesInThreads': 'Send Messages in Threads',

  'language.en': 'English',
  'language.it': 'Italiano',

  // /help
  'help.title': 'Hearth: help',
  'help.placeholder': 'Choose a topic',
  'help.topic.start': 'What Hearth is',
  'help.topic.start.body':
    'Hearth helps a small, purpose-driven community run well: it welcomes new members, keeps the group small on purpose, keeps conversations going and asks the community for honest feedback. It keeps each server’s data separate and never shares it.',
  'help.topic.members': 'For members',
  'help.topic.members.body':
    '{/help}: this guide.\n{/profile}: your answers to the welcome questionnaire; continue or edit them.\n{/waitlist position}: your place on the waitlist, when the community is full. {/waitlist leave} takes you off it.\n{/suggest}: suggest a discussion prompt to the managers.\nEvents: press **Going**, **Maybe** or **Can’t go** on an event; when it is full you join a fair waitlist. **Reminders on/off** turns event reminders off for you.\n{/privacy show}, {/privacy export}, {/privacy erase}: what Hearth stores about you, as a file, or erased. {/privacy hide}: whether insights may show you by name. {/privacy policy}: how Hearth handles your data.',
  'help.topic.managers': 'For managers',
  'help.topic.managers.body':
    '{/hearth setup} and {/hearth status}: configuration, and everything Hearth is missing.\n{/onboarding}: the welcome questionnaire (questions, roles, approval, answers, CSV export).\n{/seats}: the member cap, the waitlist, confirmations, reserved seats and inactive members.\n{/prompt} and {/schedule}: the prompt bank, when and where prompts are posted, and which ones made people talk.\n{/poll}: polls, ratings, NPS and surveys, anonymous when you want, with charts and CSV export.\n{/event}: events with Going / Maybe / Can’t go, a capacity, a fair waitlist, reminders, attendance and ratings.\n{/insights}: activity, depth, members talking to members, retention, and a weekly digest.\nManagers are members with Manage Server, or the manager role.',
  'help.topic.privacy': 'Privacy',
  'help.topic.privacy.body':
    'Hearth stores what it needs to run this server: its settings and, as features are turned on, what members choose to share. It never stores the text of messages. When a member leaves, their data is erased after a retention period, and so is a server’s when it removes Hearth. Each member can see, export and erase their own data with {/privacy}.',

  // Command names and descriptions (Discord shows the Italian ones to Italian clients).
  'cmd.hearth.description': 'Configure Hearth for this server',
  'cmd.hearth.setup.name': 'setup',
  'cmd.hearth.setup.description': 'Set the time zone, language, roles and channels Hearth uses',
  'cmd.hearth.status.name': 'status',
  'cmd.hearth.status.description': 'Show the configuration and what Hearth is missing',
  'cmd.opt.timezone.name': 'timezone',
  'cmd.opt.timezone.description': 'The server’s time zone, for example Europe/Rome',
  'cmd.opt.language.name': 'language',
  'cmd.opt.language.description': 'The language of Hearth’s public messages',
  'cmd.opt.managerRole.name': 'manager_role',
  'cmd.opt.managerRole.description': 'Members with this role can manage Hearth',
  'cmd.opt.memberRole.name': 'member_role',
  'cmd.opt.memberRole.description': 'The role admitted members hold',
  'cmd.opt.welcomeChannel.name': 'welcome_channel',
  'cmd.opt.welcomeChannel.description': 'Where new members are welcomed',
  'cmd.opt.announcementsChannel.name': 'announcements_channel',
  'cmd.opt.announcementsChannel.description': 'Where Hearth posts prompts, polls and greetings',
  'cmd.opt.logChannel.name': 'log_channel',
  'cmd.opt.logChannel.description': 'Where Hearth tells managers what needs their attention',
  'cmd.opt.clear.name': 'clear',
  'cmd.opt.clear.description': 'Unset one role or channel',
  'cmd.help.name': 'help',
  'cmd.help.description': 'What Hearth does and which commands you can use',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'setup.managerRoleNeedsManageServer':
    'Solo chi ha il permesso Gestisci server può scegliere il ruolo dei manager: decide chi gestisce Hearth qui. Non è cambiato nulla.',
  'setup.roleEveryone':
    '@everyone non può essere il {setting}: scegli un ruolo che hanno solo alcuni membri. Non è stato modificato nulla.',
  'setup.roleManaged':
    'Il ruolo {role} appartiene a un bot o a un’integrazione, quindi nessuno può assegnarlo. Scegli un altro ruolo. Non è stato modificato nulla.',
  'setup.channelWrongType':
    '{channel} non è un canale testuale in cui Hearth può scrivere. Scegli un canale testuale o di annunci. Non è stato modificato nulla.',
  'setup.nothingToChange':
    'Niente da modificare: aggiungi almeno un’opzione a {/hearth setup}. Ecco la configurazione attuale.',
  'setup.saved': 'Salvato. Ecco la configurazione attuale.',

  'status.title': 'Hearth in questo server',
  'status.timezone': 'Fuso orario',
  'status.language': 'Lingua dei messaggi pubblici',
  'status.managerRole': 'Ruolo manager',
  'status.memberRole': 'Ruolo membri',
  'status.welcomeChannel': 'Canale di benvenuto',
  'status.announcementsChannel': 'Canale annunci',
  'status.logChannel': 'Canale log dei manager',
  'status.notSet': 'non impostato',
  'status.managerRoleUnset': 'non impostato (sono manager i membri con Gestisci server)',
  'status.allGood': 'Hearth ha tutto ciò che gli serve.',
  'status.version': 'Hearth {version}',
  'status.problems': 'Da sistemare ({count})',
  'status.recheck': 'Controlla di nuovo',
  'status.stuck': 'Cosa Hearth non è riuscito a fare ({count})',
  'status.stuckLine': '• Non è riuscito a {what}{where}: {reason} ({state})',
  'status.stuckGivenUp': 'abbandonato; risolvi il problema, poi premi Riprova',
  'status.stuckRetrying': 'nuovo tentativo {at}',
  'status.retry': 'Riprova',

  'problem.channelUnset': 'Il {setting} non è impostato: sceglilo con {/hearth setup}.',
  'problem.channelMissing':
    'Il {setting} è stato eliminato: scegline un altro con {/hearth setup}.',
  'problem.channelPermissions':
    'In {channel} a Hearth manca: {permissions}. Dai questi permessi al ruolo di Hearth in quel canale (Modifica canale > Permessi).',
  'problem.roleMissing': 'Il {setting} è stato eliminato: scegline un altro con {/hearth setup}.',
  'problem.manageRoles':
    'Hearth non può assegnare ruoli: dai al ruolo di Hearth il permesso Gestisci ruoli (Impostazioni server > Ruoli).',
  'problem.createEvents':
    'Hearth non può elencare gli eventi negli Eventi del server: dai al ruolo di Hearth il permesso Crea eventi (Impostazioni server > Ruoli).',
  'problem.rolePosition':
    'Hearth non può assegnare {role} perché quel ruolo non è sotto il ruolo più alto di Hearth. In Impostazioni server > Ruoli, trascina il ruolo di Hearth sopra {role}.',
  'problem.roleDangerous':
    '{role} ha questi permessi: {permissions}, che Hearth non assegna mai in automatico; finché non vengono tolti, Hearth non assegna questo ruolo. Toglili al ruolo (Impostazioni server > Ruoli) oppure scegli un altro ruolo.',
  'problem.roleManaged':
    'Il {setting} {role} appartiene a un bot o a un’integrazione e non può essere assegnato: scegline un altro con {/hearth setup}.',

  'perm.ViewChannel': 'Visualizza canale',
  'perm.SendMessages': 'Invia messaggi',
  'perm.EmbedLinks': 'Incorpora link',
  'perm.AttachFiles': 'Allega file',
  'perm.ReadMessageHistory': 'Leggi la cronologia dei messaggi',
  'perm.CreatePublicThreads': 'Crea thread pubblici',
  'perm.SendMessagesInThreads': 'Invia messaggi nei thread',

  'language.en': 'English',
  'language.it': 'Italiano',

  'help.title': 'Hearth: guida',
  'help.placeholder': 'Scegli un argomento',
  'help.topic.start': 'Cos’è Hearth',
  'help.topic.start.body':
    'Hearth aiuta una community piccola e con uno scopo a funzionare bene: accoglie i nuovi membri, mantiene il gruppo piccolo di proposito, tiene viva la conversazione e chiede alla community un parere sincero. Tiene separati i dati di ogni server e non li condivide mai.',
  'help.topic.members': 'Per i membri',
  'help.topic.members.body':
    '{/help}: questa guida.\n{/profile}: le tue risposte al questionario di benvenuto; continuale o modificale.\n{/waitlist position}: la tua posizione in lista d’attesa, quando la community è al completo. {/waitlist leave} ti toglie dalla lista.\n{/suggest}: proponi ai manager uno spunto di discussione.\nEventi: premi **Ci sarò**, **Forse** o **Non posso** su un evento; se è al completo entri in una lista d’attesa equa. **Promemoria sì/no** disattiva per te i promemoria degli eventi.\n{/privacy show}, {/privacy export}, {/privacy erase}: cosa conserva Hearth su di te, in un file, o cancellato. {/privacy hide}: se le statistiche possono mostrarti per nome. {/privacy policy}: come Hearth tratta i tuoi dati.',
  'help.topic.managers': 'Per i manager',
  'help.topic.managers.body':
    '{/hearth setup} e {/hearth status}: la configurazione e tutto ciò che manca a Hearth.\n{/onboarding}: il questionario di benvenuto (domande, ruoli, approvazione, risposte, esportazione CSV).\n{/seats}: il limite di membri, la lista d’attesa, le conferme, i posti riservati e i membri inattivi.\n{/prompt} e {/schedule}: la raccolta di spunti, quando e dove pubblicarli, e quali hanno fatto parlare.\n{/poll}: sondaggi, valutazioni, NPS e questionari, anonimi quando vuoi, con grafici ed esportazione CSV.\n{/event}: eventi con Ci sarò / Forse / Non posso, posti limitati, lista d’attesa equa, promemoria, presenze e valutazioni.\n{/insights}: attività, profondità, dialogo tra membri, fidelizzazione e un riepilogo settimanale.\nSono manager i membri con Gestisci server o con il ruolo manager.',
  'help.topic.privacy': 'Privacy',
  'help.topic.privacy.body':
    'Hearth conserva ciò che gli serve per far funzionare questo server: le impostazioni e, man mano che si attivano le funzioni, ciò che i membri scelgono di condividere. Non conserva mai il testo dei messaggi. Quando un membro lascia il server, i suoi dati vengono cancellati dopo un periodo di conservazione, e lo stesso vale per i dati di un server che rimuove Hearth. Ogni membro può vedere, esportare e cancellare i propri dati con {/privacy}.',

  'cmd.hearth.description': 'Configura Hearth per questo server',
  'cmd.hearth.setup.name': 'configura',
  'cmd.hearth.setup.description': 'Imposta fuso orario, lingua, ruoli e canali usati da Hearth',
  'cmd.hearth.status.name': 'stato',
  'cmd.hearth.status.description': 'Mostra la configurazione e cosa manca a Hearth',
  'cmd.opt.timezone.name': 'fuso_orario',
  'cmd.opt.timezone.description': 'Il fuso orario del server, per esempio Europe/Rome',
  'cmd.opt.language.name': 'lingua',
  'cmd.opt.language.description': 'La lingua dei messaggi pubblici di Hearth',
  'cmd.opt.managerRole.name': 'ruolo_manager',
  'cmd.opt.managerRole.description': 'I membri con questo ruolo possono gestire Hearth',
  'cmd.opt.memberRole.name': 'ruolo_membri',
  'cmd.opt.memberRole.description': 'Il ruolo di chi ha un posto nella community',
  'cmd.opt.welcomeChannel.name': 'canale_benvenuto',
  'cmd.opt.welcomeChannel.description': 'Dove vengono accolti i nuovi membri',
  'cmd.opt.announcementsChannel.name': 'canale_annunci',
  'cmd.opt.announcementsChannel.description': 'Dove Hearth pubblica spunti, sondaggi e saluti',
  'cmd.opt.logChannel.name': 'canale_log',
  'cmd.opt.logChannel.description': 'Dove Hearth avvisa i manager di ciò che richiede attenzione',
  'cmd.opt.clear.name': 'azzera',
  'cmd.opt.clear.description': 'Rimuovi un ruolo o un canale impostato',
  'cmd.help.name': 'aiuto',
  'cmd.help.description': 'Cosa fa Hearth e quali comandi puoi usare',
};

declare module '../../core/i18n.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Readonly<typeof en> {}
}

registerMessages('guilds', en, it);

export * from '../../core/i18n.js';
