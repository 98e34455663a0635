/**
 * How segments look on Discord: a segment with its rules in words, its live count and a preview
 * of who is in it (members who opted out with `/privacy` are counted, never named), and the list.
 */
import { ButtonStyle, ComponentType, TimestampStyles, time, type Guild } from 'discord.js';
import type { InteractionContext, ReplyPayload } from '../../core/context.js';
import type { Db } from '../../core/db/database.js';
import { UserError } from '../../core/errors.js';
import { component } from '../../core/handlers.js';
import { clip, DISCORD_LIMITS } from '../../core/text.js';
import { grantableRoleProblems } from '../guilds/api.js';
import { hiddenMembers } from '../insights/api.js';
import type { Translate } from './messages.js';
import type { Leaf } from './rules.js';
import { segmentRoutes } from './routes.js';
import type { Suggestion } from './suggest.js';
import {
  createFromSuggestion,
  linkedRoles,
  listSegments,
  NAME_MAX,
  suggestionsFor,
  questionsOf,
  refreshSegments,
  rootMatch,
  ruleViews,
  segmentMembers,
  segmentOf,
  shownMembership,
  type QuestionInfo,
  type RuleView,
  type Segment,
} from './service.js';

/** How many members a preview names. */
export const PREVIEW_SIZE = 20;

/** One rule in words, in the reader's language. */
export function describeRule(
  view: Pick<RuleView, 'leaf' | 'negated'>,
  questions: readonly QuestionInfo[],
  t: Translate,
): string {
  const leaf: Leaf = view.leaf;
  const not = view.negated;
  const question = (id: number) =>
    questions.find((q) => q.id === id)?.label ?? t('segments.removedQuestion', { id });
  switch (leaf.kind) {
    case 'choice': {
      const q = questions.find((x) => x.id === leaf.question);
      const choice =
        q?.choices.find((c) => c.key === leaf.choice)?.label ?? t('segments.removedChoice');
      return t(not ? 'segments.rule.notChoice' : 'segments.rule.choice', {
        question: question(leaf.question),
        choice,
      });
    }
    case 'scale':
      return t(not ? 'segments.rule.notScale' : 'segments.rule.scale', {
        question: question(leaf.question),
        min: leaf.min,
        max: leaf.max,
      });
    case 'answered':
      return t(not ? 'segments.rule.notAnswered' : 'segments.rule.answered', {
        question: question(leaf.question),
      });
    case 'role':
      return t(not ? 'segments.rule.notRole' : 'segments.rule.role', { role: `<@&${leaf.role}>` });
    case 'active':
      return t(not ? 'segments.rule.notActive' : 'segments.rule.active', { days: leaf.days });
    case 'messages':
      return leaf.days === null
        ? t(not ? 'segments.rule.notMessages' : 'segments.rule.messages', { count: leaf.atLeast })
        : t(not ? 'segments.rule.notMessagesDays' : 'segments.rule.messagesDays', {
            count: leaf.atLeast,
            days: leaf.days,
          });
    case 'replied':
      return leaf.days === null
        ? t(not ? 'segments.rule.notReplied' : 'segments.rule.replied')
        : t(not ? 'segments.rule.notRepliedDays' : 'segments.rule.repliedDays', {
            days: leaf.days,
          });
    case 'joined': {
      const within = not ? !leaf.within : leaf.within;
      return t(within ? 'segments.rule.joinedWithin' : 'segments.rule.joinedBefore', {
        days: leaf.days,
      });
    }
    case 'seat':
      return t(not ? 'segments.rule.notSeat' : 'segments.rule.seat', {
        state: t(`segments.seat.${leaf.state}`),
      });
  }
}

/** Problems with a segment's rules, in words: removed questions and choices, deleted roles. */
export function problemLines(segment: Segment, guild: Guild, t: Translate): string[] {
  const lines = segment.problems.map((p) =>
    t(
      p.kind === 'questionRemoved'
        ? 'segments.problemQuestion'
        : p.kind === 'choiceRemoved'
          ? 'segments.problemChoice'
          : 'segments.problemChanged',
      { rule: p.rule },
    ),
  );
  for (const view of ruleViews(segment.rules))
    if (view.leaf.kind === 'role' && !guild.roles.cache.has(view.leaf.role))
      lines.push(t('segments.problemRole', { rule: view.number }));
  return lines;
}

/** How many of a segment's rules have a problem (for the list). */
export function problemCount(segment: Segment, guild: Guild): number {
  const rules = new Set(segment.problems.map((p) => p.rule));
  for (const view of ruleViews(segment.rules))
    if (view.leaf.kind === 'role' && !guild.roles.cache.has(view.leaf.role)) rules.add(view.number);
  return rules.size;
}

/** The rules as lines: top-level rules, then each group under its heading. */
export function ruleLines(
  segment: Segment,
  questions: readonly QuestionInfo[],
  t: Translate,
): string[] {
  const views = ruleViews(segment.rules);
  if (views.length === 0) return [t('segments.noRules')];
  const match = rootMatch(segment.rules);
  const lines = [t(match === 'all' ? 'segments.matchAll' : 'segments.matchAny')];
  let group = 0;
  for (const view of views) {
    if (view.group !== group) {
      group = view.group;
      // A group combines its rules the other way from the top level.
      lines.push(
        t(match === 'all' ? 'segments.groupAny' : 'segments.groupAll', { group: view.group }),
      );
    }
    const line = t('segments.rule.line', {
      number: view.number,
      rule: describeRule(view, questions, t),
    });
    lines.push(view.group === 0 ? line : `  ${line}`);
  }
  return lines;
}

/** A segment as managers see it: note, name and count, rules, problems, preview. */
export async function segmentView(
  ctx: InteractionContext,
  segmentId: number,
  note?: string,
): Promise<ReplyPayload> {
  const { app, guild, t } = ctx;
  const now = app.now();
  const members = await segmentMembers(app.db, guild.id, segmentId, now);
  const segment = await segmentOf(app.db, guild.id, segmentId);
  const questions = await questionsOf(app.db, guild.id);
  // Nothing below may depend on the activity of a member who asked not to be named.
  const visible = shownMembership(segment.rules, members, await hiddenMembers(app.db, guild.id));
  const { named } = visible;
  const lines: string[] = [];
  if (note !== undefined) lines.push(note, '');
  lines.push(t('segments.showTitle', { name: segment.name, count: visible.count }));
  lines.push(...ruleLines(segment, questions, t));
  lines.push(...problemLines(segment, guild, t));
  if (segment.roleId !== null) {
    lines.push(t('segments.roleLine', { role: `<@&${segment.roleId}>` }));
    // What stops Hearth from granting it now (Manage Roles, the role's place, its permissions).
    const me = guild.members.me;
    const label = t('segments.linkedRole', { name: segment.name });
    if (me !== null)
      for (const p of grantableRoleProblems(guild, me, segment.roleId, label, t))
        lines.push(`⚠️ ${t(p.key, p.params)}`);
  }
  lines.push('', t('segments.previewTitle'));
  if (visible.count === 0) lines.push(t('segments.previewEmpty'));
  else {
    const shown = named.slice(0, PREVIEW_SIZE);
    if (shown.length > 0) lines.push(shown.map((m) => `<@${m}>`).join(' '));
    if (named.length > shown.length)
      lines.push(t('segments.previewMore', { count: named.length - shown.length }));
    if (visible.hiddenCounted > 0)
      lines.push(t('segments.previewHidden', { count: visible.hiddenCounted }));
  }
  if (visible.hiddenLeftOut) lines.push(t('segments.previewHiddenLeftOut'));
  if (segment.computedAt !== null)
    lines.push(
      t('segments.computed', {
        at: time(Math.floor(segment.computedAt / 1000), TimestampStyles.RelativeTime),
      }),
    );
  return { content: clip(lines.join('\n'), DISCORD_LIMITS.content) };
}

/** Every segment with its live count, and a warning under those whose rules have problems. */
export async function listView(ctx: InteractionContext): Promise<ReplyPayload> {
  const { app, guild, t } = ctx;
  await refreshSegments(app.db, guild.id, app.now());
  const segments = await listSegments(app.db, guild.id);
  if (segments.length === 0) return { content: t('segments.listEmpty') };
  const lines = [t('segments.listTitle', { count: segments.length })];
  for (const s of segments) {
    lines.push(
      t('segments.listLine', {
        name: s.name,
        count: s.shownCount,
        rules: ruleViews(s.rules).length,
      }),
    );
    const flagged = problemCount(s, guild);
    if (flagged > 0) lines.push(`  ${t('segments.listFlagged', { count: flagged })}`);
  }
  return { content: clip(lines.join('\n'), DISCORD_LIMITS.content) };
}

// ------------------------------------------------------------------ suggestions

/** A suggestion's traits in words: "experience = Beginner, interests include Recipes". */
export function traitText(
  suggestion: Suggestion,
  questions: readonly QuestionInfo[],
  t: Translate,
): string {
  return suggestion.traits
    .map((trait) => {
      const q = questions.find((x) => x.id === trait.question);
      const choice = q?.choices.find((c) => c.key === trait.choice)?.label ?? trait.choice;
      return t(q?.kind === 'multi' ? 'segments.traitIncludes' : 'segments.traitIs', {
        question: q?.label ?? '',
        choice,
      });
    })
    .join(', ');
}

/** At most this many suggestions are shown (one button each). */
const SHOWN = 5;

/** `/segment suggest`: the groups Hearth sees in the answers, each with a button to keep it. */
export async function suggestView(ctx: InteractionContext): Promise<ReplyPayload> {
  const { app, guild, t } = ctx;
  const suggestions = (await suggestionsFor(app.db, guild.id)).slice(0, SHOWN);
  if (suggestions.length === 0) return { content: t('segments.suggestNone') };
  const questions = await questionsOf(app.db, guild.id);
  const lines = [t('segments.suggestTitle')];
  for (const [i, s] of suggestions.entries())
    lines.push(
      t('segments.suggestLine', {
        number: i + 1,
        count: s.members.length,
        traits: traitText(s, questions, t),
      }),
    );
  lines.push('', t('segments.suggestHow'));
  return {
    content: clip(lines.join('\n'), DISCORD_LIMITS.content),
    components: [
      {
        type: ComponentType.ActionRow,
        components: suggestions.map((s, i) => ({
          type: ComponentType.Button as const,
          style: ButtonStyle.Secondary as const,
          custom_id: segmentRoutes.suggestion.build({ key: s.key }),
          label: t('segments.suggestButton', { number: i + 1 }),
        })),
      },
    ],
  };
}

/** The button under a suggestion: the same data gives the same suggestion, found by its key. */
export const segmentComponents = [
  component({
    kind: 'button',
    route: segmentRoutes.suggestion,
    audience: 'managers',
    defer: 'ephemeral',
    async execute(ctx, args) {
      const { app, guild, t } = ctx;
      const suggestion = (await suggestionsFor(app.db, guild.id)).find((s) => s.key === args.key);
      if (suggestion === undefined) throw new UserError('segments.suggestionGone');
      const questions = await questionsOf(app.db, guild.id);
      const segment = await createFromSuggestion(
        app.db,
        guild.id,
        suggestion,
        nameFor(suggestion, questions),
        ctx.userId,
        app.now(),
      );
      await ctx.reply(
        await segmentView(ctx, segment.id, t('segments.suggestionCreated', { name: segment.name })),
      );
    },
  }),
];

/** A name for a suggested segment: its choices' labels, clipped to fit. */
function nameFor(suggestion: Suggestion, questions: readonly QuestionInfo[]): string {
  const labels = suggestion.traits.map((trait) => {
    const q = questions.find((x) => x.id === trait.question);
    return q?.choices.find((c) => c.key === trait.choice)?.label ?? trait.choice;
  });
  return clip(labels.join(' · '), NAME_MAX - 3);
}

/** Segments whose rules have problems, for `/hearth status`: each with how many rules. */
export async function flaggedSegments(
  app: { readonly db: Db; readonly now: () => number },
  guild: Guild,
): Promise<{ name: string; rules: number }[]> {
  await refreshSegments(app.db, guild.id, app.now());
  return (await listSegments(app.db, guild.id))
    .map((s) => ({ name: s.name, rules: problemCount(s, guild) }))
    .filter((s) => s.rules > 0);
}

/** What stops Hearth from granting each segment's linked role now, for `/hearth status`. */
export async function linkedRoleProblems(
  app: { readonly db: Db },
  guild: Guild,
  t: Translate,
): Promise<ReturnType<typeof grantableRoleProblems>> {
  const me = guild.members.me;
  if (me === null) return [];
  return (await linkedRoles(app.db, guild.id)).flatMap((s) =>
    grantableRoleProblems(guild, me, s.roleId, t('segments.linkedRole', { name: s.name }), t),
  );
}
