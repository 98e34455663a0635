import { trustPolicy } from '../src/core/config.js';
import { ButtonStyle, ComponentType, TextInputStyle, TimestampStyles, time } from 'discord.js';
import { fieldValue } from '../src/core/modal-fields.js';
import {
  guildOnly,
  localizedChoices,
  named,
  option,
  subcommand,
} from '../src/core/command-options.js';
import type { InteractionContext } from '../src/core/context.js';
import { button } from '../src/core/discord-actions.js';
import { UserError } from '../src/core/errors.js';
import { component, defineCommand } from '../src/core/handlers.js';
import {
  describeMember,
  exportMember,
  memberDataOf,
  type Description,
} from '../src/core/member-data.js';
import { setHidden } from '../src/features/insights/api.js';
import {
  eraseOnDiscord,
  exportLimiterOf,
  rolesGrantedTo,
} from '../src/features/privacy/discord.js';
import { buildExport } from '../src/features/privacy/export.js';
import { t as translate, type Translate } from '../src/features/privacy/messages.js';
import { privacyRoutes } from '../src/features/privacy/routes.js';

const ROLES = ['keep', 'drop'] as const;
type RolesChoice = (typeof ROLES)[number];

/** Discord's limit for what a bot may attach to one message, less room for the text file. */
const EXPORT_MAX_BYTES = 8 * 1024 * 1024;

const data = {
  ...named('privacy', 'cmd.privacy'),
  ...guildOnly(),
  options: [
    subcommand('show', 'cmd.privacy.show'),
    subcommand('export', 'cmd.privacy.export'),
    subcommand('erase', 'cmd.privacy.erase', [
      option.string('roles', 'cmd.opt.roles', {
        choices: localizedChoices(ROLES, (value) => `privacy.roles.${value}`),
      }),
    ]),
    subcommand('hide', 'cmd.privacy.hide', [
      option.boolean('on', 'cmd.opt.on', { required: true }),
    ]),
    subcommand('policy', 'cmd.privacy.policy'),
  ],
} as const;

const scopeOf = (ctx: InteractionContext) => ({ guildId: ctx.guild.id, userId: ctx.userId });

function countLines(t: Translate, description: Description): string[] {
  return description.counts.map((c) =>
    t('privacy.showLine', { label: t(c.column.label), count: c.rows }),
  );
}

async function show(ctx: InteractionContext): Promise<void> {
  const { t } = ctx;
  const description = await describeMember(ctx.app.db, memberDataOf(ctx.app), scopeOf(ctx));
  const lines =
    description.counts.length === 0
      ? [t('privacy.showNothing', { server: ctx.guild.name })]
      : [...countLines(t, description), ...description.lines.map((l) => `• ${t(l.key, l.params)}`)];
  await ctx.reply({
    embeds: [
      {
        title: t('privacy.showTitle', { server: ctx.guild.name }).replace(/\*\*/g, ''),
        description: [...lines, '', t('privacy.neverStored'), '', t('privacy.showFooter')].join(
          '\n',
        ),
      },
    ],
  });
}

async function exportData(ctx: InteractionContext): Promise<void> {
  const { app, t } = ctx;
  const limiter = exportLimiterOf(app);
  const claim = limiter.claim(ctx.guild.id, ctx.userId, app.now());
  if (!claim.ok)
    throw new UserError('privacy.exportLimited', {
      when: time(Math.ceil(claim.at / 1000), TimestampStyles.RelativeTime),
    });
  try {
    const entries = memberDataOf(app);
    for (const { data: memberData } of entries)
      await memberData.prepare?.({ app, client: ctx.interaction.client });
    const sections = await exportMember(app.db, entries, scopeOf(ctx));
    if (sections.length === 0) {
      limiter.release(ctx.guild.id, ctx.userId);
      await ctx.reply({ content: t('privacy.exportEmpty', { server: ctx.guild.name }) });
      return;
    }
    const doc = buildExport({
      guild: { id: ctx.guild.id, name: ctx.guild.name },
      userId: ctx.userId,
      now: app.now(),
      sections,
      t,
    });
    const size = Buffer.byteLength(doc.json) + Buffer.byteLength(doc.text);
    if (size > EXPORT_MAX_BYTES)
      throw new UserError('privacy.exportTooLarge', { size: Math.ceil(size / 1024 / 1024) });
    await ctx.reply({
      content: t('privacy.exportReady', { server: ctx.guild.name, rows: doc.rows }),
      files: [
        { attachment: Buffer.from(doc.json, 'utf8'), name: `hearth-data-${ctx.guild.id}.json` },
        { attachment: Buffer.from(doc.text, 'utf8'), name: `hearth-data-${ctx.guild.id}.txt` },
      ],
    });
  } catch (error) {
    limiter.release(ctx.guild.id, ctx.userId);
    throw error;
  }
}

const actionKey = {
  delete: 'privacy.eraseDelete',
  pseudonymize: 'privacy.erasePseudonymize',
  clear: 'privacy.eraseClear',
} as const;

async function erasePreview(ctx: InteractionContext, roles: RolesChoice): Promise<void> {
  const { app, t } = ctx;
  const scope = scopeOf(ctx);
  const entries = memberDataOf(app);
  const description = await describeMember(app.db, entries, scope);
  if (description.counts.length === 0) {
    await ctx.reply({ content: t('privacy.eraseNothing', { server: ctx.guild.name }) });
    return;
  }
  const keepRoles = roles === 'keep';
  const notes = [];
  for (const { data: memberData } of entries)
    notes.push(...((await memberData.notes?.(app.db, { ...scope, keepRoles })) ?? []));
  const granted = keepRoles ? [] : await rolesGrantedTo(app, scope);
  const lines = [
    ...description.counts.map((c) =>
      t(actionKey[c.column.erase], { label: t(c.column.label), count: c.rows }),
    ),
    ...(notes.length === 0
      ? []
      : ['', t('privacy.eraseNotes'), ...notes.map((n) => `• ${t(n.key, n.params)}`)]),
    '',
    t('privacy.eraseStays'),
    t('privacy.stayAnonymous'),
    t('privacy.stayFigures'),
    keepRoles
      ? t('privacy.stayRoles')
      : granted.length > 0
        ? t('privacy.dropRoles', { roles: granted.map((r) => `<@&${r}>`).join(', ') })
        : '',
    t('privacy.stayDiscord'),
    '',
    t('privacy.eraseConfirmHint', { word: t('privacy.confirmWord') }),
  ].filter((line, i, all) => line !== '' || (all[i - 1] ?? '') !== '');
  await ctx.reply({
    embeds: [
      {
        title: t('privacy.eraseTitle', { server: ctx.guild.name }).replace(/\*\*/g, ''),
        description: lines.join('\n'),
      },
    ],
    components: [
      button(
        privacyRoutes.erase.build({ guild: ctx.guild.id, user: ctx.userId, roles }),
        t('privacy.eraseButton'),
        ButtonStyle.Danger,
      ),
    ],
  });
}

async function policy(ctx: InteractionContext): Promise<void> {
  const { app, t } = ctx;
  const days = app.config.MEMBER_DATA_RETENTION_DAYS;
  const lines = [
    t('privacy.policy.what'),
    t('privacy.policy.why'),
    t('privacy.policy.who'),
    t('privacy.policy.howLong', {
      insightsDays: app.config.INSIGHTS_RETENTION_DAYS,
      memberRetention:
        days === 0
          ? t('privacy.policy.memberRetentionNow')
          : t('privacy.policy.memberRetentionDays', { days }),
      guildDays: app.config.GUILD_DATA_RETENTION_DAYS,
    }),
    t('privacy.policy.rights'),
    app.config.PRIVACY_CONTACT === undefined
      ? t('privacy.policy.contactManagers')
      : t('privacy.policy.contact', { contact: app.config.PRIVACY_CONTACT }),
    ...(app.config.PRIVACY_POLICY_URL === undefined
      ? []
      : [t('privacy.policy.link', { url: app.config.PRIVACY_POLICY_URL })]),
  ];
  await ctx.reply({
    embeds: [
      {
        title: t('privacy.policyTitle', { server: ctx.guild.name }),
        description: lines.join('\n\n'),
      },
    ],
  });
}

/**
 * `/privacy`: a member's data rights in this server (show, export, erase), whether insights may
 * name them (hide), and how Hearth handles their data (policy). Every subcommand acts on the
 * member running it, in the server it runs in: no option names anyone else.
 */
export const command = defineCommand(data, {
  audience: 'everyone',
  defer: 'ephemeral',
  subcommands: {
    show: (ctx) => show(ctx),
    export: (ctx) => exportData(ctx),
    erase: (ctx, { roles }) => erasePreview(ctx, roles ?? 'keep'),
    async hide(ctx, { on }) {
      await setHidden(ctx.app.db, ctx.guild.id, ctx.userId, on);
      await ctx.reply({
        content: on
          ? ctx.t('privacy.youAreHidden', {
              min: trustPolicy(ctx.app.config).anonymityMinResponses,
            })
          : ctx.t('privacy.youAreShown'),
      });
    },
    policy: (ctx) => policy(ctx),
  },
});

/** The button and the confirmation are honoured only for the member, and the server, they name. */
function checkOwner(
  ctx: InteractionContext,
  args: { guild: string; user: string; roles: string },
): RolesChoice {
  if (args.user !== ctx.userId || args.guild !== ctx.guild.id)
    throw new UserError('privacy.notYours');
  if (args.roles !== 'keep' && args.roles !== 'drop')
    throw new UserError('error.unknownInteraction');
  return args.roles;
}

/** The confirmation word, in either language, as the member typed it. */
function confirms(typed: string): boolean {
  const word = typed.trim().toLocaleUpperCase('it');
  return (
    word === translate('en', 'privacy.confirmWord') ||
    word === translate('it', 'privacy.confirmWord')
  );
}

export const components = [
  component({
    kind: 'button',
    route: privacyRoutes.erase,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const roles = checkOwner(ctx, args);
      const word = ctx.t('privacy.confirmWord');
      await ctx.showModal({
        custom_id: privacyRoutes.confirm.build({ guild: ctx.guild.id, user: ctx.userId, roles }),
        title: ctx.t('privacy.modalTitle'),
        components: [
          {
            type: ComponentType.Label,
            label: ctx.t('privacy.modalLabel', { word }),
            component: {
              type: ComponentType.TextInput,
              custom_id: 'word',
              style: TextInputStyle.Short,
              required: true,
              max_length: 20,
              placeholder: word,
            },
          },
        ],
      });
    },
  }),
  component({
    kind: 'modal',
    route: privacyRoutes.confirm,
    audience: 'everyone',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const roles = checkOwner(ctx, args);
      const { t } = ctx;
      const typed = fieldValue(ctx.interaction.fields.fields, 'word') ?? '';
      if (!confirms(typed)) {
        await ctx.reply({ content: t('privacy.wrongWord', { word: t('privacy.confirmWord') }) });
        return;
      }
      const erased = await eraseOnDiscord(ctx.app, ctx.interaction.client, scopeOf(ctx), {
        keepRoles: roles === 'keep',
        stillMember: true,
        reason: 'request',
      });
      const rows = erased.report.counts.reduce((sum, c) => sum + c.rows, 0);
      const lines = [
        t('privacy.erased', { server: ctx.guild.name, rows }),
        ...erased.report.kept.map((k) => t('privacy.erasedKept', { reason: t(k.reason) })),
        ...(erased.rolesDropped.length > 0 ? [t('privacy.rolesDropped')] : []),
        ...(erased.rolesFailed.length > 0
          ? [
              t('privacy.rolesFailed', {
                roles: erased.rolesFailed.map((r) => `<@&${r}>`).join(', '),
              }),
            ]
          : []),
      ];
      await ctx.reply({ content: lines.join('\n\n') });
    },
  }),
];
