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
    'Only managers can do this: members with the Manage Server permission or the manager role set in `/hearth setup`.',
  'error.guildOnly': 'Hearth works inside a server. Use this command in your community’s server.',
  'error.unknownInteraction':
    'This button or menu no longer works. Run the command again to get a fresh one.',
  'error.shuttingDown': 'Hearth is restarting. Try again in a minute.',
  'error.invalidReference':
    'That role or channel is not one Hearth can use in this server. Pick one from the list Discord offers.',
  'error.guildUnknown': 'Hearth has no record of this server yet. Try again in a moment.',

  // /hearth setup
  'setup.invalidTimezone':
    '“{value}” is not a time zone Hearth knows. Pick one from the suggestions, written like `Europe/Rome` or `America/New_York`. Nothing was changed.',
  'setup.invalidLanguage': 'Hearth speaks English (`en`) and Italian (`it`). Nothing was changed.',
  'notice.roleGrant':
    'Hearth could not grant or remove {role} for a member who answered the questionnaire. Give the Hearth role Manage Roles and drag it above {role} (Server Settings > Roles). The member still completed onboarding; Hearth will not retry on its own, and will tell you again if this happens after it worked.',
  'cmd.opt.kind.name': 'kind',
  'cmd.opt.maxChoices.name': 'max_choices',
  'cmd.opt.maxChoices.description': 'Multiple choice: the most choices a member may pick',
  'cmd.opt.position.name': 'position',
  'cmd.opt.position.description': 'The new position, 1 for first',
  'cmd.opt.member.name': 'member',
  'cmd.opt.member.description': 'The member',
  'cmd.opt.hours.name': 'hours',
  'cmd.opt.channel.name': 'channel',
} as const satisfies Record<string, string>;

export const it: Readonly<Record<keyof typeof en, string>> = {
  'error.generic':
    'Qualcosa è andato storto da parte nostra ed è stato registrato. Se succede ancora, comunica allo staff del server questo riferimento: `{ref}`.',
  'error.managersOnly':
    'Solo i manager possono farlo: i membri con il permesso Gestisci server o con il ruolo manager impostato in `/hearth setup`.',
  'error.guildOnly':
    'Hearth funziona dentro un server. Usa questo comando nel server della tua community.',
  'error.unknownInteraction':
    'Questo pulsante o menu non funziona più. Esegui di nuovo il comando per averne uno nuovo.',
  'error.shuttingDown': 'Hearth si sta riavviando. Riprova tra un minuto.',
  'error.invalidReference':
    'Questo ruolo o canale non è utilizzabile da Hearth in questo server. Scegline uno dall’elenco proposto da Discord.',
  'error.guildUnknown': 'Hearth non ha ancora registrato questo server. Riprova tra un momento.',

  'setup.invalidTimezone':
    '“{value}” non è un fuso orario che Hearth conosce. Scegline uno dai suggerimenti, scritto come `Europe/Rome` o `America/New_York`. Non è stato modificato nulla.',
  'setup.invalidLanguage':
    'Hearth parla italiano (`it`) e inglese (`en`). Non è stato modificato nulla.',
  'notice.roleGrant':
    'Hearth non è riuscito ad assegnare o togliere {role} a un membro che ha risposto al questionario. Dai al ruolo di Hearth il permesso Gestisci ruoli e trascinalo sopra {role} (Impostazioni server > Ruoli). Il membro ha comunque completato l’accoglienza; Hearth non riproverà da solo e ti avviserà di nuovo se succede dopo aver funzionato.',
  'cmd.opt.kind.name': 'tipo',
  'cmd.opt.maxChoices.name': 'scelte_massime',
  'cmd.opt.maxChoices.description': 'Scelta multipla: il numero massimo di opzioni da scegliere',
  'cmd.opt.position.name': 'posizione',
  'cmd.opt.position.description': 'La nuova posizione, 1 per la prima',
  'cmd.opt.member.name': 'membro',
  'cmd.opt.member.description': 'Il membro',
  'cmd.opt.hours.name': 'ore',
  'cmd.opt.channel.name': 'canale',
};
