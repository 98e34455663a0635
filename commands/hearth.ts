import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  PermissionFlagsBits,
  type APIEmbed,
  type Channel,
  type Guild,
  type GuildMember,
  type InteractionReplyOptions,
  type Role,
  type APIRole,
} from 'discord.js';
import { UserError } from '../src/core/errors.js';
import { t, type Translate } from '../src/features/guilds/messages.js';
import {
  localizedChoices,
  managerCommand,
  named,
  option,
  pickedChannel,
  subcommand,
  type ArgumentsOf,
} from '../src/core/command-options.js';
import { component, defineCommand, type CommandContext } from '../src/core/handlers.js';
import { fitEmbed } from '../src/core/embeds.js';
import { checkGuildHealth, SETTING_LABEL } from '../src/features/guilds/health.discord.js';
import { assertMayConfigureRole } from '../src/core/authority.discord.js';
import { updateSettings, type GuildSettings, type SettingsPatch } from '../src/core/guilds.js';
import { searchTimeZones } from '../src/core/timezones.js';
import { VERSION } from '../src/core/version.js';
import { roleMappings } from '../src/features/onboarding/api.js';
import { rescheduleGuild } from '../src/features/prompts/api.js';
import { flaggedSegments, linkedRoleProblems } from '../src/features/segments/api.js';
import { introProblems } from '../src/features/intros/api.js';
import type { InteractionContext } from '../src/core/context.js';
import { guildRoutes } from '../src/features/guilds/routes.js';
import {
  failingItems,
  outboxOf,
  reasonOf,
  render,
  requeueFailed,
} from '../src/core/outbox/index.js';

const POSTABLE_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** Role and channel options of `/hearth setup`, and the setting each one writes. */
const ROLE_SETTINGS = { manager_role: 'managerRoleId', member_role: 'memberRoleId' } as const;
const CHANNEL_SETTINGS = {
  welcome_channel: 'welcomeChannelId',
  announcements_channel: 'announcementsChannelId',
  log_channel: 'logChannelId',
} as const;
const CLEARABLE = { ...ROLE_SETTINGS, ...CHANNEL_SETTINGS };
type Clearable = keyof typeof CLEARABLE;

const postable = { channel_types: [...POSTABLE_CHANNELS] };

const data = {
  // The bot's own name: /hearth in every language (README, "Command names").
  ...managerCommand('hearth', { description: 'cmd.hearth.description' }),
  options: [
    subcommand('setup', 'cmd.hearth.setup', [
      option.string('timezone', 'cmd.opt.timezone', { autocomplete: true, max_length: 64 }),
      option.string('language', 'cmd.opt.language', {
        choices: [
          { name: t('en', 'language.en'), value: 'en' },
          { name: t('en', 'language.it'), value: 'it' },
        ],
      }),
      option.role('manager_role', 'cmd.opt.managerRole'),
      option.role('member_role', 'cmd.opt.memberRole'),
      option.channel('welcome_channel', 'cmd.opt.welcomeChannel', postable),
      option.channel('announcements_channel', 'cmd.opt.announcementsChannel', postable),
      option.channel('log_channel', 'cmd.opt.logChannel', postable),
      option.string('clear', 'cmd.opt.clear', {
        choices: localizedChoices(
          Object.keys(CLEARABLE) as Clearable[],
          (name) => SETTING_LABEL[CLEARABLE[name]],
        ),
      }),
    ]),
    // Written out: deployed without an `options` key since the first release (subcommand() adds []).
    { type: ApplicationCommandOptionType.Subcommand, ...named('status', 'cmd.hearth.status') },
  ],
} as const;

type SetupArgs = ArgumentsOf<typeof data>['setup'];

const statusRoute = guildRoutes.status;

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async setup(ctx, args) {
      if (!ctx.interaction.inCachedGuild()) throw new UserError('error.guildOnly');
      const patch = settingsPatch(args, ctx, ctx.interaction.member);
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
    async status(ctx) {
      await ctx.reply(await statusView(ctx, ctx.settings));
    },
  },
  autocomplete: {
    timezone: (_ctx, typed) =>
      Promise.resolve(searchTimeZones(typed).map((zone) => ({ name: zone, value: zone }))),
  },
});

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
  // A manager fixed what was wrong: what Hearth gave up on in this server is tried again.
  component({
    kind: 'button',
    route: guildRoutes.retry,
    audience: 'managers',
    defer: 'update',
    async execute(ctx) {
      const { app, guild } = ctx;
      await app.db.transaction().execute((trx) => requeueFailed(trx, guild.id, app.now()));
      await ctx.update(await statusView(ctx, ctx.settings));
    },
  }),
];

/**
 * Turns the options a manager gave into a settings change. Roles and channels are checked against
 * this guild's own cache: Discord resolves them, but a forged or stale id must change nothing.
 */
function settingsPatch(args: SetupArgs, ctx: CommandContext, member: GuildMember): SettingsPatch {
  const { guild, t: tr } = ctx;
  const patch: SettingsPatch = {};
  if (args.clear !== undefined) patch[CLEARABLE[args.clear]] = null;
  if (args.timezone !== undefined) patch.timezone = args.timezone;
  if (args.language !== undefined) patch.language = args.language;
  for (const name of ['manager_role', 'member_role'] as const) {
    const role = args[name];
    if (role === undefined) continue;
    patch[ROLE_SETTINGS[name]] = checkRole(guild, role, ROLE_SETTINGS[name], tr);
    // The manager role decides who runs Hearth: a manager-role holder cannot hand that to
    // another role (a friend's); only the people Discord lets manage the server can.
    if (
      name === 'manager_role' &&
      !member.permissions.has(PermissionFlagsBits.ManageGuild) &&
      guild.ownerId !== member.id
    )
      throw new UserError('setup.managerRoleNeedsManageServer');
    // Hearth grants the member role to everyone it admits: the person setting it must be able
    // to grant it by hand, and it must carry no dangerous permission.
    if (name === 'member_role') assertMayConfigureRole(guild, member, role.id, tr);
  }
  for (const name of ['welcome_channel', 'announcements_channel', 'log_channel'] as const) {
    const channel = args[name];
    if (channel === undefined) continue;
    checkChannel(guild, channel);
    // Hearth posts welcomes, announcements and its log there on its own: the person setting a
    // channel must be able to see it and write in it themselves (owner and Administrator can).
    patch[CHANNEL_SETTINGS[name]] = pickedChannel(ctx, channel, POSTABLE_CHANNELS);
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
  if (field === 'memberRoleId' && cached.managed)
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
  // What Hearth could not do on its own (posts, DMs, roles), and why: given up, or retrying.
  const failing = await failingItems(ctx.app.db, guild.id, 10);
  const outbox = outboxOf(ctx.app);
  const stuck = failing.map((item) => {
    const where =
      item.channelId === null || item.channelId.startsWith('user:')
        ? ''
        : tr('outbox.where', { channel: `<#${item.channelId}>` });
    const state =
      item.state === 'failed'
        ? tr('status.stuckGivenUp')
        : tr('status.stuckRetrying', {
            at: `<t:${Math.ceil((item.nextAttemptAt ?? now) / 1000)}:R>`,
          });
    return tr('status.stuckLine', {
      what: tr(outbox.label(item.kind)),
      where,
      reason: render(tr, reasonOf(item.lastError)),
      state,
    });
  });
  // Introductions' channel: deleted, or missing what a round needs there.
  problems.push(...(await introProblems(ctx.app, guild, tr)));
  // A segment rule on a removed question, choice or role is a problem too, never silently empty.
  for (const s of await flaggedSegments(ctx.app, guild))
    problems.push({ key: 'problem.segmentRules', params: { segment: s.name, count: s.rules } });
  // Roles kept in step with segments: what stops Hearth from granting them (said once each).
  for (const problem of await linkedRoleProblems(ctx.app, guild, tr))
    if (
      !problems.some(
        (p) => p.key === problem.key && JSON.stringify(p.params) === JSON.stringify(problem.params),
      )
    )
      problems.push(problem);
  const embed: APIEmbed = fitEmbed({
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
        value: role(settings.managerRoleId, tr('status.managerRoleUnset')),
      },
      { name: tr('status.memberRole'), value: role(settings.memberRoleId, tr('status.notSet')) },
      {
        name: tr('status.welcomeChannel'),
        value: channel(settings.welcomeChannelId),
        inline: true,
      },
      {
        name: tr('status.announcementsChannel'),
        value: channel(settings.announcementsChannelId),
        inline: true,
      },
      { name: tr('status.logChannel'), value: channel(settings.logChannelId), inline: true },
      ...(stuck.length === 0
        ? []
        : [{ name: tr('status.stuck', { count: stuck.length }), value: stuck.join('\n') }]),
    ],
    // Which Hearth answers: what to quote when asking for help or checking an upgrade.
    footer: tr('status.version', { version: VERSION }),
  });
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
          ...(failing.some((item) => item.state === 'failed')
            ? [
                {
                  type: ComponentType.Button as const,
                  style: ButtonStyle.Primary as const,
                  custom_id: guildRoutes.retry.build({}),
                  label: tr('status.retry'),
                },
              ]
            : []),
        ],
      },
    ],
  };
}
