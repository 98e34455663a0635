/**
 * A member's way through onboarding: joining, the welcome (sent once per join), answering page by
 * page (each page saved as it is submitted), completion, approval, and their profile. Every write
 * that checks and then changes is one transaction; no Discord call happens here. What a decision
 * needs Discord to do (a welcome, roles, the request managers approve, the member told) is an
 * outbox row written in the decision's own transaction.
 */
import type { Transaction } from 'kysely';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../core/db/database.js';
import type { Database, OnboardingStatus } from '../../core/db/schema.js';
import { enqueue, newDecision } from '../../core/outbox/store.js';
import {
  admitEffect,
  approvalEffect,
  decisionEffect,
  rolesEffect,
  stillRejectedEffect,
  welcomeEffect,
} from './effects.js';
import {
  describeAnswer,
  picksChoice,
  validateAnswer,
  type Problem,
  type QuestionDefinition,
  type RawAnswer,
} from './definitions.js';
import {
  activeQuestions,
  choiceSpansOf,
  getSettings,
  pages,
  type Question,
} from './questionnaire.js';
import * as repo from './repository.js';
import type { MemberRecord, Stored } from './repository.js';

export { stored } from './repository.js';

type Tx = Transaction<Database>;
export type FlowMode = 'join' | 'edit';

export interface JoinOutcome {
  /** Send the welcome now: this call claimed it, so no other call will. */
  readonly welcome: boolean;
  /** The member finished onboarding during an earlier stay. */
  readonly returning: boolean;
  /** The member has answers from an earlier, unfinished stay. */
  readonly resuming: boolean;
  /**
   * A manager rejected their answers during an earlier stay, and that stands: set (with when they
   * may answer again) the first time they come back after that decision; the private notice that
   * tells them once is enqueued with the join.
   */
  readonly stillRejected?: { readonly decidedAt: number };
}

const NO_WELCOME: JoinOutcome = { welcome: false, returning: false, resuming: false };

/** Roles a member's answers give or take away, on Discord. Nothing is written when there are none. */
async function enqueueRoles(
  trx: Tx,
  guildId: string,
  userId: string,
  grant: readonly string[],
  revoke: readonly string[],
  decision: string,
  now: number,
): Promise<void> {
  if (grant.length === 0 && revoke.length === 0) return;
  await enqueue(
    trx,
    rolesEffect,
    {
      guildId,
      key: `${guildId}:${userId}:roles:${decision}`,
      payload: { user: userId, grant: [...grant], revoke: [...revoke] },
      subjectId: userId,
    },
    now,
  );
}

/** The admission step after completion, approval or a return (see `admitEffect`). */
async function enqueueAdmit(
  trx: Tx,
  guildId: string,
  userId: string,
  tell: 'approved' | 'join' | 'none',
  decision: string,
  now: number,
): Promise<void> {
  await enqueue(
    trx,
    admitEffect,
    {
      guildId,
      key: `${guildId}:${userId}:admit:${decision}`,
      payload: { user: userId, tell, decision },
      subjectId: userId,
    },
    now,
  );
}

/** How long a rejected member waits before answering again, unless the caller says otherwise. */
export const DEFAULT_REJECTION_COOLDOWN_MS = 24 * 3_600_000;

/** Refuses a rejected member's new answers until the cooldown after the decision has passed. */
function checkCooldown(
  row: Pick<MemberRecord, 'status' | 'decidedAt'>,
  now: number,
  cooldownMs: number,
): void {
  if (row.status !== 'rejected' || row.decidedAt === null) return;
  const at = row.decidedAt + cooldownMs;
  if (at > now)
    throw new UserError('onboarding.rejectedCooldown', { at: `<t:${Math.ceil(at / 1000)}:R>` });
}

const HOUR_MS = 3_600_000;

/**
 * A rejection kept after the member erased their data: the decision's time rounded up to the
 * hour (so the kept row's time matches no message, and the cooldown is never shorter).
 */
export const keptRejectionTime = (decidedAt: number): number =>
  Math.ceil(decidedAt / HOUR_MS) * HOUR_MS;

/**
 * In the erase's transaction: a rejected member's cooldown outlives their erase, under their
 * `reject` fingerprint (computed by the caller, which holds Hearth's key), never their id.
 * Returns whether a rejection was kept. An old rejection whose cooldown is over goes at the next
 * minute's sweep ({@link expireKeptRejections}); the erase does not know the cooldown setting.
 */
export async function keepRejection(
  trx: Tx,
  guildId: string,
  userId: string,
  subject: () => string,
): Promise<boolean> {
  const row = await memberRow(trx, guildId, userId);
  if (row?.status !== 'rejected' || row.decidedAt === null) return false;
  await repo.keepRejectionRow(trx, guildId, subject(), keptRejectionTime(row.decidedAt));
  return true;
}

/** Kept rejections whose cooldown is over are deleted: they hold nothing Hearth still needs. */
export async function expireKeptRejections(
  db: Db,
  now: number,
  cooldownMs: number,
): Promise<number> {
  return repo.deleteRejectionsBefore(db, now - cooldownMs);
}

/** A rejection kept after the member erased their data, still within its cooldown; taken back. */
async function takeKeptRejection(
  trx: Tx,
  guildId: string,
  kept: { readonly subject: string; readonly cooldownMs: number } | undefined,
  now: number,
): Promise<number | undefined> {
  if (kept === undefined) return undefined;
  const rejectedAt = await repo.takeRejectionRow(trx, guildId, kept.subject);
  if (rejectedAt === undefined || rejectedAt + kept.cooldownMs <= now) return undefined;
  return rejectedAt;
}

/**
 * Records a join (or a member passing rules screening) and claims the welcome. Repeated events
 * for the same join, joins from before onboarding was turned on, and members who erased their
 * data during this stay (`erasedAt`, from /privacy erase) claim nothing. A newcomer whose
 * rejection was kept after they erased their data (`keptRejection`: their `reject` fingerprint)
 * is a rejected member again until the cooldown is over: no welcome, told once.
 */
export async function recordJoin(
  db: Db,
  guildId: string,
  userId: string,
  {
    joinedAt,
    pending,
    now,
    erasedAt,
    keptRejection,
  }: {
    joinedAt: number;
    pending: boolean;
    now: number;
    erasedAt?: number | undefined;
    /** The member's `reject` fingerprint and the cooldown: a rejection kept after an erase. */
    keptRejection?: { readonly subject: string; readonly cooldownMs: number } | undefined;
  },
): Promise<JoinOutcome> {
  return db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx, guildId);
    if (!settings.enabled || settings.enabledAt === null) return NO_WELCOME;
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined) {
      if (joinedAt < settings.enabledAt) return NO_WELCOME;
      if (erasedAt !== undefined && joinedAt <= erasedAt) return NO_WELCOME;
      // Erasing their data does not undo a manager's rejection: its cooldown stands.
      const rejectedAt = await takeKeptRejection(trx, guildId, keptRejection, now);
      await repo.insertMember(trx, {
        guildId,
        userId,
        status: rejectedAt !== undefined ? 'rejected' : pending ? 'screening' : 'welcomed',
        joinedAt,
        ...(rejectedAt === undefined ? {} : { rejectedAt }),
      });
      // Told once, as a rejected member coming back is (below).
      if (rejectedAt !== undefined) return tellStillRejected(trx, guildId, userId, rejectedAt, now);
    } else if (joinedAt > row.joinedAt || row.leftAt !== null) {
      // A new stay: welcome again. Answers are kept, so an unfinished member resumes. A manager's
      // rejection is kept too: leaving and rejoining does not undo it.
      if (row.status === 'rejected') {
        await repo.markRejoined(trx, guildId, userId, Math.max(joinedAt, row.joinedAt));
        if (row.decisionTold || row.decidedAt === null) return NO_WELCOME;
        return tellStillRejected(trx, guildId, userId, row.decidedAt, now);
      }
      const status: OnboardingStatus =
        row.status === 'completed'
          ? 'completed'
          : pending
            ? 'screening'
            : row.status === 'screening'
              ? 'welcomed'
              : row.status;
      await repo.markRejoined(trx, guildId, userId, Math.max(joinedAt, row.joinedAt), status);
    } else if (row.status === 'screening' && !pending) {
      await repo.setMemberStatus(trx, guildId, userId, 'welcomed');
    }
    const claimed = await repo.claimWelcome(trx, guildId, userId, now);
    if (claimed === undefined) return NO_WELCOME;
    const outcome: JoinOutcome = {
      welcome: true,
      returning: claimed === 'completed',
      resuming: claimed !== 'completed' && (await repo.hasAnswers(trx, guildId, userId)),
    };
    // The welcome, in this transaction: claimed means sent, whatever happens next.
    const questions = (await activeQuestions(trx, guildId)).length;
    const decision = await newDecision(trx);
    await enqueue(
      trx,
      welcomeEffect,
      {
        guildId,
        key: `${guildId}:${userId}:welcome:${decision}`,
        payload: {
          user: userId,
          variant: outcome.returning ? 'returning' : outcome.resuming ? 'resume' : 'new',
          minutes: Math.max(1, Math.ceil(questions / 3)),
        },
        subjectId: userId,
        channelId: await repo.guildChannel(trx, guildId, 'welcome_channel_id'),
      },
      now,
    );
    if (outcome.returning) {
      // Completed before: no questions again, the roles and the admission come back.
      await enqueueRoles(
        trx,
        guildId,
        userId,
        await desiredRoles(trx, guildId, userId),
        [],
        decision,
        now,
      );
      await enqueueAdmit(trx, guildId, userId, 'join', decision, now);
    }
    return outcome;
  });
}

/** Told once, with this join, that the decision stands (no new welcome, no Start button). */
async function tellStillRejected(
  trx: Tx,
  guildId: string,
  userId: string,
  decidedAt: number,
  now: number,
): Promise<JoinOutcome> {
  await enqueue(
    trx,
    stillRejectedEffect,
    {
      guildId,
      key: `${guildId}:${userId}:still-rejected:${decidedAt}`,
      payload: { user: userId, decidedAt },
      subjectId: userId,
      channelId: `user:${userId}`,
    },
    now,
  );
  return { ...NO_WELCOME, stillRejected: { decidedAt } };
}

/** The member left: keep what they answered, and never welcome them late. */
export async function recordLeave(
  db: Db,
  guildId: string,
  userId: string,
  now: number,
): Promise<void> {
  await repo.markLeft(db, guildId, userId, now);
}

/** Whether Hearth knows the member to be in the server now (joined, and not left since). */
export async function isPresent(db: Db, guildId: string, userId: string): Promise<boolean> {
  const row = await memberRow(db, guildId, userId);
  return row !== undefined && row.leftAt === null;
}

export interface PresentMember {
  readonly userId: string;
  readonly joinedAt: number;
  readonly pending: boolean;
}

/**
 * At start-up, with the guild's current members: marks members who left while Hearth was offline,
 * and records joins it missed. Returns the members welcomed (or, rejected, told that the decision
 * stands), each claimed once; their messages are enqueued with the joins.
 */
export async function reconcileMembers(
  db: Db,
  guildId: string,
  present: readonly PresentMember[],
  now: number,
  erasedAt: (userId: string) => number | undefined = () => undefined,
  /** A member's `reject` fingerprint and the cooldown, for a rejection kept after an erase. */
  keptRejection?: (userId: string) => { readonly subject: string; readonly cooldownMs: number },
): Promise<{ userId: string; outcome: JoinOutcome }[]> {
  const presentIds = new Set(present.map((m) => m.userId));
  for (const userId of await repo.presentMemberIds(db, guildId))
    if (!presentIds.has(userId)) await recordLeave(db, guildId, userId, now);
  const welcomes: { userId: string; outcome: JoinOutcome }[] = [];
  for (const member of present) {
    const outcome = await recordJoin(db, guildId, member.userId, {
      joinedAt: member.joinedAt,
      pending: member.pending,
      now,
      erasedAt: erasedAt(member.userId),
      keptRejection: keptRejection?.(member.userId),
    });
    if (outcome.welcome || outcome.stillRejected !== undefined)
      welcomes.push({ userId: member.userId, outcome });
  }
  return welcomes;
}

async function memberRow(
  db: Db | Tx,
  guildId: string,
  userId: string,
): Promise<MemberRecord | undefined> {
  return repo.findMember(db, guildId, userId);
}

export interface PageView {
  readonly page: number;
  readonly pageCount: number;
  readonly questions: readonly Question[];
  /** What to show filled in: an unvalidated draft first, else the saved answer. */
  readonly prefill: ReadonlyMap<number, RawAnswer>;
}

/**
 * The page a member should see next: for `join`, the first page with an unanswered question (so a
 * member who stopped resumes there); for `edit`, the page asked for. Checks the member may answer.
 */
export async function openPage(
  db: Db,
  guildId: string,
  userId: string,
  mode: FlowMode,
  requestedPage: number | undefined,
  now: number,
  { rejectionCooldownMs = DEFAULT_REJECTION_COOLDOWN_MS }: { rejectionCooldownMs?: number } = {},
): Promise<PageView> {
  return db.transaction().execute(async (trx) => {
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined || row.leftAt !== null) throw new UserError('onboarding.notNewMember');
    if (mode === 'join') {
      checkCooldown(row, now, rejectionCooldownMs);
      if (row.status === 'completed') throw new UserError('onboarding.alreadyDone');
      if (row.status === 'pending_approval') throw new UserError('onboarding.awaitingApproval');
      if (row.status === 'screening') throw new UserError('onboarding.screening');
    } else if (row.status !== 'completed') {
      throw new UserError('onboarding.notCompleted');
    }
    const questions = await activeQuestions(trx, guildId);
    const split = pages(questions);
    if (split.length === 0) throw new UserError('onboarding.noQuestions');
    const answered = await answeredIds(trx, guildId, userId);
    const page =
      mode === 'join'
        ? Math.max(
            0,
            split.findIndex((p) => p.some((q) => !answered.has(q.id))),
          )
        : Math.min(Math.max(requestedPage ?? 0, 0), split.length - 1);
    if (mode === 'join') {
      await repo.markAnswering(trx, guildId, userId, now);
    }
    const shown = split[page]!;
    return {
      page,
      pageCount: split.length,
      questions: shown,
      prefill: await prefillFor(trx, guildId, userId, shown),
    };
  });
}

async function answeredIds(trx: Tx, guildId: string, userId: string): Promise<Set<number>> {
  return repo.answeredQuestionIds(trx, guildId, userId);
}

async function prefillFor(
  trx: Tx,
  guildId: string,
  userId: string,
  questions: readonly Question[],
): Promise<Map<number, RawAnswer>> {
  const ids = questions.map((q) => q.id);
  const prefill = new Map<number, RawAnswer>();
  if (ids.length === 0) return prefill;
  for (const { questionId, value } of await repo.answersTo(trx, guildId, userId, ids)) {
    if (value !== null)
      prefill.set(
        questionId,
        'text' in value
          ? { text: value.text }
          : 'scale' in value
            ? { picked: [String(value.scale)] }
            : { picked: value.choices },
      );
  }
  for (const d of await repo.draftsOf(trx, guildId, userId, ids)) prefill.set(d.questionId, d.raw);
  return prefill;
}

export interface SubmittedField {
  readonly questionId: number;
  readonly revision: number;
  /** `undefined` when the field came back empty. */
  readonly raw: RawAnswer | undefined;
}

export type SubmitResult =
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[]; readonly page: number }
  | {
      readonly kind: 'next';
      readonly page: number;
      readonly pageCount: number;
      /** When editing a completed profile, roles follow each saved page at once. */
      readonly grant: readonly string[];
      readonly revoke: readonly string[];
    }
  | {
      readonly kind: 'complete';
      /** True only for the submission that completed onboarding: admission runs once. */
      readonly firstCompletion: boolean;
      readonly admission: 'auto' | 'approval' | 'edit';
      /** Roles to grant and to take away now, from the answers' role mappings. */
      readonly grant: readonly string[];
      readonly revoke: readonly string[];
    };

/**
 * Saves one submitted page. Each field is validated against the revision of the question the
 * member was shown, so a questionnaire edited meanwhile never corrupts the answer. Invalid fields
 * are kept as drafts for the reopened page; valid ones are saved. Submitting the same page twice
 * changes nothing the second time.
 */
export async function submitPage(
  db: Db,
  {
    guildId,
    userId,
    mode,
    page,
    fields,
    now,
    rejectionCooldownMs = DEFAULT_REJECTION_COOLDOWN_MS,
  }: {
    guildId: string;
    userId: string;
    mode: FlowMode;
    page: number;
    fields: readonly SubmittedField[];
    now: number;
    /** How long after a rejection the member may answer again. */
    rejectionCooldownMs?: number;
  },
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const row = await memberRow(trx, guildId, userId);
    if (row === undefined || row.leftAt !== null) throw new UserError('onboarding.notNewMember');
    // An old page modal submitted again after a rejection counts as answering again.
    if (mode === 'join') checkCooldown(row, now, rejectionCooldownMs);
    if (mode === 'join' && (row.status === 'completed' || row.status === 'pending_approval')) {
      // A page submitted again after completion: nothing more to do.
      return {
        kind: 'complete',
        firstCompletion: false,
        admission: (await getSettings(trx, guildId)).admissionMode,
        grant: [],
        revoke: [],
      };
    }
    if (mode === 'join' && row.status === 'screening') throw new UserError('onboarding.screening');
    if (mode === 'edit' && row.status !== 'completed')
      throw new UserError('onboarding.notCompleted');

    const definitions = await revisionsOf(trx, guildId, fields);
    // Roles only move when a completed profile is edited, or at completion.
    const rolesBefore = mode === 'edit' ? await desiredRoles(trx, guildId, userId) : [];
    const problems: Problem[] = [];
    for (const field of fields) {
      const definition = definitions.get(`${field.questionId}:${field.revision}`)!;
      const { value, problem } = validateAnswer(definition, field.raw);
      if (problem !== undefined) {
        problems.push(problem);
        if (field.raw !== undefined)
          await saveDraft(trx, guildId, userId, field.questionId, field.raw, now);
        continue;
      }
      await saveAnswer(trx, guildId, userId, field.questionId, field.revision, value ?? null, now);
    }
    if (problems.length > 0) return { kind: 'invalid', problems, page };

    const split = pages(await activeQuestions(trx, guildId));
    const answered = await answeredIds(trx, guildId, userId);
    const next =
      mode === 'edit'
        ? page + 1 < split.length
          ? page + 1
          : -1
        : split.findIndex((p) => p.some((q) => !answered.has(q.id)));
    if (mode === 'join') await repo.markStarted(trx, guildId, userId);
    // Before completion nothing has been granted yet; a completed member's roles follow every page.
    const rolesAfter =
      mode === 'edit' || next === -1 ? await desiredRoles(trx, guildId, userId) : [];
    const grant = mode === 'edit' ? difference(rolesAfter, rolesBefore) : [];
    const revoke = mode === 'edit' ? difference(rolesBefore, rolesAfter) : [];
    // A completed member's edit moves their roles now, with the answers that move them.
    if (mode === 'edit' && grant.length + revoke.length > 0)
      await enqueueRoles(trx, guildId, userId, grant, revoke, await newDecision(trx), now);
    if (next !== -1) return { kind: 'next', page: next, pageCount: split.length, grant, revoke };
    if (mode === 'edit')
      return { kind: 'complete', firstCompletion: false, admission: 'edit', grant, revoke };

    const admission = (await getSettings(trx, guildId)).admissionMode;
    const first = await repo.markCompleted(
      trx,
      guildId,
      userId,
      admission === 'approval' ? 'pending_approval' : 'completed',
      now,
    );
    const decision = first ? await newDecision(trx) : '';
    if (first && admission === 'approval')
      await enqueue(
        trx,
        approvalEffect,
        {
          guildId,
          key: `${guildId}:${userId}:approval:${decision}`,
          payload: { user: userId },
          subjectId: userId,
          channelId: await repo.guildChannel(trx, guildId, 'log_channel_id'),
        },
        now,
      );
    if (first && admission === 'auto') {
      await enqueueRoles(trx, guildId, userId, rolesAfter, [], decision, now);
      await enqueueAdmit(trx, guildId, userId, 'none', decision, now);
    }
    return {
      kind: 'complete',
      firstCompletion: first,
      admission,
      grant: first && admission === 'auto' ? rolesAfter : [],
      revoke: [],
    };
  });
}

async function revisionsOf(
  trx: Tx,
  guildId: string,
  fields: readonly SubmittedField[],
): Promise<Map<string, QuestionDefinition>> {
  if (fields.length === 0) throw new UserError('error.unknownInteraction');
  const found = new Map<string, QuestionDefinition>();
  for (const f of fields) {
    // Scoped by guild: a field naming another guild's question, or a revision that never existed, is forged.
    const definition = await repo.findRevision(trx, guildId, f.questionId, f.revision);
    if (definition === undefined) throw new UserError('error.unknownInteraction');
    found.set(`${f.questionId}:${f.revision}`, definition);
  }
  return found;
}

async function saveDraft(
  trx: Tx,
  guildId: string,
  userId: string,
  questionId: number,
  raw: RawAnswer,
  now: number,
): Promise<void> {
  await repo.saveDraft(trx, { guildId, userId, questionId }, raw, now);
}

async function saveAnswer(
  trx: Tx,
  guildId: string,
  userId: string,
  questionId: number,
  revision: number,
  value: Stored,
  now: number,
): Promise<void> {
  await repo.saveAnswer(trx, { guildId, userId, questionId }, revision, value, now);
}

/**
 * The roles a member's answers map to. A mapping names a choice by its key; the key counts only
 * if the member picked that choice in the revision they answered (`picksChoice`: the key was
 * offered, under the same label, in every revision since). So an old answer never earns the role
 * of a choice added later, even under a key an older version of Hearth reused.
 */
export async function desiredRoles(
  db: Db | Tx,
  guildId: string,
  userId: string,
): Promise<string[]> {
  const rows = await repo.mappedPicks(db, guildId, userId);
  if (rows.length === 0) return [];
  const spans = await choiceSpansOf(db, guildId, [...new Set(rows.map((r) => r.questionId))]);
  return [
    ...new Set(
      rows
        .filter((r) => picksChoice(spans.get(r.questionId)?.get(r.choiceKey), r.revision))
        .map((r) => r.roleId),
    ),
  ].sort();
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
}

/**
 * A manager approves or rejects a member waiting for approval. Only the first decision counts;
 * a second click, or a replayed button, gets a clear message.
 */
export async function decide(
  db: Db,
  {
    guildId,
    userId,
    approve,
    by,
    now,
  }: { guildId: string; userId: string; approve: boolean; by: string; now: number },
): Promise<{ grant: readonly string[]; left?: true }> {
  return db.transaction().execute(async (trx) => {
    const changed = await repo.decideMember(trx, { guildId, userId, approve, by, now });
    if (changed === undefined) {
      const row = await memberRow(trx, guildId, userId);
      if (row !== undefined && row.decidedBy !== null)
        throw new UserError('onboarding.alreadyDecided', { manager: `<@${row.decidedBy}>` });
      throw new UserError('onboarding.notAwaiting');
    }
    const grant = approve ? await desiredRoles(trx, guildId, userId) : [];
    // Approving someone who already left records the decision but takes no seat now: no roles,
    // no admission. If they come back, their return admits them (or puts them on the waitlist).
    const left = changed.left;
    const decision = await newDecision(trx);
    if (approve && !left) {
      await enqueueRoles(trx, guildId, userId, grant, [], decision, now);
      await enqueueAdmit(trx, guildId, userId, 'approved', decision, now);
    } else if (!approve) {
      await enqueue(
        trx,
        decisionEffect,
        {
          guildId,
          key: `${guildId}:${userId}:decision:${decision}`,
          payload: { user: userId, approved: false },
          subjectId: userId,
        },
        now,
      );
    }
    return left ? { grant, left: true } : { grant };
  });
}

/** After an approval's admission: the member is told, with their place when they wait. */
export async function enqueueApprovedDecision(
  db: Db,
  guildId: string,
  userId: string,
  position: number | undefined,
  decision: string | undefined,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // An admission step enqueued before decisions were numbered names its decision by its time.
    const named = decision ?? String((await memberRow(trx, guildId, userId))?.decidedAt ?? now);
    await enqueue(
      trx,
      decisionEffect,
      {
        guildId,
        // One per decision, however many times the admission step runs.
        key: `${guildId}:${userId}:decision:${named}`,
        payload: {
          user: userId,
          approved: true,
          ...(position === undefined ? {} : { position }),
        },
        subjectId: userId,
      },
      now,
    );
  });
}

/** Members whose answers wait for a manager's approval, oldest first. */
export async function pendingApprovals(
  db: Db,
  guildId: string,
): Promise<{ userId: string; completedAt: number | null }[]> {
  return repo.awaitingApproval(db, guildId);
}

export interface ProfileAnswer {
  readonly questionId: number;
  /** The question as the member saw it when answering. */
  readonly label: string;
  readonly answer: string | null;
  readonly current: boolean;
}

export interface Profile {
  readonly status: OnboardingStatus;
  readonly joinedAt: number;
  readonly completedAt: number | null;
  readonly answers: readonly ProfileAnswer[];
}

/** A member's answers in the words they answered, current questions first, in order. */
export async function profileOf(
  db: Db,
  guildId: string,
  userId: string,
): Promise<Profile | undefined> {
  const row = await memberRow(db, guildId, userId);
  if (row === undefined) return undefined;
  const answers = (await repo.answersWithQuestions(db, guildId, userId)).map((r) => ({
    questionId: r.questionId,
    label: r.definition.label,
    answer: r.value === null ? null : describeAnswer(r.definition, r.value),
    current: !r.retired,
  }));
  return { status: row.status, joinedAt: row.joinedAt, completedAt: row.completedAt, answers };
}

export interface ExportTable {
  readonly questions: readonly string[];
  readonly rows: readonly {
    userId: string;
    status: OnboardingStatus;
    joinedAt: number;
    completedAt: number | null;
    answers: readonly string[];
  }[];
}

/** Every member's answers to the current questions: one row per member, one column per question. */
export async function exportTable(db: Db, guildId: string): Promise<ExportTable> {
  const questions = await activeQuestions(db, guildId);
  const members = await repo.allMembers(db, guildId);
  const answers = await repo.guildAnswers(db, guildId);
  const byMember = new Map<string, Map<number, string>>();
  for (const a of answers) {
    const text = a.value === null ? '' : describeAnswer(a.definition, a.value);
    const map = byMember.get(a.userId) ?? new Map<number, string>();
    map.set(a.questionId, text);
    byMember.set(a.userId, map);
  }
  return {
    questions: questions.map((q) => q.definition.label),
    rows: members.map((m) => ({
      ...m,
      answers: questions.map((q) => byMember.get(m.userId)?.get(q.id) ?? ''),
    })),
  };
}

/** What a member answered to one question, in words Hearth can compare with another's. */
export interface ComparableAnswer {
  /** The labels of the picked choices (single, multi), as the question reads now. */
  readonly choices: readonly string[];
  /** The point picked on a scale, if the question is one. */
  readonly scale: number | null;
}

/**
 * The answers of the server's members to some current questions, by question then member: what
 * introductions match on. Only choices and scales: free text is never compared. A picked key
 * counts as the current choice only when the member picked that choice (`picksChoice`), so an
 * answer given before a choice was removed never matches the choice added after it.
 */
export async function comparableAnswers(
  db: Db | Tx,
  guildId: string,
  questionIds: readonly number[],
): Promise<Map<number, { label: string; byUser: Map<string, ComparableAnswer> }>> {
  const result = new Map<number, { label: string; byUser: Map<string, ComparableAnswer> }>();
  if (questionIds.length === 0) return result;
  const questions = (await activeQuestions(db, guildId)).filter((q) => questionIds.includes(q.id));
  const spans = await choiceSpansOf(
    db,
    guildId,
    questions.map((q) => q.id),
  );
  for (const question of questions) {
    const definition = question.definition;
    const current = question.revision;
    const labels = new Map(
      'choices' in definition && definition.choices !== undefined
        ? definition.choices.map((c) => [c.key, c.label] as const)
        : [],
    );
    const byUser = new Map<string, ComparableAnswer>();
    for (const { userId, value, revision } of await repo.answersToQuestion(
      db,
      guildId,
      question.id,
    )) {
      if (value === null) continue;
      const keys: readonly string[] = 'choices' in value ? value.choices : [];
      byUser.set(userId, {
        choices: keys.flatMap((k) => {
          const label = labels.get(k);
          const span = spans.get(question.id)?.get(k);
          // The key names the current choice only if its span reaches the current revision.
          return label === undefined || span?.to !== current || !picksChoice(span, revision)
            ? []
            : [label];
        }),
        scale: 'scale' in value ? value.scale : null,
      });
    }
    result.set(question.id, { label: definition.label, byUser });
  }
  return result;
}
