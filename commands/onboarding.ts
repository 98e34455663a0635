import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { localizedChoices, managerCommand, subcommand } from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import {
  commandText,
  type MessageKey,
  type Translate,
} from '../src/features/onboarding/messages.js';
import { component, type Command } from '../src/core/handlers.js';
import { grantableRoleProblems } from '../src/features/guilds/api.js';
import { assertMayConfigureRole } from '../src/core/authority.discord.js';
import {
  answersEmbed,
  pageModal,
  submittedFields,
  tellDecision,
} from '../src/features/onboarding/discord.js';
import { applyRoles, button } from '../src/core/discord-actions.js';
import { carryOutAdmission, decideAdmission } from '../src/features/membership/api.js';
import type { Db } from '../src/core/db/database.js';
import { toCsv } from '../src/core/csv.js';
import { getGuild } from '../src/core/guilds.js';
import {
  LIMITS,
  QUESTION_KINDS,
  validateAnswer,
  type DefinitionInput,
  type QuestionDefinition,
  type QuestionKind,
} from '../src/features/onboarding/definitions.js';
import { decide, exportTable } from '../src/features/onboarding/members.js';
import {
  activeQuestions,
  addQuestion,
  applyTemplate,
  editQuestion,
  getSettings,
  mapChoiceRole,
  moveQuestion,
  pages,
  questionOf,
  removeQuestion,
  roleMappings,
  unmapChoiceRole,
  updateOnboardingSettings,
  type Question,
} from '../src/features/onboarding/questionnaire.js';
import { onboardingRoutes } from '../src/features/onboarding/routes.js';

const questionOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.question.name', 'cmd.opt.question.description'),
  required: true,
  autocomplete: true,
};
const choiceOption = {
  type: ApplicationCommandOptionType.String as const,
  ...commandText('cmd.opt.choice.name', 'cmd.opt.choice.description'),
  required: true,
  autocomplete: true,
};
const roleOption = {
  type: ApplicationCommandOptionType.Role as const,
  ...commandText('cmd.opt.role.name', 'cmd.opt.role.description'),
  required: true,
};
const requiredOption = {
  type: ApplicationCommandOptionType.Boolean as const,
  ...commandText('cmd.opt.required.name', 'cmd.opt.required.description'),
};
const minOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.minChoices.name', 'cmd.opt.minChoices.description'),
  min_value: 0,
  max_value: LIMITS.choices,
};
const maxOption = {
  type: ApplicationCommandOptionType.Integer as const,
  ...commandText('cmd.opt.maxChoices.name', 'cmd.opt.maxChoices.description'),
  min_value: 1,
  max_value: LIMITS.choices,
};

const KIND_LABELS: Record<QuestionKind, MessageKey> = {
  short: 'onboarding.kind.short',
  paragraph: 'onboarding.kind.paragraph',
  single: 'onboarding.kind.single',
  multi: 'onboarding.kind.multi',
  scale: 'onboarding.kind.scale',
};

const data = {
  ...managerCommand('onboarding', 'cmd.onboarding.description'),
  options: [
    subcommand('cmd.onboarding.template.name', 'cmd.onboarding.template.description', [
      {
        type: ApplicationCommandOptionType.Boolean,
        ...commandText('cmd.opt.replace.name', 'cmd.opt.replace.description'),
      },
    ]),
    subcommand('cmd.onboarding.add.name', 'cmd.onboarding.add.description', [
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.kind.name', 'cmd.opt.kind.description'),
        required: true,
        choices: localizedChoices(QUESTION_KINDS, (kind) => KIND_LABELS[kind]),
      },
      requiredOption,
      minOption,
      maxOption,
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.scale.name', 'cmd.opt.scale.description'),
        choices: [
          { name: '1-5', value: 5 },
          { name: '0-10', value: 10 },
        ],
      },
    ]),
    subcommand('cmd.onboarding.edit.name', 'cmd.onboarding.edit.description', [
      questionOption,
      requiredOption,
      minOption,
      maxOption,
    ]),
    subcommand('cmd.onboarding.remove.name', 'cmd.onboarding.remove.description', [questionOption]),
    subcommand('cmd.onboarding.move.name', 'cmd.onboarding.move.description', [
      questionOption,
      {
        type: ApplicationCommandOptionType.Integer,
        ...commandText('cmd.opt.position.name', 'cmd.opt.position.description'),
        required: true,
        min_value: 1,
        max_value: LIMITS.questions,
      },
    ]),
    subcommand('cmd.onboarding.list.name', 'cmd.onboarding.list.description'),
    subcommand('cmd.onboarding.map.name', 'cmd.onboarding.map.description', [
      questionOption,
      choiceOption,
      roleOption,
    ]),
    subcommand('cmd.onboarding.unmap.name', 'cmd.onboarding.unmap.description', [
      questionOption,
      choiceOption,
      roleOption,
    ]),
    subcommand('cmd.onboarding.settings.name', 'cmd.onboarding.settings.description', [
      {
        type: ApplicationCommandOptionType.Boolean,
        ...commandText('cmd.opt.enabled.name', 'cmd.opt.enabled.description'),
      },
      {
        type: ApplicationCommandOptionType.String,
        ...commandText('cmd.opt.admission.name', 'cmd.opt.admission.description'),
        choices: localizedChoices(
          ['auto', 'approval'] as const,
          (value) => `onboarding.admission.${value}`,
        ),
      },
    ]),
    subcommand('cmd.onboarding.preview.name', 'cmd.onboarding.preview.description'),
    subcommand('cmd.onboarding.answers.name', 'cmd.onboarding.answers.description', [
      {
        type: ApplicationCommandOptionType.User,
        ...commandText('cmd.opt.member.name', 'cmd.opt.member.description'),
        required: true,
      },
    ]),
    subcommand('cmd.onboarding.export.name', 'cmd.onboarding.export.description'),
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const { questionAdd: addRoute, questionEdit: editRoute } = onboardingRoutes;

function questionModal(
  customId: string,
  tr: Translate,
  kind: QuestionKind,
  current?: QuestionDefinition,
): APIModalInteractionResponseCallbackData {
  const text = (
    id: string,
    labelKey: MessageKey,
    maxLength: number,
    required: boolean,
    style = TextInputStyle.Short,
    value?: string,
  ) => ({
    type: ComponentType.Label,
    label: tr(labelKey),
    component: {
      type: ComponentType.TextInput,
      custom_id: id,
      style,
      max_length: maxLength,
      required,
      ...(value ? { value } : {}),
    },
  });
  const components = [
    text(
      'label',
      'onboarding.editor.label',
      LIMITS.label,
      true,
      TextInputStyle.Short,
      current?.label,
    ),
    text(
      'description',
      'onboarding.editor.description',
      LIMITS.description,
      false,
      TextInputStyle.Short,
      current?.description,
    ),
  ];
  if (kind === 'single' || kind === 'multi') {
    components.push(
      text(
        'choices',
        'onboarding.editor.choices',
        4000,
        true,
        TextInputStyle.Paragraph,
        current?.choices?.map((c) => c.label).join('\n'),
      ),
    );
  }
  if (kind === 'scale') {
    components.push(
      text(
        'low',
        'onboarding.editor.low',
        LIMITS.choiceLabel - 5,
        false,
        TextInputStyle.Short,
        current?.scale?.lowLabel,
      ),
    );
    components.push(
      text(
        'high',
        'onboarding.editor.high',
        LIMITS.choiceLabel - 5,
        false,
        TextInputStyle.Short,
        current?.scale?.highLabel,
      ),
    );
  }
  return {
    custom_id: customId,
    title: tr(current ? 'onboarding.editor.titleEdit' : 'onboarding.editor.titleAdd'),
    components,
  } as APIModalInteractionResponseCallbackData;
}

function describeQuestion(q: Question, tr: Translate, mappings: Map<string, string[]>): string {
  const d = q.definition;
  const flags = [
    tr(KIND_LABELS[d.kind]),
    tr(d.required ? 'onboarding.required' : 'onboarding.optional'),
  ];
  if (d.kind === 'multi')
    flags.push(`${d.minValues ?? 0}-${d.maxValues ?? d.choices?.length ?? 0}`);
  if (d.kind === 'scale') flags.push(`${d.scale?.min ?? 1}-${d.scale?.max ?? 5}`);
  const choices = (d.choices ?? []).map((c) => {
    const roles = mappings.get(`${q.id}:${c.key}`) ?? [];
    return `   ◦ ${c.label}${roles.length > 0 ? ` → ${roles.map((r) => `<@&${r}>`).join(' ')}` : ''}`;
  });
  return [`**${q.position}.** ${d.label} · ${flags.join(' · ')}`, ...choices].join('\n');
}

/** A reply's text within Discord's limit (the list is shown, never stored, so it may be cut). */
const fit = (text: string) => clip(text, DISCORD_LIMITS.content);

async function listView(ctx: {
  app: { db: Db };
  guild: { id: string };
  t: Translate;
}): Promise<string> {
  const questions = await activeQuestions(ctx.app.db, ctx.guild.id);
  const settings = await getSettings(ctx.app.db, ctx.guild.id);
  const mappings = new Map<string, string[]>();
  for (const m of await roleMappings(ctx.app.db, ctx.guild.id)) {
    const key = `${m.questionId}:${m.choiceKey}`;
    mappings.set(key, [...(mappings.get(key) ?? []), m.roleId]);
  }
  const header = ctx.t('onboarding.listHeader', {
    state: ctx.t(settings.enabled ? 'onboarding.on' : 'onboarding.off'),
    admission: ctx.t(`onboarding.admission.${settings.admissionMode}`),
    count: questions.length,
    pages: pages(questions).length,
  });
  const body = questions.map((q) => describeQuestion(q, ctx.t, mappings)).join('\n');
  return `${header}\n${body || ctx.t('onboarding.listEmpty')}`;
}

const num = (value: number | null) => value ?? -1;

export const command: Command = {
  data,
  audience: 'managers',
  defer: 'ephemeral',
  async execute(ctx) {
    const { app, guild, t, interaction } = ctx;
    const options = interaction.options;
    const now = app.now();
    switch (options.getSubcommand(true)) {
      case 'template': {
        const added = await applyTemplate(
          app.db,
          guild.id,
          ctx.settings.language,
          options.getBoolean('replace') ?? false,
          now,
        );
        await ctx.reply({
          content: fit(
            `${t('onboarding.templateApplied', { count: added.length })}\n\n${await listView(ctx)}`,
          ),
        });
        return;
      }
      case 'add': {
        const kind = options.getString('kind', true);
        if (!(QUESTION_KINDS as readonly string[]).includes(kind))
          throw new UserError('onboarding.def.kind');
        const required = options.getBoolean('required') ?? true;
        const customId = addRoute.build({
          kind,
          required: required ? 1 : 0,
          min: num(options.getInteger('min_choices')),
          max: num(options.getInteger('max_choices')),
          scale: options.getInteger('scale') ?? 5,
        });
        await ctx.showModal(questionModal(customId, t, kind as QuestionKind));
        return;
      }
      case 'edit': {
        const question = await questionOf(app.db, guild.id, options.getInteger('question', true));
        const required = options.getBoolean('required');
        const customId = editRoute.build({
          question: question.id,
          required: required === null ? -1 : required ? 1 : 0,
          min: num(options.getInteger('min_choices')),
          max: num(options.getInteger('max_choices')),
        });
        await ctx.showModal(
          questionModal(customId, t, question.definition.kind, question.definition),
        );
        return;
      }
      case 'remove': {
        const question = await questionOf(app.db, guild.id, options.getInteger('question', true));
        await removeQuestion(app.db, guild.id, question.id, now);
        await ctx.reply({
          content: fit(
            `${t('onboarding.removed', { question: question.definition.label })}\n\n${await listView(ctx)}`,
          ),
        });
        return;
      }
      case 'move': {
        await moveQuestion(
          app.db,
          guild.id,
          options.getInteger('question', true),
          options.getInteger('position', true),
          now,
        );
        await ctx.reply({ content: fit(await listView(ctx)) });
        return;
      }
      case 'list':
        await ctx.reply({ content: fit(await listView(ctx)) });
        return;
      case 'map':
      case 'unmap': {
        const question = await questionOf(app.db, guild.id, options.getInteger('question', true));
        const choice = (question.definition.choices ?? []).find(
          (c) => c.key === options.getString('choice', true),
        );
        if (choice === undefined) throw new UserError('onboarding.choiceUnknown');
        const role = options.getRole('role', true);
        if (role.id === guild.id || !guild.roles.cache.has(role.id))
          throw new UserError('error.invalidReference');
        if (options.getSubcommand(true) === 'unmap') {
          await unmapChoiceRole(app.db, guild.id, question.id, choice.key, role.id, now);
          await ctx.reply({
            content: fit(
              `${t('onboarding.unmapped', { role: `<@&${role.id}>`, choice: choice.label })}\n\n${await listView(ctx)}`,
            ),
          });
          return;
        }
        // Members who pick this choice get the role: the manager mapping it must be able to
        // grant it by hand, and it must carry no dangerous permission.
        if (!interaction.inCachedGuild()) throw new UserError('error.guildOnly');
        assertMayConfigureRole(guild, interaction.member, role.id, t);
        await mapChoiceRole(app.db, guild.id, question.id, choice.key, role.id, now);
        // Checked up front, so a manager learns now what would stop Hearth from granting it.
        const me = guild.members.me;
        const problems =
          me === null
            ? []
            : grantableRoleProblems(guild, me, role.id, t('onboarding.mappedRole'), t);
        const warning =
          problems.length === 0
            ? ''
            : `\n\n${t('onboarding.mapWarning')}\n${problems.map((p) => `• ${t(p.key, p.params)}`).join('\n')}`;
        await ctx.reply({
          content: fit(
            `${t('onboarding.mapped', { role: `<@&${role.id}>`, choice: choice.label })}${warning}\n\n${await listView(ctx)}`,
          ),
        });
        return;
      }
      case 'settings': {
        const enabled = options.getBoolean('enabled');
        const admission = options.getString('admission');
        if (admission !== null && admission !== 'auto' && admission !== 'approval')
          throw new UserError('error.invalidReference');
        await updateOnboardingSettings(
          app.db,
          guild.id,
          {
            ...(enabled === null ? {} : { enabled }),
            ...(admission === null ? {} : { admissionMode: admission }),
          },
          now,
        );
        const settings = await getGuild(app.db, guild.id);
        const warnings: string[] = [];
        if ((settings?.welcome_channel_id ?? null) === null)
          warnings.push(t('onboarding.needWelcomeChannel'));
        if (admission === 'approval' && (settings?.log_channel_id ?? null) === null)
          warnings.push(t('onboarding.needLogChannel'));
        await ctx.reply({ content: fit([await listView(ctx), ...warnings].join('\n\n')) });
        return;
      }
      case 'preview': {
        const split = pages(await activeQuestions(app.db, guild.id));
        if (split.length === 0) throw new UserError('onboarding.noQuestions');
        await ctx.showModal(previewModal(split, 0, t));
        return;
      }
      case 'answers': {
        const user = options.getUser('member', true);
        const embed = await answersEmbed(app, guild.id, user.id, t, t('onboarding.answersTitle'));
        await ctx.reply(
          embed.fields?.length
            ? { embeds: [embed] }
            : { content: t('onboarding.noAnswers', { member: `<@${user.id}>` }) },
        );
        return;
      }
      case 'export': {
        const table = await exportTable(app.db, guild.id);
        const header = [
          t('onboarding.csv.member'),
          t('onboarding.csv.status'),
          t('onboarding.csv.joined'),
          t('onboarding.csv.completed'),
          ...table.questions,
        ];
        const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
        const rows = table.rows.map((r) => [
          r.userId,
          r.status,
          iso(r.joinedAt),
          iso(r.completedAt),
          ...r.answers,
        ]);
        await ctx.reply({
          content: t('onboarding.exported', { count: rows.length }),
          files: [
            {
              attachment: Buffer.from(toCsv([header, ...rows]), 'utf8'),
              name: `onboarding-${guild.id}.csv`,
            },
          ],
        });
        return;
      }
      default:
        throw new UserError('error.unknownInteraction');
    }
  },
  async autocomplete({ interaction, app, guild }) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    if (focused.name === 'question') {
      const questions = await activeQuestions(app.db, guild.id);
      return questions
        .filter(
          (q) => q.definition.label.toLowerCase().includes(typed) || String(q.position) === typed,
        )
        .map((q) => ({ name: `${q.position}. ${q.definition.label}`.slice(0, 100), value: q.id }));
    }
    if (focused.name === 'choice') {
      const questionId = interaction.options.getInteger('question');
      if (questionId === null) return [];
      const question = await questionOf(app.db, guild.id, questionId).catch(() => undefined);
      return (question?.definition.choices ?? [])
        .filter((c) => c.label.toLowerCase().includes(typed))
        .map((c) => ({ name: c.label, value: c.key }));
    }
    return [];
  },
};

function previewModal(
  split: Question[][],
  page: number,
  tr: Translate,
): APIModalInteractionResponseCallbackData {
  const questions = split[page] ?? [];
  return pageModal(
    { page, pageCount: split.length, questions, prefill: new Map() },
    onboardingRoutes.previewPage.build({ page }),
    tr('onboarding.previewTitle', { page: page + 1, count: split.length }),
  );
}

function readEditor(
  ctx: { interaction: { fields: { fields: Map<string, unknown> } } },
  id: string,
): string | undefined {
  const field = ctx.interaction.fields.fields.get(id) as { value?: unknown } | undefined;
  return typeof field?.value === 'string' ? field.value : undefined;
}

export const components = [
  component({
    kind: 'modal',
    route: addRoute,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const kind = args.kind as QuestionKind;
      const input: DefinitionInput = {
        kind,
        label: readEditor(ctx, 'label') ?? '',
        description: readEditor(ctx, 'description'),
        required: args.required === 1,
        choicesText: readEditor(ctx, 'choices'),
        ...(args.min >= 0 ? { minValues: args.min } : {}),
        ...(args.max >= 0 ? { maxValues: args.max } : {}),
        scaleMax: args.scale === 10 ? 10 : 5,
        lowLabel: readEditor(ctx, 'low'),
        highLabel: readEditor(ctx, 'high'),
      };
      const question = await addQuestion(ctx.app.db, ctx.guild.id, input, ctx.app.now());
      await ctx.reply({
        content: fit(
          `${ctx.t('onboarding.added', { position: question.position })}\n\n${await listView(ctx)}`,
        ),
      });
    },
  }),
  component({
    kind: 'modal',
    route: editRoute,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const current = await questionOf(ctx.app.db, ctx.guild.id, args.question);
      const d = current.definition;
      const input: DefinitionInput = {
        kind: d.kind,
        label: readEditor(ctx, 'label') ?? '',
        description: readEditor(ctx, 'description'),
        required: args.required === -1 ? d.required : args.required === 1,
        choicesText: readEditor(ctx, 'choices'),
        minValues: args.min >= 0 ? args.min : d.minValues,
        maxValues: args.max >= 0 ? args.max : d.maxValues,
        scaleMax: d.scale?.max,
        lowLabel: readEditor(ctx, 'low'),
        highLabel: readEditor(ctx, 'high'),
      };
      await editQuestion(ctx.app.db, ctx.guild.id, current.id, input, ctx.app.now());
      await ctx.reply({
        content: fit(
          `${ctx.t('onboarding.edited', { position: current.position })}\n\n${await listView(ctx)}`,
        ),
      });
    },
  }),
  // Preview: the same modals members see; answers are checked but never stored.
  component({
    kind: 'modal',
    route: onboardingRoutes.previewPage,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const split = pages(await activeQuestions(ctx.app.db, ctx.guild.id));
      const questions = new Map(
        (split[args.page] ?? []).map((q) => [`${q.id}:${q.revision}`, q.definition]),
      );
      const problems = submittedFields(ctx.interaction).flatMap((f) => {
        const definition = questions.get(`${f.questionId}:${f.revision}`);
        const problem =
          definition === undefined ? undefined : validateAnswer(definition, f.raw).problem;
        return problem === undefined ? [] : [`• ${ctx.t(problem.key, problem.params)}`];
      });
      const next = args.page + 1 < split.length;
      await ctx.reply({
        content: [
          ctx.t('onboarding.previewChecked', { page: args.page + 1, count: split.length }),
          ...problems,
        ].join('\n'),
        components: next
          ? [
              button(
                onboardingRoutes.previewNext.build({ page: args.page + 1 }),
                ctx.t('welcome.continue'),
                ButtonStyle.Secondary,
              ),
            ]
          : [],
      });
    },
  }),
  component({
    kind: 'button',
    route: onboardingRoutes.previewNext,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const split = pages(await activeQuestions(ctx.app.db, ctx.guild.id));
      if (args.page >= split.length) throw new UserError('error.unknownInteraction');
      await ctx.showModal(previewModal(split, args.page, ctx.t));
    },
  }),
  component({
    kind: 'button',
    route: onboardingRoutes.decide,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      if (args.verdict !== 'approve' && args.verdict !== 'reject')
        throw new UserError('error.unknownInteraction');
      const approve = args.verdict === 'approve';
      const { app, guild } = ctx;
      const { grant } = await decide(app.db, {
        guildId: guild.id,
        userId: args.user,
        approve,
        by: ctx.userId,
        now: app.now(),
      });
      const embed = await answersEmbed(
        app,
        guild.id,
        args.user,
        ctx.guildT,
        ctx.guildT('onboarding.reviewTitle'),
      );
      await ctx.update({
        embeds: [
          {
            ...embed,
            footer: {
              text: ctx.guildT(approve ? 'onboarding.approvedBy' : 'onboarding.rejectedBy', {
                manager: ctx.interaction.user.username,
              }),
            },
          },
        ],
        components: [],
      });
      const admission = approve ? await decideAdmission(app, guild, args.user) : undefined;
      if (approve) {
        await applyRoles(app, guild, args.user, grant, []);
        await carryOutAdmission(app, guild, args.user, admission);
      }
      await tellDecision(
        app,
        guild,
        ctx.settings,
        args.user,
        approve,
        admission?.outcome === 'waitlisted' ? admission.position : undefined,
      );
    },
  }),
];
