import {
  ButtonStyle,
  ComponentType,
  RESTJSONErrorCodes,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import {
  localizedChoices,
  managerCommand,
  option,
  subcommand,
  type ArgumentsOf,
} from '../src/core/command-options.js';
import { UserError } from '../src/core/errors.js';
import { clip, DISCORD_LIMITS } from '../src/core/text.js';
import { listMessage } from '../src/core/pages.js';
import { replyWithEmbeds } from '../src/core/embeds.js';
import type { MessageKey, Translate } from '../src/features/onboarding/messages.js';
// Registers the strings the definition below reads.
import '../src/features/onboarding/messages.js';
import { component, defineCommand, type CommandContext } from '../src/core/handlers.js';
import { modalValues, textValue } from '../src/forms/index.js';
import { grantableRoleProblems } from '../src/features/guilds/api.js';
import { assertMayConfigureRole } from '../src/core/authority.discord.js';
import {
  answerMessages,
  decisionButtons,
  pageModal,
  submittedFields,
} from '../src/features/onboarding/discord.js';
import { button, discordErrorCode } from '../src/core/discord-actions.js';
import type { Db } from '../src/core/db/database.js';
import { toCsv } from '../src/core/csv.js';
import { getGuild } from '../src/core/guilds.js';
import {
  LIMITS,
  QUESTION_KINDS,
  choicesOf,
  validateAnswer,
  type DefinitionInput,
  type QuestionDefinition,
  type QuestionKind,
} from '../src/features/onboarding/definitions.js';
import {
  decide,
  exportTable,
  isPresent,
  pendingApprovals,
  recordLeave,
} from '../src/features/onboarding/members.js';
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

const questionOption = option.integer('question', 'cmd.opt.question', {
  required: true,
  autocomplete: true,
});
const choiceOption = option.string('choice', 'cmd.opt.choice', {
  required: true,
  autocomplete: true,
});
const roleOption = option.role('role', 'cmd.opt.role', { required: true });
const requiredOption = option.boolean('required', 'cmd.opt.required');
const minOption = option.integer('min_choices', 'cmd.opt.minChoices', {
  min_value: 0,
  max_value: LIMITS.choices,
});
const maxOption = option.integer('max_choices', 'cmd.opt.maxChoices', {
  min_value: 1,
  max_value: LIMITS.choices,
});

const KIND_LABELS: Record<QuestionKind, MessageKey> = {
  short: 'onboarding.kind.short',
  paragraph: 'onboarding.kind.paragraph',
  single: 'onboarding.kind.single',
  multi: 'onboarding.kind.multi',
  scale: 'onboarding.kind.scale',
};

const data = {
  ...managerCommand('onboarding', 'cmd.onboarding'),
  options: [
    subcommand('template', 'cmd.onboarding.template', [
      option.boolean('replace', 'cmd.opt.replace'),
    ]),
    subcommand('add', 'cmd.onboarding.add', [
      option.string('kind', 'cmd.opt.kind', {
        required: true,
        choices: localizedChoices(QUESTION_KINDS, (kind) => KIND_LABELS[kind]),
      }),
      requiredOption,
      minOption,
      maxOption,
      option.integer('scale', 'cmd.opt.scale', {
        choices: [
          { name: '1-5', value: 5 },
          { name: '0-10', value: 10 },
        ],
      }),
    ]),
    subcommand('edit', 'cmd.onboarding.edit', [
      questionOption,
      requiredOption,
      minOption,
      maxOption,
    ]),
    subcommand('remove', 'cmd.onboarding.remove', [questionOption]),
    subcommand('move', 'cmd.onboarding.move', [
      questionOption,
      option.integer('position', 'cmd.opt.position', {
        required: true,
        min_value: 1,
        max_value: LIMITS.questions,
      }),
    ]),
    subcommand('list', 'cmd.onboarding.list'),
    subcommand('map', 'cmd.onboarding.map', [questionOption, choiceOption, roleOption]),
    subcommand('unmap', 'cmd.onboarding.unmap', [questionOption, choiceOption, roleOption]),
    subcommand('settings', 'cmd.onboarding.settings', [
      option.boolean('enabled', 'cmd.opt.enabled'),
      option.string('admission', 'cmd.opt.admission', {
        choices: localizedChoices(['auto', 'approval'], (value) => `onboarding.admission.${value}`),
      }),
    ]),
    subcommand('preview', 'cmd.onboarding.preview'),
    subcommand('answers', 'cmd.onboarding.answers', [
      option.user('member', 'cmd.opt.member', { required: true }),
    ]),
    subcommand('export', 'cmd.onboarding.export'),
    subcommand('pending', 'cmd.onboarding.pending'),
  ],
} as const;

type Args = ArgumentsOf<typeof data>;

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
        choicesOf(current)
          .map((c) => c.label)
          .join('\n'),
      ),
    );
  }
  if (kind === 'scale') {
    const scale = current?.kind === 'scale' ? current.scale : undefined;
    components.push(
      text(
        'low',
        'onboarding.editor.low',
        LIMITS.choiceLabel - 5,
        false,
        TextInputStyle.Short,
        scale?.lowLabel,
      ),
    );
    components.push(
      text(
        'high',
        'onboarding.editor.high',
        LIMITS.choiceLabel - 5,
        false,
        TextInputStyle.Short,
        scale?.highLabel,
      ),
    );
  }
  return {
    custom_id: customId,
    title: tr(current ? 'onboarding.editor.titleEdit' : 'onboarding.editor.titleAdd'),
    components,
  } as APIModalInteractionResponseCallbackData;
}

/** A question as lines of the list: its heading, then one line per choice with its roles. */
function describeQuestion(q: Question, tr: Translate, mappings: Map<string, string[]>): string[] {
  const d = q.definition;
  const flags = [
    tr(KIND_LABELS[d.kind]),
    tr(d.required ? 'onboarding.required' : 'onboarding.optional'),
  ];
  if (d.kind === 'multi') flags.push(`${d.minValues}-${d.maxValues}`);
  if (d.kind === 'scale') flags.push(`${d.scale.min}-${d.scale.max}`);
  const choices = choicesOf(d).map((c) => {
    const roles = mappings.get(`${q.id}:${c.key}`) ?? [];
    return `   ◦ ${c.label}${roles.length > 0 ? ` → ${roles.map((r) => `<@&${r}>`).join(' ')}` : ''}`;
  });
  return [`**${q.position}.** ${d.label} · ${flags.join(' · ')}`, ...choices];
}

/**
 * One page of the question list, as a message with Previous / Next buttons. `prefix` (what a
 * change did) is shown above it; a page press shows the list alone, reloaded as it is now.
 */
async function listPayload(
  ctx: { app: { db: Db }; guild: { id: string }; t: Translate },
  prefix?: string,
  page = 0,
): Promise<{ content: string; components: ReturnType<typeof listMessage>['components'] }> {
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
  const { content, components } = listMessage({
    prefix,
    header,
    lines: questions.flatMap((q) => describeQuestion(q, ctx.t, mappings)),
    empty: ctx.t('onboarding.listEmpty'),
    page,
    customIdOf: (p) => onboardingRoutes.listPage.build({ page: p }),
    t: ctx.t,
  });
  return { content, components };
}

const num = (value: number | undefined) => value ?? -1;

/** `/onboarding map` and `unmap` (same options): a role granted for a choice, or no longer. */
async function mapping(ctx: CommandContext, args: Args['map'], map: boolean): Promise<void> {
  const { app, guild, t } = ctx;
  const now = app.now();
  const question = await questionOf(app.db, guild.id, args.question);
  const choice = choicesOf(question.definition).find((c) => c.key === args.choice);
  if (choice === undefined) throw new UserError('onboarding.choiceUnknown');
  const { role } = args;
  if (role.id === guild.id || !guild.roles.cache.has(role.id))
    throw new UserError('error.invalidReference');
  if (!map) {
    await unmapChoiceRole(app.db, guild.id, question.id, choice.key, role.id, now);
    await ctx.reply(
      await listPayload(
        ctx,
        t('onboarding.unmapped', { role: `<@&${role.id}>`, choice: choice.label }),
      ),
    );
    return;
  }
  // Members who pick this choice get the role: the manager mapping it must be able to grant it
  // by hand, and it must carry no dangerous permission.
  if (!ctx.interaction.inCachedGuild()) throw new UserError('error.guildOnly');
  assertMayConfigureRole(guild, ctx.interaction.member, role.id, t);
  await mapChoiceRole(app.db, guild.id, question.id, choice.key, role.id, now);
  // Checked up front, so a manager learns now what would stop Hearth from granting it.
  const me = guild.members.me;
  const problems =
    me === null ? [] : grantableRoleProblems(guild, me, role.id, t('onboarding.mappedRole'), t);
  const warning =
    problems.length === 0
      ? ''
      : `\n\n${t('onboarding.mapWarning')}\n${problems.map((p) => `• ${t(p.key, p.params)}`).join('\n')}`;
  await ctx.reply(
    await listPayload(
      ctx,
      `${t('onboarding.mapped', { role: `<@&${role.id}>`, choice: choice.label })}${warning}`,
    ),
  );
}

/** Members shown by `/onboarding pending` at once, each with their answers and buttons. */
const PENDING_SHOWN = 5;

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async template(ctx, { replace = false }) {
      const { app, guild, t } = ctx;
      const added = await applyTemplate(
        app.db,
        guild.id,
        ctx.settings.language,
        replace,
        app.now(),
      );
      await ctx.reply(
        await listPayload(ctx, t('onboarding.templateApplied', { count: added.length })),
      );
    },
    async add(ctx, args) {
      const customId = addRoute.build({
        kind: args.kind,
        required: (args.required ?? true) ? 1 : 0,
        min: num(args.min_choices),
        max: num(args.max_choices),
        scale: args.scale ?? 5,
      });
      await ctx.showModal(questionModal(customId, ctx.t, args.kind));
    },
    async edit(ctx, args) {
      const question = await questionOf(ctx.app.db, ctx.guild.id, args.question);
      const customId = editRoute.build({
        question: question.id,
        required: args.required === undefined ? -1 : args.required ? 1 : 0,
        min: num(args.min_choices),
        max: num(args.max_choices),
      });
      await ctx.showModal(
        questionModal(customId, ctx.t, question.definition.kind, question.definition),
      );
    },
    async remove(ctx, args) {
      const { app, guild, t } = ctx;
      const now = app.now();
      const question = await questionOf(app.db, guild.id, args.question);
      await removeQuestion(app.db, guild.id, question.id, now);
      await ctx.reply(
        await listPayload(ctx, t('onboarding.removed', { question: question.definition.label })),
      );
    },
    async move(ctx, args) {
      await moveQuestion(ctx.app.db, ctx.guild.id, args.question, args.position, ctx.app.now());
      await ctx.reply(await listPayload(ctx));
    },
    async list(ctx) {
      await ctx.reply(await listPayload(ctx));
    },
    map: (ctx, args) => mapping(ctx, args, true),
    unmap: (ctx, args) => mapping(ctx, args, false),
    async settings(ctx, { enabled, admission }) {
      const { app, guild, t } = ctx;
      await updateOnboardingSettings(
        app.db,
        guild.id,
        {
          ...(enabled === undefined ? {} : { enabled }),
          ...(admission === undefined ? {} : { admissionMode: admission }),
        },
        app.now(),
      );
      const settings = await getGuild(app.db, guild.id);
      const warnings: string[] = [];
      if ((settings?.welcomeChannelId ?? null) === null)
        warnings.push(t('onboarding.needWelcomeChannel'));
      if (admission === 'approval' && (settings?.logChannelId ?? null) === null)
        warnings.push(t('onboarding.needLogChannel'));
      await ctx.reply(await listPayload(ctx, warnings.join('\n\n') || undefined));
    },
    async preview(ctx) {
      const split = pages(await activeQuestions(ctx.app.db, ctx.guild.id));
      if (split.length === 0) throw new UserError('onboarding.noQuestions');
      await ctx.showModal(previewModal(split, 0, ctx.t));
    },
    async answers(ctx, { member }) {
      const { app, guild, t } = ctx;
      const { messages, answered } = await answerMessages(
        app,
        guild.id,
        member.id,
        t,
        t('onboarding.answersTitle'),
      );
      if (answered > 0) await replyWithEmbeds(ctx, messages);
      else await ctx.reply({ content: t('onboarding.noAnswers', { member: `<@${member.id}>` }) });
    },
    // Members awaiting approval, with their answers and the buttons: nobody waits unseen.
    async pending(ctx) {
      const { app, guild, t } = ctx;
      const waiting = await pendingApprovals(app.db, guild.id);
      if (waiting.length === 0) {
        await ctx.reply({ content: t('onboarding.noPending') });
        return;
      }
      const shown = waiting.slice(0, PENDING_SHOWN);
      await ctx.reply({
        content: [
          t('onboarding.pendingTitle', { count: waiting.length }),
          ...(waiting.length > shown.length
            ? [t('onboarding.pendingMore', { count: waiting.length - shown.length })]
            : []),
        ].join('\n'),
      });
      for (const { userId } of shown) {
        const { messages } = await answerMessages(
          app,
          guild.id,
          userId,
          t,
          t('onboarding.reviewTitle'),
        );
        await replyWithEmbeds(ctx, messages, { components: decisionButtons(userId, t) });
      }
    },
    async export(ctx) {
      const { app, guild, t } = ctx;
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
    },
  },
  autocomplete: {
    async question({ app, guild }, typed) {
      const search = typed.toLowerCase();
      const questions = await activeQuestions(app.db, guild.id);
      return questions
        .filter(
          (q) => q.definition.label.toLowerCase().includes(search) || String(q.position) === search,
        )
        .map((q) => ({
          name: clip(`${q.position}. ${q.definition.label}`, DISCORD_LIMITS.autocompleteName),
          value: q.id,
        }));
    },
    async choice({ app, guild }, typed, soFar) {
      if (soFar.question === undefined) return [];
      const search = typed.toLowerCase();
      const question = await questionOf(app.db, guild.id, soFar.question).catch(() => undefined);
      return choicesOf(question?.definition)
        .filter((c) => c.label.toLowerCase().includes(search))
        .map((c) => ({ name: clip(c.label, DISCORD_LIMITS.autocompleteName), value: c.key }));
    },
  },
});

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
    tr,
  );
}

/** A text field of the question editor (its ids are fixed words, not form fields). */
function readEditor(ctx: { interaction: { components: unknown } }, id: string): string | undefined {
  return textValue(modalValues(ctx.interaction.components), id);
}

export const components = [
  // Previous / Next on the question list: reloaded on every press.
  component({
    kind: 'button',
    route: onboardingRoutes.listPage,
    audience: 'managers',
    defer: 'update',
    async execute(ctx, args) {
      await ctx.update(await listPayload(ctx, undefined, args.page));
    },
  }),
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
      await ctx.reply(
        await listPayload(ctx, ctx.t('onboarding.added', { position: question.position })),
      );
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
        minValues: args.min >= 0 ? args.min : d.kind === 'multi' ? d.minValues : undefined,
        maxValues: args.max >= 0 ? args.max : d.kind === 'multi' ? d.maxValues : undefined,
        scaleMax: d.kind === 'scale' ? d.scale.max : undefined,
        lowLabel: readEditor(ctx, 'low'),
        highLabel: readEditor(ctx, 'high'),
      };
      await editQuestion(ctx.app.db, ctx.guild.id, current.id, input, ctx.app.now());
      await ctx.reply(
        await listPayload(ctx, ctx.t('onboarding.edited', { position: current.position })),
      );
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
      // Approving someone who left while Hearth was not looking (say, offline): Discord is asked
      // first, so the decision below knows they are gone. When Discord cannot say, they count as
      // here: a role grant that finds them gone passes the seat on.
      if (approve && (await isPresent(app.db, guild.id, args.user))) {
        const gone = await guild.members.fetch({ user: args.user, cache: false }).then(
          () => false,
          (error: unknown) => discordErrorCode(error) === RESTJSONErrorCodes.UnknownMember,
        );
        if (gone) await recordLeave(app.db, guild.id, args.user, app.now());
      }
      // The verdict, and what follows it on Discord (roles, admission, the member told), in one
      // transaction: the outbox carries it out. Approving someone who already left takes no seat.
      const { left } = await decide(app.db, {
        guildId: guild.id,
        userId: args.user,
        approve,
        by: ctx.userId,
        now: app.now(),
      });
      // The decision goes on the message with the buttons: the last part of the answers.
      const { messages } = await answerMessages(
        app,
        guild.id,
        args.user,
        ctx.guildT,
        ctx.guildT('onboarding.reviewTitle'),
        {
          footer: ctx.guildT(approve ? 'onboarding.approvedBy' : 'onboarding.rejectedBy', {
            manager: ctx.interaction.user.username,
          }),
        },
      );
      await ctx.update({ embeds: messages.at(-1)!, components: [] });
      if (approve && left === true)
        await ctx.reply({
          content: ctx.t('onboarding.approvedButLeft', { member: `<@${args.user}>` }),
        });
    },
  }),
];
