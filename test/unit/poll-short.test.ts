import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db/database.js';
import { ensureGuild } from '../../src/core/guilds.js';
import {
  createPoll,
  exportRows,
  pollOf,
  pollResults,
  visibleTexts,
  vote,
  voterKey,
  voterSecretOf,
  type NewPoll,
} from '../../src/features/polls/service.js';
import { formCost, renderModal } from '../../src/forms/index.js';
import { translator } from '../../src/core/i18n.js';

const G = '100000000000000001';
const user = (i: number) => `2${String(i).padStart(17, '0')}`;
const masterKey = randomBytes(32);

let db: Db;
beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  await ensureGuild(db, G, { now: 0 });
});
afterEach(async () => {
  await db.destroy();
});

const shortPoll = (anonymous: boolean): NewPoll => ({
  channelId: '300000000000000001',
  title: 'One word for us?',
  questions: [{ kind: 'short', label: 'One word for us?', required: true }],
  anonymous,
  results: 'live',
  audience: [],
  closesAt: null,
  remindAt: null,
});

describe('the short text kind in polls', () => {
  it('is a one-line text input of at most 100 characters', async () => {
    const poll = await createPoll(db, G, shortPoll(false), 0);
    const q = poll.questions[0]!;
    expect(q).toMatchObject({ kind: 'short', maxLength: 100 });
    expect(formCost([q])).toBe(1);
    const modal = renderModal({
      customId: 'x',
      title: poll.title,
      t: translator('en'),
      fields: [{ question: q, ref: { question: 0, revision: 0 } }],
    });
    expect(JSON.stringify(modal)).toContain('"style":1');
    expect(JSON.stringify(modal)).toContain('"max_length":100');
  });

  it('takes up to 100 characters and refuses 101 (nothing stored)', async () => {
    const poll = await createPoll(db, G, shortPoll(false), 0);
    await vote(db, {
      guildId: G,
      pollId: poll.id,
      voter: user(1),
      ballot: new Map([[0, { text: 'x'.repeat(100) }]]),
      now: 1,
    });
    await expect(
      vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: user(2),
        ballot: new Map([[0, { text: 'y'.repeat(101) }]]),
        now: 2,
      }),
    ).rejects.toMatchObject({ key: 'polls.textLong' });
    const results = await pollResults(db, await pollOf(db, G, poll.id));
    expect(results[0]!.answered).toBe(1);
    expect((await exportRows(db, await pollOf(db, G, poll.id))).map((r) => r.answer)).toEqual([
      'x'.repeat(100),
    ]);
  });

  it('anonymous: written answers are shown only once 5 people answered, alphabetically', async () => {
    const created = await createPoll(db, G, shortPoll(true), 0, { masterKey });
    const words = ['pizza', 'coffee', 'tea', 'books', 'music'];
    for (const [i, word] of words.entries()) {
      const poll = await pollOf(db, G, created.id);
      if (i === 4) expect(await visibleTexts(db, poll, 0, 5)).toEqual([]);
      await vote(db, {
        guildId: G,
        pollId: poll.id,
        voter: voterKey(poll, user(i), voterSecretOf(poll, masterKey)),
        ballot: new Map([[0, { text: word }]]),
        now: 1 + i,
        minResponses: 5,
      });
    }
    const poll = await pollOf(db, G, created.id);
    expect((await visibleTexts(db, poll, 0, 5)).map((t) => t.text)).toEqual([...words].sort());
    expect((await visibleTexts(db, poll, 0, 5)).every((t) => t.voter === null)).toBe(true);
  });
});
