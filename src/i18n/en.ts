/**
 * English messages: the source of every key. `it.ts` must define the same keys with the same
 * `{placeholders}` (the typecheck and test/i18n.test.ts enforce it).
 */
export const en = {
  // Errors and the error boundary
  'error.generic': 'Something went wrong on our side, and it has been logged. If it keeps happening, give the server team this reference: `{ref}`.',
  'error.managersOnly': 'Only managers can do this: members with the Manage Server permission or the manager role set in `/hearth setup`.',
  'error.guildOnly': 'Hearth works inside a server. Use this command in your community’s server.',
  'error.unknownInteraction': 'This button or menu no longer works. Run the command again to get a fresh one.',
  'error.shuttingDown': 'Hearth is restarting. Try again in a minute.',
  'error.invalidReference': 'That role or channel is not one Hearth can use in this server. Pick one from the list Discord offers.',
  'error.guildUnknown': 'Hearth has no record of this server yet. Try again in a moment.',

  // /hearth setup
  'setup.invalidTimezone': '“{value}” is not a time zone Hearth knows. Pick one from the suggestions, written like `Europe/Rome` or `America/New_York`. Nothing was changed.',
  'setup.invalidLanguage': 'Hearth speaks English (`en`) and Italian (`it`). Nothing was changed.',
  'setup.roleEveryone': '@everyone cannot be the {setting}: pick a role that only some members have. Nothing was changed.',
  'setup.roleManaged': 'The role {role} belongs to a bot or integration, so nobody can grant it. Pick another role. Nothing was changed.',
  'setup.channelWrongType': '{channel} is not a text channel Hearth can post in. Pick a text or announcement channel. Nothing was changed.',
  'setup.nothingToChange': 'Nothing to change: add at least one option to `/hearth setup`. Here is the current configuration.',
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
  'status.problems': 'What to fix ({count})',
  'status.recheck': 'Check again',

  // Problems found by the health check; each says what to do.
  'problem.channelUnset': 'The {setting} is not set: choose one with `/hearth setup`.',
  'problem.channelMissing': 'The {setting} was deleted: choose another with `/hearth setup`.',
  'problem.channelPermissions': 'In {channel} Hearth is missing: {permissions}. Give the Hearth role these permissions in that channel (Edit Channel > Permissions).',
  'problem.roleMissing': 'The {setting} was deleted: choose another with `/hearth setup`.',
  'problem.manageRoles': 'Hearth cannot grant roles: give the Hearth role the Manage Roles permission (Server Settings > Roles).',
  'problem.rolePosition': 'Hearth cannot grant {role} because that role is not below Hearth’s own highest role. In Server Settings > Roles, drag the Hearth role above {role}.',
  'problem.roleManaged': 'The {setting} {role} belongs to a bot or integration and cannot be granted: choose another with `/hearth setup`.',

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
  'help.topic.start.body': 'Hearth helps a small, purpose-driven community run well: it welcomes new members, keeps the group small on purpose, keeps conversations going and asks the community for honest feedback. It keeps each server’s data separate and never shares it.',
  'help.topic.members': 'For members',
  'help.topic.members.body': '`/help`: this guide.\nMore commands arrive as your community’s managers turn features on.',
  'help.topic.managers': 'For managers',
  'help.topic.managers.body': '`/hearth setup`: time zone, language, manager and member roles, and the channels Hearth uses.\n`/hearth status`: the configuration and everything Hearth is missing, with how to fix it.\nManagers are members with Manage Server, or the manager role.',
  'help.topic.privacy': 'Privacy',
  'help.topic.privacy.body': 'Hearth stores what it needs to run this server: its settings and, as features are turned on, what members choose to share. It never stores the text of messages. When Hearth is removed from a server, that server’s data is deleted after a retention period.',

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
