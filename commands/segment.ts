import {
  localizedChoices,
  managerCommand,
  option,
  subcommand,
} from '../src/core/command-options.js';
import { assertMayConfigureRole } from '../src/core/authority.discord.js';
import { UserError } from '../src/core/errors.js';
import { grantableRoleProblems } from '../src/features/guilds/api.js';
import {
  defineCommand,
  type AutocompleteContext,
  type CommandContext,
} from '../src/core/handlers.js';
// Registers the strings the definition below reads.
import '../src/features/segments/messages.js';
import {
  listView,
  segmentComponents,
  segmentView,
  suggestView,
} from '../src/features/segments/views.discord.js';
import { MAX_RULES, SEAT_STATES, type Leaf } from '../src/features/segments/rules.js';
import {
  addRule,
  createSegment,
  editSegment,
  linkRole,
  listSegments,
  questionsOf,
  removeRule,
  removeSegment,
  segmentOf,
} from '../src/features/segments/service.js';

const MATCHES = ['all', 'any'] as const;

const segmentOption = option.integer('segment', 'cmd.opt.segment', {
  required: true,
  autocomplete: true,
});
const matchOption = option.string('match', 'cmd.opt.segmentMatch', {
  choices: localizedChoices(MATCHES, (value) => `segments.match.${value}`),
});
const questionOption = option.integer('question', 'cmd.opt.segQuestion', {
  required: true,
  autocomplete: true,
});
const notOption = option.boolean('not', 'cmd.opt.segNot');
const groupOption = option.integer('group', 'cmd.opt.segGroup', {
  min_value: 1,
  max_value: MAX_RULES,
});
const daysRequired = option.integer('days', 'cmd.opt.segDays', {
  required: true,
  min_value: 1,
  max_value: 3650,
});
const daysOptional = option.integer(
  'days',
  { name: 'cmd.opt.segDays.name', description: 'cmd.opt.segDaysOptional.description' },
  { min_value: 1, max_value: 3650 },
);

const data = {
  ...managerCommand('segment', 'cmd.segment'),
  options: [
    subcommand('create', 'cmd.segment.create', [
      option.string('name', 'cmd.opt.segmentName', { required: true, max_length: 40 }),
      matchOption,
    ]),
    subcommand('edit', 'cmd.segment.edit', [
      segmentOption,
      option.string('name', 'cmd.opt.segmentName', { max_length: 40 }),
      matchOption,
    ]),
    subcommand('remove', 'cmd.segment.remove', [segmentOption]),
    subcommand('list', 'cmd.segment.list'),
    subcommand('show', 'cmd.segment.show', [segmentOption]),
    subcommand('suggest', 'cmd.segment.suggest'),
    subcommand('role', 'cmd.segment.role', [
      segmentOption,
      option.role('role', 'cmd.opt.segLinkRole'),
    ]),
    subcommand('rule-answer', 'cmd.segment.ruleAnswer', [
      segmentOption,
      questionOption,
      option.string('choice', 'cmd.opt.segChoice', { required: true, autocomplete: true }),
      notOption,
      groupOption,
    ]),
    subcommand('rule-scale', 'cmd.segment.ruleScale', [
      segmentOption,
      questionOption,
      option.integer('at_least', 'cmd.opt.segAtLeast', { min_value: 0, max_value: 10 }),
      option.integer('at_most', 'cmd.opt.segAtMost', { min_value: 0, max_value: 10 }),
      notOption,
      groupOption,
    ]),
    subcommand('rule-answered', 'cmd.segment.ruleAnswered', [
      segmentOption,
      questionOption,
      notOption,
      groupOption,
    ]),
    subcommand('rule-role', 'cmd.segment.ruleRole', [
      segmentOption,
      option.role('role', 'cmd.opt.segRole', { required: true }),
      notOption,
      groupOption,
    ]),
    subcommand('rule-active', 'cmd.segment.ruleActive', [
      segmentOption,
      daysRequired,
      notOption,
      groupOption,
    ]),
    subcommand('rule-messages', 'cmd.segment.ruleMessages', [
      segmentOption,
      option.integer('at_least', 'cmd.opt.segAtLeast', {
        required: true,
        min_value: 1,
        max_value: 1_000_000,
      }),
      daysOptional,
      notOption,
      groupOption,
    ]),
    subcommand('rule-replied', 'cmd.segment.ruleReplied', [
      segmentOption,
      daysOptional,
      notOption,
      groupOption,
    ]),
    subcommand('rule-joined', 'cmd.segment.ruleJoined', [
      segmentOption,
      daysRequired,
      option.boolean('before', 'cmd.opt.segBefore'),
      groupOption,
    ]),
    subcommand('rule-seat', 'cmd.segment.ruleSeat', [
      segmentOption,
      option.string('state', 'cmd.opt.segState', {
        required: true,
        choices: localizedChoices(SEAT_STATES, (value) => `segments.seat.${value}`),
      }),
      notOption,
      groupOption,
    ]),
    subcommand('rule-remove', 'cmd.segment.ruleRemove', [
      segmentOption,
      option.integer('rule', 'cmd.opt.segRule', {
        required: true,
        min_value: 1,
        max_value: MAX_RULES,
      }),
    ]),
  ],
} as const;

/**
 * A segment linked to a role decides who Hearth gives that role to, so reshaping it is granting
 * the role: whoever edits its rules or its match must be able to grant the role by hand, as the
 * manager who linked it had to be. Checked before anything is stored.
 */
async function assertMayReshape(ctx: CommandContext, segmentId: number): Promise<void> {
  const { app, guild, t } = ctx;
  const segment = await segmentOf(app.db, guild.id, segmentId);
  if (segment.roleId === null) return;
  if (!ctx.interaction.inCachedGuild()) throw new UserError('error.guildOnly');
  assertMayConfigureRole(guild, ctx.interaction.member, segment.roleId, t);
}

/** Adds one rule and shows the segment as it is now. */
async function add(
  ctx: CommandContext,
  args: { readonly segment: number; readonly not?: boolean; readonly group?: number },
  leaf: Leaf,
): Promise<void> {
  const { app, guild, t } = ctx;
  await assertMayReshape(ctx, args.segment);
  const segment = await addRule(
    app.db,
    guild.id,
    args.segment,
    leaf,
    { negate: args.not === true, ...(args.group === undefined ? {} : { group: args.group }) },
    app.now(),
  );
  await ctx.reply(
    await segmentView(ctx, segment.id, t('segments.ruleAdded', { name: segment.name })),
  );
}

/** The questions offered for a rule: choice questions, scale questions, or every question. */
async function questionChoices(
  { app, guild }: AutocompleteContext,
  typed: string,
  fits: (kind: string) => boolean,
) {
  return (await questionsOf(app.db, guild.id))
    .filter((q) => !q.retired && fits(q.kind))
    .filter((q) => q.label.toLowerCase().includes(typed.toLowerCase()))
    .map((q) => ({ name: q.label.slice(0, 100), value: q.id }));
}

export const command = defineCommand(data, {
  audience: 'managers',
  defer: 'ephemeral',
  subcommands: {
    async create(ctx, args) {
      const segment = await createSegment(
        ctx.app.db,
        ctx.guild.id,
        { name: args.name, match: args.match ?? 'all', by: ctx.userId },
        ctx.app.now(),
      );
      await ctx.reply({ content: ctx.t('segments.created', { name: segment.name }) });
    },
    async edit(ctx, args) {
      if (args.match !== undefined) await assertMayReshape(ctx, args.segment);
      const segment = await editSegment(
        ctx.app.db,
        ctx.guild.id,
        args.segment,
        {
          ...(args.name === undefined ? {} : { name: args.name }),
          ...(args.match === undefined ? {} : { match: args.match }),
        },
        ctx.app.now(),
      );
      await ctx.reply(
        await segmentView(ctx, segment.id, ctx.t('segments.edited', { name: segment.name })),
      );
    },
    async remove(ctx, args) {
      const segment = await removeSegment(ctx.app.db, ctx.guild.id, args.segment, ctx.app.now());
      await ctx.reply({ content: ctx.t('segments.removed', { name: segment.name }) });
    },
    async list(ctx) {
      await ctx.reply(await listView(ctx));
    },
    async show(ctx, args) {
      await ctx.reply(await segmentView(ctx, args.segment));
    },
    async suggest(ctx) {
      await ctx.reply(await suggestView(ctx));
    },
    async role(ctx, args) {
      const { app, guild, t } = ctx;
      if (args.role === undefined) {
        const segment = await linkRole(app.db, guild.id, args.segment, null, app.now());
        await ctx.reply(
          await segmentView(ctx, segment.id, t('segments.roleUnlinked', { name: segment.name })),
        );
        return;
      }
      const roleId = args.role.id;
      if (roleId === guild.id || !guild.roles.cache.has(roleId))
        throw new UserError('error.invalidReference');
      // Hearth grants it to every member of the segment: the manager linking it must be able to
      // grant it by hand, and it must carry no dangerous permission. Refused: nothing is stored.
      if (!ctx.interaction.inCachedGuild()) throw new UserError('error.guildOnly');
      assertMayConfigureRole(guild, ctx.interaction.member, roleId, t);
      const segment = await linkRole(app.db, guild.id, args.segment, roleId, app.now());
      // Checked up front, so a manager learns now what would stop Hearth from granting it.
      const me = guild.members.me;
      const problems =
        me === null
          ? []
          : grantableRoleProblems(
              guild,
              me,
              roleId,
              t('segments.linkedRole', { name: segment.name }),
              t,
            );
      const warning =
        problems.length === 0
          ? ''
          : `\n\n${t('segments.roleWarning')}\n${problems.map((p) => `• ${t(p.key, p.params)}`).join('\n')}`;
      await ctx.reply(
        await segmentView(
          ctx,
          segment.id,
          `${t('segments.roleLinked', { name: segment.name, role: `<@&${roleId}>` })}${warning}`,
        ),
      );
    },
    'rule-answer': (ctx, args) =>
      add(ctx, args, { kind: 'choice', question: args.question, choice: args.choice }),
    async 'rule-scale'(ctx, args) {
      const min = args.at_least;
      const max = args.at_most;
      if (min === undefined && max === undefined) throw new UserError('segments.scaleNeedsBound');
      if (min !== undefined && max !== undefined && min > max)
        throw new UserError('segments.scaleRange');
      await add(ctx, args, {
        kind: 'scale',
        question: args.question,
        min: min ?? 0,
        max: max ?? 10,
      });
    },
    'rule-answered': (ctx, args) => add(ctx, args, { kind: 'answered', question: args.question }),
    async 'rule-role'(ctx, args) {
      if (args.role.id === ctx.guild.id) throw new UserError('error.invalidReference');
      await add(ctx, args, { kind: 'role', role: args.role.id });
    },
    'rule-active': (ctx, args) => add(ctx, args, { kind: 'active', days: args.days }),
    'rule-messages': (ctx, args) =>
      add(ctx, args, { kind: 'messages', atLeast: args.at_least, days: args.days ?? null }),
    'rule-replied': (ctx, args) => add(ctx, args, { kind: 'replied', days: args.days ?? null }),
    'rule-joined': (ctx, args) =>
      add(ctx, args, { kind: 'joined', within: args.before !== true, days: args.days }),
    'rule-seat': (ctx, args) => add(ctx, args, { kind: 'seat', state: args.state }),
    async 'rule-remove'(ctx, args) {
      await assertMayReshape(ctx, args.segment);
      const segment = await removeRule(
        ctx.app.db,
        ctx.guild.id,
        args.segment,
        args.rule,
        ctx.app.now(),
      );
      await ctx.reply(
        await segmentView(
          ctx,
          segment.id,
          ctx.t('segments.ruleRemoved', { number: args.rule, name: segment.name }),
        ),
      );
    },
  },
  autocomplete: {
    async segment({ app, guild }, typed) {
      return (await listSegments(app.db, guild.id))
        .filter((s) => s.name.toLowerCase().includes(typed.toLowerCase()))
        .map((s) => ({ name: `${s.name} (${s.shownCount})`.slice(0, 100), value: s.id }));
    },
    question(ctx, typed) {
      const sub = ctx.interaction.options.getSubcommand(false);
      return questionChoices(ctx, typed, (kind) =>
        sub === 'rule-answer'
          ? kind === 'single' || kind === 'multi'
          : sub === 'rule-scale'
            ? kind === 'scale'
            : true,
      );
    },
    async choice({ app, guild }, typed, soFar) {
      const question = (await questionsOf(app.db, guild.id)).find(
        (q) => !q.retired && q.id === Number(soFar.question),
      );
      return (question?.choices ?? [])
        .filter((c) => c.label.toLowerCase().includes(typed.toLowerCase()))
        .map((c) => ({ name: c.label.slice(0, 100), value: c.key }));
    },
  },
});

export const components = segmentComponents;
