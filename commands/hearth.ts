import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  type APIEmbed,
  type Channel,
  type ChatInputCommandInteraction,
  type Guild,
  type InteractionReplyOptions,
  type Role,
  type APIRole,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { commandText, t, type Translate } from '../src/features/guilds/messages.js';
import { localizedChoices, managerCommand } from '../src/core/command-options.js';
import { component, type Command } from '../src/core/handlers.js';
import { checkGuildHealth, SETTING_LABEL } from '../src/features/guilds/health.discord.js';
import { assertMayConfigureRole } from '../src/core/authority.discord.js';
import { updateSettings, type GuildSettings, type SettingsPatch } from '../src/core/guilds.js';
import { searchTimeZones } from '../src/core/timezones.js';
import { roleMappings } from '../src/features/onboarding/api.js';
import { rescheduleGuild } from '../src/features/prompts/api.js';
import type { InteractionContext } from '../src/core/context.js';
import { guildRoutes } from '../src/features/guilds/routes.js';

const POSTABLE_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** Role and channel options of `/hearth setup`, and the setting each one writes. */
const ROLE_OPTIONS = {
  manager_role: {
    field: 'manager_role_id',
    text: commandText('cmd.opt.managerRole.name', 'cmd.opt.managerRole.description'),
  },
  member_role: {
    field: 'member_role_id',
    text: commandText('cmd.opt.memberRole.name', 'cmd.opt.memberRole.description'),
  },
} as const;

const CHANNEL_OPTIONS = {
  welcome_channel: {
    field: 'welcome_channel_id',
    text: commandText('cmd.opt.welcomeChannel.name', 'cmd.opt.welcomeChannel.description'),
  },
  announcements_channel: {
    field: 'announcements_channel_id',
    text: commandText(
      'cmd.opt.announcementsChannel.name',
      'cmd.opt.announcementsChannel.description',
    ),
  },
  log_channel: {
    field: 'log_channel_id',
    text: commandText('cmd.opt.logChannel.name', 'cmd.opt.logChannel.description'),
  },
} as const;

const CLEARABLE = { ...ROLE_OPTIONS, ...CHANNEL_OPTIONS };
type Clearable = keyof typeof CLEARABLE;

const data = {
  ...managerCommand('hearth', 'cmd.hearth.description'),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...commandText('cmd.hearth.setup.name', 'cmd.hearth.setup.description'),
      options: [
        {
          type: ApplicationCommandOptionType.String,
          ...commandText('cmd.opt.timezone.name', 'cmd.opt.timezone.description'),
          autocomplete: true,
          max_length: 64,
        },
        {
          type: ApplicationCommandOptionType.String,
          ...commandText('cmd.opt.language.name', 'cmd.opt.language.description'),
          choices: [
            { name: t('en', 'language.en'), value: 'en' },
            { name: t('en', 'language.it'), value: 'it' },
          ],
        },
        ...Object.values(ROLE_OPTIONS).map(({ text }) => ({
          type: ApplicationCommandOptionType.Role as const,
          ...text,
        })),
        ...Object.values(CHANNEL_OPTIONS).map(({ text }) => ({
          type: ApplicationCommandOptionType.Channel as const,
          ...text,
          channel_types: [...POSTABLE_CHANNELS],
        })),
        {
          type: ApplicationCommandOptionType.String,
          ...commandText('cmd.opt.clear.name', 'cmd.opt.clear.description'),
          choices: localizedChoices(
            Object.keys(CLEARABLE) as Clearable[],
            (name) => SETTING_LABEL[CLEARABLE[name].field],
          ),
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...commandText('cmd.hearth.status.name', 'cmd.hearth.status.description'),
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const statusRoute = guildRoutes.status;

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const sub = ctx.interaction.options.getSubcommand(true);
    if (sub === 'status') {
      await ctx.reply(await statusView(ctx, ctx.settings));
      return;
    }
    const patch = readSetupOptions(ctx.interaction, ctx.guild, ctx.t);
    if (Object.keys(patch).length === 0) {
      await ctx.reply({
        content: ctx.t('setup.nothingToChange'),
        ...(await statusView(ctx, ctx.settings)),
      });
      return;
    }
    const updated = await updateSettings(ctx.app.db, ctx.guild.id, patch, ctx.app.now());
    // Prompt schedules run in the server's time zone: a new zone moves their next runs.
    if (updated.timezone !== ctx.settings.timezone)
      await rescheduleGuild(ctx.app.db, ctx.guild.id, updated.timezone, ctx.app.now());
    await ctx.reply({ content: ctx.t('setup.saved'), ...(await statusView(ctx, updated)) });
  },
  autocomplete({ interaction }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'timezone') return Promise.resolve([]);
    return Promise.resolve(
      searchTimeZones(String(focused.value)).map((zone) => ({ name: zone, value: zone })),
    );
  },
};

export const components = [
  component({
    kind: 'button',
    route: statusRoute,
    audience: 'managers',
    defer: 'update',
    async execute(ctx) {
      await ctx.update(await statusView(ctx, ctx.settings));
    },
  }),
];

/**
 * Turns the options a manager gave into a settings change. Roles and channels are checked against
 * this guild's own cache: Discord resolves them, but a forged or stale id must change nothing.
 */
function readSetupOptions(
  interaction: ChatInputCommandInteraction,
  guild: Guild,
  tr: Translate,
): SettingsPatch {
  if (!interaction.inCachedGuild()) throw new UserError('error.guildOnly');
  const options = interaction.options;
  const patch: SettingsPatch = {};
  const clear = options.getString('clear');
  if (clear !== null) {
    // hasOwn, not `in`: "constructor" or "__proto__" must not pass as a setting name.
    if (!Object.hasOwn(CLEARABLE, clear)) throw new UserError('error.invalidReference');
    patch[CLEARABLE[clear as Clearable].field] = null;
  }
  const timezone = options.getString('timezone');
  if (timezone !== null) patch.timezone = timezone;
  const language = options.getString('language');
  if (language !== null) patch.language = language;
  for (const [name, { field }] of Object.entries(ROLE_OPTIONS)) {
    const role = options.getRole(name);
    if (role === null) continue;
    patch[field] = checkRole(guild, role, field, tr);
    // Hearth grants the member role to everyone it admits: the person setting it must be able
    // to grant it by hand, and it must carry no dangerous permission.
    if (field === 'member_role_id') assertMayConfigureRole(guild, interaction.member, role.id, tr);
  }
  for (const [name, { field }] of Object.entries(CHANNEL_OPTIONS)) {
    const channel = options.getChannel(name);
    if (channel !== null) patch[field] = checkChannel(guild, channel);
  }
  return patch;
}

function checkRole(
  guild: Guild,
  role: Role | APIRole,
  field: keyof typeof SETTING_LABEL,
  tr: Translate,
): string {
  if (role.id === guild.id)
    throw new UserError('setup.roleEveryone', { setting: tr(SETTING_LABEL[field]) });
  const cached = guild.roles.cache.get(role.id);
  if (cached === undefined) throw new UserError('error.invalidReference');
  if (field === 'member_role_id' && cached.managed)
    throw new UserError('setup.roleManaged', { role: `<@&${cached.id}>` });
  return cached.id;
}

function checkChannel(guild: Guild, channel: Pick<Channel, 'id'>): string {
  const cached = guild.channels.cache.get(channel.id);
  if (cached === undefined) throw new UserError('error.invalidReference');
  if (!(POSTABLE_CHANNELS as readonly ChannelType[]).includes(cached.type)) {
    throw new UserError('setup.channelWrongType', { channel: `<#${cached.id}>` });
  }
  return cached.id;
}

/** The configuration and the problems found, as an ephemeral embed with a "Check again" button. */
export async function statusView(
  ctx: InteractionContext,
  settings: GuildSettings,
): Promise<Pick<InteractionReplyOptions, 'embeds' | 'components'>> {
  const { guild, t: tr } = ctx;
  const now = ctx.app.now();
  const mapped = (await roleMappings(ctx.app.db, guild.id)).map((m) => m.roleId);
  const role = (id: string | null, unset: string) => (id === null ? unset : `<@&${id}>`);
  const channel = (id: string | null) => (id === null ? tr('status.notSet') : `<#${id}>`);
  const localTime = new Intl.DateTimeFormat(settings.language, {
    timeZone: settings.timezone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(now);
  const problems = checkGuildHealth(guild, settings, tr, mapped);
  const embed: APIEmbed = {
    title: tr('status.title'),
    color: problems.length === 0 ? 0x2e7d32 : 0xe0a100,
    // The description holds up to 4,096 characters, room for every problem the check can find.
    description:
      problems.length === 0
        ? tr('status.allGood')
        : [
            `**${tr('status.problems', { count: problems.length })}**`,
            ...problems.map((p) => `• ${tr(p.key, p.params)}`),
          ].join('\n'),
    fields: [
      { name: tr('status.timezone'), value: `${settings.timezone} (${localTime})`, inline: true },
      {
        name: tr('status.language'),
        value: tr(`language.${settings.language}` as const),
        inline: true,
      },
      {
        name: tr('status.managerRole'),
        value: role(settings.manager_role_id, tr('status.managerRoleUnset')),
      },
      { name: tr('status.memberRole'), value: role(settings.member_role_id, tr('status.notSet')) },
      {
        name: tr('status.welcomeChannel'),
        value: channel(settings.welcome_channel_id),
        inline: true,
      },
      {
        name: tr('status.announcementsChannel'),
        value: channel(settings.announcements_channel_id),
        inline: true,
      },
      { name: tr('status.logChannel'), value: channel(settings.log_channel_id), inline: true },
    ],
  };
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: statusRoute.build({}),
            label: tr('status.recheck'),
          },
        ],
      },
    ],
  };
}
