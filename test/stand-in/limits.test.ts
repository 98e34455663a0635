import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ButtonStyle,
  ChannelType,
  ComponentType,
  MessageFlags,
  OverwriteType,
  PermissionFlagsBits,
  TextInputStyle,
  type APIMessage,
} from 'discord-api-types/v10';
import { DiscordStandIn, type InteractionState } from './server.js';
import type { ErrorTree } from './validate.js';

// The stand-in refuses every payload real Discord refuses, with Discord's own answer. For each
// rule: a payload at the limit is accepted, one just over it is refused at the right field.
// No bot logs in: the REST API is driven with plain fetch.

let standIn: DiscordStandIn;
let guild: string;
let channel: string;
let forum: string;
let member: string;

beforeAll(async () => {
  standIn = await new DiscordStandIn().start();
  guild = standIn.addGuild();
  channel = standIn.addChannel(guild, { name: 'general' });
  forum = standIn.addChannel(guild, { name: 'ideas', type: ChannelType.GuildForum });
  member = standIn.addMember(guild, 'member').id;
});

afterAll(async () => {
  await standIn.stop();
});

interface Answer {
  status: number;
  body: { code?: number; message?: string; errors?: ErrorTree; id?: string } | undefined;
}

const api = (path: string, init: RequestInit = {}) => fetch(`${standIn.apiBase}/v10${path}`, init);

async function send(method: string, path: string, body: unknown, withAuth = true): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(withAuth ? { authorization: `Bot ${standIn.token}` } : {}),
  };
  const response = await api(path, { method, headers, body: JSON.stringify(body) });
  const raw = await response.text();
  return {
    status: response.status,
    body: raw.length === 0 ? undefined : (JSON.parse(raw) as Answer['body']),
  };
}

async function upload(path: string, payload: unknown, files: Buffer[]): Promise<Answer> {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  files.forEach((file, i) =>
    form.append(`files[${i}]`, new Blob([new Uint8Array(file)]), `file-${i}.txt`),
  );
  const response = await api(path, {
    method: 'POST',
    headers: { authorization: `Bot ${standIn.token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const post = (body: unknown, to = channel) => send('POST', `/channels/${to}/messages`, body);
const interaction = (): InteractionState =>
  standIn.command({ guild, user: member, command: 'probe' });
const callback = (body: unknown, state = interaction()) =>
  send('POST', `/interactions/${state.id}/${state.token}/callback`, body, false);
const modal = (data: Record<string, unknown>) =>
  callback({ type: 9, data: { custom_id: 'form', title: 'Form', ...data } });
const choices = (list: unknown[]) => callback({ type: 8, data: { choices: list } });

/** Every leaf of an error tree as `path: CODE`. */
function leaves(tree: ErrorTree | undefined, prefix: string[] = []): string[] {
  if (!tree) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (key === '_errors')
      out.push(...(value as { code: string }[]).map((e) => `${prefix.join('.')}: ${e.code}`));
    else out.push(...leaves(value as ErrorTree, [...prefix, key]));
  }
  return out;
}

/** Refused with 50035 and exactly these errors; the refusal is recorded on the stand-in. */
function expectInvalid(answer: Answer, ...errors: string[]): void {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
  expect(leaves(answer.body?.errors)).toEqual(errors);
  expect(leaves(standIn.refusals.at(-1)?.errors)).toEqual(errors);
}

function expectOk(answer: Answer): void {
  expect(answer.body?.errors, JSON.stringify(answer.body)).toBeUndefined();
  expect([200, 201, 204]).toContain(answer.status);
}

const chars = (n: number, c = 'a') => c.repeat(n);
const button = (custom_id: string, extra: Record<string, unknown> = {}) => ({
  type: ComponentType.Button,
  style: ButtonStyle.Primary,
  label: 'Go',
  custom_id,
  ...extra,
});
const row = (...components: unknown[]) => ({ type: ComponentType.ActionRow, components });
const options = (n: number, make: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ label: `Option ${i}`, value: `v${i}`, ...make(i) }));
const select = (extra: Record<string, unknown> = {}) => ({
  type: ComponentType.StringSelect,
  custom_id: 'pick',
  options: options(3),
  ...extra,
});
const label = (component: unknown, extra: Record<string, unknown> = {}) => ({
  type: ComponentType.Label,
  label: 'Question',
  component,
  ...extra,
});
const input = (extra: Record<string, unknown> = {}) => ({
  type: ComponentType.TextInput,
  custom_id: 'answer',
  style: TextInputStyle.Short,
  ...extra,
});

describe('message content and emptiness', () => {
  it('accepts 2,000 characters of content and refuses 2,001 with Discord’s error', async () => {
    expectOk(await post({ content: chars(2000) }));
    const refused = await post({ content: chars(2001) });
    expectInvalid(refused, 'content: BASE_TYPE_MAX_LENGTH');
    expect(refused.body?.errors).toEqual({
      content: {
        _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
      },
    });
    expect(standIn.refusals.at(-1)).toMatchObject({
      method: 'POST',
      path: `/channels/${channel}/messages`,
      status: 400,
      code: 50035,
    });
  });

  it('counts characters, not UTF-16 units', async () => {
    expectOk(await post({ content: chars(2000, '🙂') }));
    expectInvalid(await post({ content: chars(2001, '🙂') }), 'content: BASE_TYPE_MAX_LENGTH');
  });

  it('refuses an empty message with 50006, and accepts one with only components', async () => {
    for (const body of [
      {},
      { content: '' },
      { content: '   ' },
      { content: '', embeds: [], components: [] },
    ]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ code: 50006, message: 'Cannot send an empty message' });
    }
    expect(standIn.refusals.at(-1)).toMatchObject({ code: 50006 });
    expectOk(await post({ components: [row(button('only'))] }));
    expectOk(await post({ embeds: [{ title: 'only an embed' }] }));
  });

  it('accepts a nonce of 25 characters and refuses 26', async () => {
    expectOk(await post({ content: 'x', nonce: chars(25) }));
    expectInvalid(await post({ content: 'x', nonce: chars(26) }), 'nonce: BASE_TYPE_MAX_LENGTH');
  });
});

describe('embeds', () => {
  it('accepts 10 embeds and refuses 11', async () => {
    expectOk(await post({ embeds: Array.from({ length: 10 }, () => ({ title: 't' })) }));
    expectInvalid(
      await post({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }),
      'embeds: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('accepts 6,000 characters across all embeds and refuses 6,001', async () => {
    const full = [
      { description: chars(4000) },
      {
        title: chars(200),
        description: chars(1000),
        fields: [{ name: chars(100), value: chars(200) }],
        footer: { text: chars(250) },
        author: { name: chars(250) },
      },
    ];
    expectOk(await post({ embeds: full }));
    const over = [full[0], { ...full[1], author: { name: chars(251) } }];
    const refused = await post({ embeds: over });
    expectInvalid(refused, 'embeds: MAX_EMBED_SIZE_EXCEEDED');
    expect(refused.body?.errors).toEqual({
      embeds: {
        _errors: [
          { code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' },
        ],
      },
    });
  });

  it.each([
    ['title', 256, (v: string) => ({ title: v }), 'embeds.0.title'],
    ['description', 4096, (v: string) => ({ description: v }), 'embeds.0.description'],
    [
      'field name',
      256,
      (v: string) => ({ fields: [{ name: v, value: 'v' }] }),
      'embeds.0.fields.0.name',
    ],
    [
      'field value',
      1024,
      (v: string) => ({ fields: [{ name: 'n', value: v }] }),
      'embeds.0.fields.0.value',
    ],
    ['footer text', 2048, (v: string) => ({ footer: { text: v } }), 'embeds.0.footer.text'],
    ['author name', 256, (v: string) => ({ author: { name: v } }), 'embeds.0.author.name'],
  ])(
    'accepts an embed %s of %i characters and refuses one more',
    async (_name, max, embed, path) => {
      expectOk(await post({ embeds: [embed(chars(max))] }));
      expectInvalid(
        await post({ embeds: [embed(chars(max + 1))] }),
        `${path}: BASE_TYPE_MAX_LENGTH`,
      );
    },
  );

  it('accepts 25 fields and refuses 26', async () => {
    const fields = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expectOk(await post({ embeds: [{ fields: fields(25) }] }));
    expectInvalid(
      await post({ embeds: [{ fields: fields(26) }] }),
      'embeds.0.fields: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('requires a field name and value (a zero-width space counts, whitespace does not)', async () => {
    expectOk(await post({ embeds: [{ fields: [{ name: '\u200b', value: '\u200b' }] }] }));
    expectInvalid(
      await post({ embeds: [{ fields: [{ name: '', value: ' ' }] }] }),
      'embeds.0.fields.0.name: BASE_TYPE_REQUIRED',
      'embeds.0.fields.0.value: BASE_TYPE_REQUIRED',
    );
    expectInvalid(
      await post({ embeds: [{ fields: [{ name: 'n' }] }] }),
      'embeds.0.fields.0.value: BASE_TYPE_REQUIRED',
    );
  });
});

describe('message components', () => {
  it('accepts 5 action rows and refuses 6', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(button(`b${i}`)));
    expectOk(await post({ components: rows(5) }));
    expectInvalid(await post({ components: rows(6) }), 'components: BASE_TYPE_MAX_LENGTH');
  });

  it('accepts 5 buttons in a row and refuses 6', async () => {
    const buttons = (n: number) => Array.from({ length: n }, (_, i) => button(`b${i}`));
    expectOk(await post({ components: [row(...buttons(5))] }));
    expectInvalid(
      await post({ components: [row(...buttons(6))] }),
      'components.0.components: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await post({ components: [row()] }),
      'components.0.components: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('accepts a select menu alone in its row and refuses one sharing it', async () => {
    expectOk(await post({ components: [row(select())] }));
    expectInvalid(
      await post({ components: [row(button('b'), select())] }),
      'components.0.components.1: COMPONENT_LAYOUT_WIDTH_EXCEEDED',
    );
  });

  it('refuses anything but action rows at the top of a message', async () => {
    expectInvalid(
      await post({ components: [button('b')] }),
      'components.0.type: UNION_TYPE_CHOICES',
    );
  });

  it('accepts a button label of 80 characters and refuses 81', async () => {
    expectOk(await post({ components: [row(button('b', { label: chars(80) }))] }));
    expectInvalid(
      await post({ components: [row(button('b', { label: chars(81) }))] }),
      'components.0.components.0.label: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('accepts custom ids of 1 to 100 characters and refuses empty, missing or 101', async () => {
    expectOk(await post({ components: [row(button(chars(100)), button('x'))] }));
    expectInvalid(
      await post({ components: [row(button(chars(101)))] }),
      'components.0.components.0.custom_id: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await post({ components: [row(button(''))] }),
      'components.0.components.0.custom_id: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await post({
        components: [
          row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'no id' }),
        ],
      }),
      'components.0.components.0.custom_id: BASE_TYPE_REQUIRED',
    );
  });

  it('refuses a custom id used twice in one message, even in another row', async () => {
    expectOk(await post({ components: [row(button('a')), row(button('b'))] }));
    expectInvalid(
      await post({ components: [row(button('a')), row(select({ custom_id: 'a' }))] }),
      'components.1.components.0.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED',
    );
  });

  it('needs a url and no custom id on a link button', async () => {
    const link = (extra: Record<string, unknown>) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: 'Open',
      ...extra,
    });
    expectOk(await post({ components: [row(link({ url: 'https://example.com' }))] }));
    expectInvalid(
      await post({ components: [row(link({}))] }),
      'components.0.components.0.url: BASE_TYPE_REQUIRED',
    );
    expectInvalid(
      await post({ components: [row(link({ url: 'https://example.com', custom_id: 'x' }))] }),
      'components.0.components.0.custom_id: BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
    );
  });

  it('accepts 1 to 25 select options and refuses 0 or 26', async () => {
    expectOk(await post({ components: [row(select({ options: options(25) }))] }));
    expectOk(await post({ components: [row(select({ options: options(1) }))] }));
    expectInvalid(
      await post({ components: [row(select({ options: options(26) }))] }),
      'components.0.components.0.options: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await post({ components: [row(select({ options: [] }))] }),
      'components.0.components.0.options: BASE_TYPE_BAD_LENGTH',
    );
  });

  // label and value are required (1-100), a description optional (up to 100).
  it.each([
    ['label', 'BASE_TYPE_BAD_LENGTH'],
    ['value', 'BASE_TYPE_BAD_LENGTH'],
    ['description', 'BASE_TYPE_MAX_LENGTH'],
  ])('accepts a select option %s of 100 characters and refuses 101', async (key, code) => {
    expectOk(
      await post({
        components: [
          row(select({ options: options(2, (i) => ({ [key]: chars(100, String(i)) })) })),
        ],
      }),
    );
    expectInvalid(
      await post({
        components: [
          row(select({ options: options(2, (i) => (i === 1 ? { [key]: chars(101) } : {})) })),
        ],
      }),
      `components.0.components.0.options.1.${key}: ${code}`,
    );
  });

  it('accepts a placeholder of 150 characters and refuses 151', async () => {
    expectOk(await post({ components: [row(select({ placeholder: chars(150) }))] }));
    expectInvalid(
      await post({ components: [row(select({ placeholder: chars(151) }))] }),
      'components.0.components.0.placeholder: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('keeps min_values and max_values within 0..25 and within the options offered', async () => {
    expectOk(
      await post({
        components: [row(select({ options: options(25), min_values: 0, max_values: 25 }))],
      }),
    );
    expectOk(
      await post({
        components: [row(select({ options: options(3), min_values: 3, max_values: 3 }))],
      }),
    );
    expectInvalid(
      await post({ components: [row(select({ options: options(25), max_values: 26 }))] }),
      'components.0.components.0.max_values: NUMBER_TYPE_MAX',
    );
    expectInvalid(
      await post({ components: [row(select({ options: options(25), min_values: -1 }))] }),
      'components.0.components.0.min_values: NUMBER_TYPE_MIN',
    );
    expectInvalid(
      await post({ components: [row(select({ options: options(3), max_values: 4 }))] }),
      'components.0.components.0.max_values: NUMBER_TYPE_MAX',
    );
    expectInvalid(
      await post({
        components: [row(select({ options: options(3), min_values: 4, max_values: 3 }))],
      }),
      'components.0.components.0.min_values: NUMBER_TYPE_MAX',
      'components.0.components.0.min_values: SELECT_COMPONENT_MIN_VALUES_GREATER_THAN_MAX',
    );
  });

  it('refuses two select options with one value', async () => {
    expectInvalid(
      await post({ components: [row(select({ options: options(2, () => ({ value: 'same' })) }))] }),
      'components.0.components.0.options.1.value: SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
    );
  });

  it('checks a Components V2 layout: 4,000 characters of text displays at most', async () => {
    const v2 = (content: string) => ({
      flags: MessageFlags.IsComponentsV2,
      components: [
        {
          type: ComponentType.Container,
          components: [{ type: ComponentType.TextDisplay, content }],
        },
      ],
    });
    expectOk(await post(v2(chars(4000))));
    expectInvalid(
      await post(v2(chars(4001))),
      'components.0.components.0.content: BASE_TYPE_MAX_LENGTH',
      'components: COMPONENT_DISPLAYABLE_TEXT_SIZE_EXCEEDED',
    );
    const two = {
      flags: MessageFlags.IsComponentsV2,
      components: [
        { type: ComponentType.TextDisplay, content: chars(2000) },
        { type: ComponentType.TextDisplay, content: chars(2001) },
      ],
    };
    expectInvalid(await post(two), 'components: COMPONENT_DISPLAYABLE_TEXT_SIZE_EXCEEDED');
  });
});

describe('allowed_mentions', () => {
  const mention = (allowed_mentions: unknown) => post({ content: 'hi', allowed_mentions });
  it('accepts the three mention types and refuses any other', async () => {
    expectOk(await mention({ parse: ['roles', 'users', 'everyone'] }));
    expectOk(await mention({ parse: [] }));
    expectInvalid(
      await mention({ parse: ['users', 'channels'] }),
      'allowed_mentions.parse.1: ENUM_TYPE_COERCE',
    );
  });

  it('refuses parse "users" together with a users list (and roles likewise), but not with an empty list', async () => {
    expectOk(await mention({ parse: ['users'], users: [] }));
    expectOk(await mention({ parse: ['roles'], users: ['1'] }));
    const refused = await mention({ parse: ['users'], users: ['1'] });
    expectInvalid(refused, 'allowed_mentions: MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE');
    expect(refused.body?.errors).toEqual({
      allowed_mentions: {
        _errors: [
          {
            code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
            message: 'parse:["users"] and users: [ids...] are mutually exclusive.',
          },
        ],
      },
    });
    expectInvalid(
      await mention({ parse: ['roles'], roles: ['1'] }),
      'allowed_mentions: MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
    );
  });

  it('accepts 100 users or roles and refuses 101', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100_000 + i));
    expectOk(await mention({ parse: [], users: ids(100), roles: ids(100) }));
    expectInvalid(
      await mention({ parse: [], users: ids(101) }),
      'allowed_mentions.users: BASE_TYPE_MAX_LENGTH',
    );
    expectInvalid(
      await mention({ parse: [], roles: ids(101) }),
      'allowed_mentions.roles: BASE_TYPE_MAX_LENGTH',
    );
  });
});

describe('attachments', () => {
  it('accepts 10 files and refuses 11', async () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`file ${i}`));
    expectOk(await upload(`/channels/${channel}/messages`, { content: 'files' }, files(10)));
    expectInvalid(
      await upload(`/channels/${channel}/messages`, { content: 'files' }, files(11)),
      'attachments: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('accepts a file of 8 MiB by default and refuses a byte more with 413 (40005)', async () => {
    expect(standIn.limits.maxFileBytes).toBe(8 * 1024 * 1024);
    expect(new DiscordStandIn({ maxFileBytes: 25 * 1024 * 1024 }).limits.maxFileBytes).toBe(
      25 * 1024 * 1024,
    );
    expectOk(await upload(`/channels/${channel}/messages`, {}, [Buffer.alloc(8 * 1024 * 1024, 1)]));
    const refused = await upload(`/channels/${channel}/messages`, {}, [
      Buffer.alloc(8 * 1024 * 1024 + 1, 1),
    ]);
    expect(refused).toEqual({
      status: 413,
      body: { code: 40005, message: 'Request entity too large' },
    });
    expect(standIn.refusals.at(-1)).toMatchObject({ status: 413, code: 40005 });
  });

  it('counts a file as content: a message with only a file is not empty', async () => {
    expectOk(await upload(`/channels/${channel}/messages`, {}, [Buffer.from('x')]));
  });
});

describe('every route that carries a message', () => {
  it('checks interaction replies (type 4) under data, and a refused callback acknowledges nothing', async () => {
    const state = interaction();
    expectInvalid(
      await callback({ type: 4, data: { content: chars(2001) } }, state),
      'data.content: BASE_TYPE_MAX_LENGTH',
    );
    const empty = await callback({ type: 4, data: { flags: MessageFlags.Ephemeral } }, state);
    expect(empty.body).toEqual({ code: 50006, message: 'Cannot send an empty message' });
    expectOk(await callback({ type: 4, data: { content: chars(2000) } }, state));
    expect((await callback({ type: 4, data: { content: 'again' } }, state)).body).toMatchObject({
      code: 40060,
    });
    expect(standIn.refusals.at(-1)?.code).not.toBe(40060);
  });

  it('still answers 10062 after 3 seconds', async () => {
    const state = interaction();
    standIn.interactions.set(state.id, { ...state, createdAt: Date.now() - 3_001 });
    expect((await callback({ type: 4, data: { content: 'late' } }, state)).body).toMatchObject({
      code: 10062,
    });
  });

  it('checks updates (type 7) against the message they change', async () => {
    const posted = (await post({ content: 'vote here', components: [row(button('vote'))] }))
      .body as unknown as APIMessage;
    const press = () => standIn.click({ guild, user: member, message: posted, customId: 'vote' });
    expectInvalid(
      await callback({ type: 7, data: { components: [row(button('a'), button('a'))] } }, press()),
      'data.components.0.components.1.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED',
    );
    // Removing the buttons leaves the content: fine. Removing everything leaves nothing: refused.
    expectOk(await callback({ type: 7, data: { components: [] } }, press()));
    expect(
      (await callback({ type: 7, data: { content: '', components: [] } }, press())).body,
    ).toMatchObject({ code: 50006 });
  });

  it('checks follow-ups and edits of the original response', async () => {
    const state = interaction();
    expectOk(await callback({ type: 5 }, state));
    const hook = `/webhooks/${standIn.applicationId}/${state.token}`;
    expectInvalid(
      await send('PATCH', `${hook}/messages/@original`, { content: chars(2001) }, false),
      'content: BASE_TYPE_MAX_LENGTH',
    );
    // A deferred reply shows nothing yet: editing it to nothing is refused.
    expect(
      (await send('PATCH', `${hook}/messages/@original`, { components: [] }, false)).body,
    ).toMatchObject({ code: 50006 });
    expectOk(await send('PATCH', `${hook}/messages/@original`, { content: 'done' }, false));
    expectOk(await send('PATCH', `${hook}/messages/@original`, { components: [] }, false));
    expectInvalid(
      await send('POST', hook, { embeds: [{ title: chars(257) }] }, false),
      'embeds.0.title: BASE_TYPE_MAX_LENGTH',
    );
    expect((await send('POST', hook, { content: '' }, false)).body).toMatchObject({ code: 50006 });
    expectOk(await send('POST', hook, { content: chars(2000) }, false));
  });

  it('checks edits of channel messages, judging emptiness on the result', async () => {
    const posted = (await post({ content: 'first', embeds: [{ title: 'kept' }] }))
      .body as unknown as APIMessage;
    const edit = (body: unknown) =>
      send('PATCH', `/channels/${channel}/messages/${posted.id}`, body);
    expectInvalid(await edit({ content: chars(2001) }), 'content: BASE_TYPE_MAX_LENGTH');
    expectOk(await edit({ content: '' }));
    expect((await edit({ embeds: [] })).body).toMatchObject({ code: 50006 });
  });

  it('checks direct messages like channel messages', async () => {
    const dm = (await send('POST', '/users/@me/channels', { recipient_id: member })).body as {
      id: string;
    };
    expectOk(await post({ content: chars(2000) }, dm.id));
    expectInvalid(await post({ content: chars(2001) }, dm.id), 'content: BASE_TYPE_MAX_LENGTH');
  });
});

describe('threads and forum posts', () => {
  it('accepts a thread name of 1 to 100 characters and refuses empty or 101', async () => {
    const start = async (name: unknown) => {
      const posted = (await post({ content: 'start here' })).body as unknown as APIMessage;
      return send('POST', `/channels/${channel}/messages/${posted.id}/threads`, { name });
    };
    expectOk(await start(chars(100)));
    expectInvalid(await start(chars(101)), 'name: BASE_TYPE_BAD_LENGTH');
    expectInvalid(await start(''), 'name: BASE_TYPE_BAD_LENGTH');
    expectInvalid(await start(undefined), 'name: BASE_TYPE_REQUIRED');
  });

  it('checks a forum post’s name and its message by the message rules', async () => {
    const postIn = (body: unknown) => send('POST', `/channels/${forum}/threads`, body);
    expectOk(await postIn({ name: chars(100), message: { content: chars(2000) } }));
    expectInvalid(
      await postIn({ name: chars(101), message: { content: 'x' } }),
      'name: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await postIn({
        name: 'post',
        message: {
          content: chars(2001),
          embeds: Array.from({ length: 11 }, () => ({ title: 't' })),
        },
      }),
      'message.content: BASE_TYPE_MAX_LENGTH',
      'message.embeds: BASE_TYPE_MAX_LENGTH',
    );
    expect((await postIn({ name: 'post', message: { content: '' } })).body).toEqual({
      code: 50006,
      message: 'Cannot send an empty message',
    });
    expectInvalid(await postIn({ name: 'post' }), 'message: BASE_TYPE_REQUIRED');
  });
});

describe('modals (type 9)', () => {
  const text = (extra: Record<string, unknown> = {}) => label(input(extra));

  it('accepts a title of 1 to 45 characters and refuses empty or 46', async () => {
    expectOk(await modal({ title: chars(45), components: [text()] }));
    expectInvalid(
      await modal({ title: chars(46), components: [text()] }),
      'data.title: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await modal({ title: '', components: [text()] }),
      'data.title: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('accepts a custom id of 100 characters and refuses 101', async () => {
    expectOk(await modal({ custom_id: chars(100), components: [text()] }));
    expectInvalid(
      await modal({ custom_id: chars(101), components: [text()] }),
      'data.custom_id: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('accepts 1 to 5 top-level components and refuses 0 or 6', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => text({ custom_id: `f${i}` }));
    expectOk(await modal({ components: fields(5) }));
    expectInvalid(await modal({ components: fields(6) }), 'data.components: BASE_TYPE_BAD_LENGTH');
    expectInvalid(await modal({ components: [] }), 'data.components: BASE_TYPE_BAD_LENGTH');
  });

  it('accepts a legacy text input label of 45 characters and refuses 46', async () => {
    const legacy = (labelText: string) => row(input({ label: labelText }));
    expectOk(await modal({ components: [legacy(chars(45))] }));
    expectInvalid(
      await modal({ components: [legacy(chars(46))] }),
      'data.components.0.components.0.label: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('accepts a Label of 45 characters with a description of 100, and refuses 46 or 101', async () => {
    expectOk(
      await modal({
        components: [text()].map((c) => ({ ...c, label: chars(45), description: chars(100) })),
      }),
    );
    expectInvalid(
      await modal({ components: [{ ...text(), label: chars(46) }] }),
      'data.components.0.label: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await modal({ components: [{ ...text(), description: chars(101) }] }),
      'data.components.0.description: BASE_TYPE_MAX_LENGTH',
    );
    expectInvalid(
      await modal({ components: [{ type: ComponentType.Label, label: 'empty' }] }),
      'data.components.0.component: BASE_TYPE_REQUIRED',
    );
  });

  it('keeps a text input’s value within 4,000 (and its max_length), placeholder within 100, lengths within 0..4,000', async () => {
    expectOk(
      await modal({
        components: [
          text({ value: chars(4000), placeholder: chars(100), min_length: 0, max_length: 4000 }),
        ],
      }),
    );
    expectInvalid(
      await modal({ components: [text({ value: chars(4001) })] }),
      'data.components.0.component.value: BASE_TYPE_MAX_LENGTH',
    );
    expectInvalid(
      await modal({ components: [text({ value: chars(11), max_length: 10 })] }),
      'data.components.0.component.value: BASE_TYPE_MAX_LENGTH',
    );
    expectInvalid(
      await modal({ components: [text({ placeholder: chars(101) })] }),
      'data.components.0.component.placeholder: BASE_TYPE_MAX_LENGTH',
    );
    expectInvalid(
      await modal({ components: [text({ max_length: 4001 })] }),
      'data.components.0.component.max_length: NUMBER_TYPE_MAX',
    );
    expectInvalid(
      await modal({ components: [text({ min_length: 4001 })] }),
      'data.components.0.component.min_length: NUMBER_TYPE_MAX',
    );
  });

  it('accepts a text display of 4,000 characters and refuses 4,001', async () => {
    expectOk(
      await modal({
        components: [{ type: ComponentType.TextDisplay, content: chars(4000) }, text()],
      }),
    );
    expectInvalid(
      await modal({
        components: [{ type: ComponentType.TextDisplay, content: chars(4001) }, text()],
      }),
      'data.components.0.content: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('accepts a radio group of 2 to 10 options and refuses 1 or 11', async () => {
    const radio = (n: number) =>
      label({ type: ComponentType.RadioGroup, custom_id: 'r', options: options(n) });
    expectOk(await modal({ components: [radio(2)] }));
    expectOk(await modal({ components: [radio(10)] }));
    expectInvalid(
      await modal({ components: [radio(1)] }),
      'data.components.0.component.options: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await modal({ components: [radio(11)] }),
      'data.components.0.component.options: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await modal({
        components: [
          label({
            type: ComponentType.RadioGroup,
            custom_id: 'r',
            options: options(2, (i) => (i === 0 ? { label: chars(101) } : {})),
          }),
        ],
      }),
      'data.components.0.component.options.0.label: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('accepts a checkbox group of up to 10 options and refuses 11, with min/max values within the options', async () => {
    const group = (n: number, extra: Record<string, unknown> = {}) =>
      label({ type: ComponentType.CheckboxGroup, custom_id: 'c', options: options(n), ...extra });
    expectOk(await modal({ components: [group(10, { min_values: 0, max_values: 10 })] }));
    expectInvalid(
      await modal({ components: [group(11)] }),
      'data.components.0.component.options: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await modal({ components: [group(3, { max_values: 4 })] }),
      'data.components.0.component.max_values: NUMBER_TYPE_MAX',
    );
  });

  it('checks a select menu inside a Label like one in a message', async () => {
    expectOk(
      await modal({ components: [label(select({ options: options(25), max_values: 25 }))] }),
    );
    expectInvalid(
      await modal({ components: [label(select({ options: options(26) }))] }),
      'data.components.0.component.options: BASE_TYPE_BAD_LENGTH',
    );
  });

  it('refuses a custom id used twice in one modal', async () => {
    expectInvalid(
      await modal({ components: [text({ custom_id: 'same' }), text({ custom_id: 'same' })] }),
      'data.components.1.component.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED',
    );
  });

  it('refuses a component a modal cannot hold', async () => {
    expectInvalid(
      await modal({ components: [row(button('b'))] }),
      'data.components.0.components.0.type: UNION_TYPE_CHOICES',
    );
    expectInvalid(
      await modal({ components: [label(button('b'))] }),
      'data.components.0.component.type: UNION_TYPE_CHOICES',
    );
  });
});

describe('autocomplete results (type 8)', () => {
  const choice = (i: number, extra: Record<string, unknown> = {}) => ({
    name: `choice ${i}`,
    value: `v${i}`,
    ...extra,
  });
  it('accepts 25 choices and refuses 26', async () => {
    expectOk(await choices(Array.from({ length: 25 }, (_, i) => choice(i))));
    expectOk(await choices([]));
    expectInvalid(
      await choices(Array.from({ length: 26 }, (_, i) => choice(i))),
      'data.choices: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('accepts a name of 1 to 100 characters and a string value of 100, and refuses beyond', async () => {
    expectOk(
      await choices([choice(0, { name: chars(100), value: chars(100) }), choice(1, { value: 42 })]),
    );
    expectInvalid(
      await choices([choice(0, { name: chars(101) })]),
      'data.choices.0.name: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await choices([choice(0, { name: '' })]),
      'data.choices.0.name: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await choices([choice(0, { value: chars(101) })]),
      'data.choices.0.value: BASE_TYPE_MAX_LENGTH',
    );
  });
});

describe('role hierarchy and Manage Roles', () => {
  const grant = (g: string, user: string, role: string, method = 'PUT') =>
    send(method, `/guilds/${g}/members/${user}/roles/${role}`, undefined);
  const expectDenied = (answer: Answer) => {
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ code: 50013, message: 'Missing Permissions' });
    expect(standIn.refusals.at(-1)).toMatchObject({ status: 403, code: 50013 });
  };
  const botRoleOf = (g: string) =>
    [...standIn.guilds.get(g)!.roles.values()].find((r) => r.managed)!.id;

  it('grants and removes a role below the bot’s highest role, and refuses one at or above it', async () => {
    const below = standIn.addRole(guild, { name: 'below', position: 9 });
    const level = standIn.addRole(guild, { name: 'level', position: 10 });
    const above = standIn.addRole(guild, { name: 'above', position: 11 });
    expectOk(await grant(guild, member, below));
    expect(standIn.rolesOf(guild, member)).toContain(below);
    expectOk(await grant(guild, member, below, 'DELETE'));
    expectDenied(await grant(guild, member, level));
    expectDenied(await grant(guild, member, above));
    expectDenied(await grant(guild, member, above, 'DELETE'));
    expect(standIn.rolesOf(guild, member)).not.toContain(above);
  });

  it('refuses @everyone and managed roles even to an administrator bot', async () => {
    const integration = standIn.addRole(guild, { name: 'Other bot', position: 2, managed: true });
    expectDenied(await grant(guild, member, guild));
    expectDenied(await grant(guild, member, integration));
    expectDenied(await grant(guild, member, botRoleOf(guild)));
  });

  it('needs Manage Roles (or Administrator)', async () => {
    const manager = standIn.addGuild({ botPermissions: PermissionFlagsBits.ManageRoles });
    const powerless = standIn.addGuild({
      botPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
    });
    for (const [g, ok] of [
      [manager, true],
      [powerless, false],
    ] as const) {
      const role = standIn.addRole(g, { name: 'Member', position: 2 });
      const user = standIn.addMember(g, 'someone').id;
      const answer = await grant(g, user, role);
      if (ok) expectOk(answer);
      else expectDenied(answer);
    }
  });
});

describe('channel permissions for posting', () => {
  let weak: string;
  let botRole: string;
  const overwrite = (id: string, type: OverwriteType, allow: bigint, deny: bigint) => ({
    id,
    type,
    allow: String(allow),
    deny: String(deny),
  });

  beforeAll(() => {
    weak = standIn.addGuild({
      botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
      botRolePosition: 1,
    });
    botRole = [...standIn.guilds.get(weak)!.roles.values()].find((r) => r.managed)!.id;
  });

  const expectRefused = (answer: Answer, code: 50001 | 50013) => {
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code,
      message: code === 50001 ? 'Missing Access' : 'Missing Permissions',
    });
    expect(standIn.refusals.at(-1)).toMatchObject({ status: 403, code });
  };

  it('answers 50001 without View Channel and 50013 without Send Messages', async () => {
    const open = standIn.addChannel(weak, { name: 'open' });
    const hidden = standIn.addChannel(weak, {
      name: 'hidden',
      permission_overwrites: [
        overwrite(weak, OverwriteType.Role, 0n, PermissionFlagsBits.ViewChannel),
      ],
    });
    const readOnly = standIn.addChannel(weak, {
      name: 'read-only',
      permission_overwrites: [
        overwrite(botRole, OverwriteType.Role, 0n, PermissionFlagsBits.SendMessages),
      ],
    });
    expectOk(await post({ content: 'hi' }, open));
    expectRefused(await post({ content: 'hi' }, hidden), 50001);
    expectRefused(await post({ content: 'hi' }, readOnly), 50013);
    expect(standIn.postedIn(hidden)).toEqual([]);
  });

  it('applies role overwrites over @everyone, and the member overwrite over both', async () => {
    const staffOnly = standIn.addChannel(weak, {
      name: 'staff',
      permission_overwrites: [
        overwrite(weak, OverwriteType.Role, 0n, PermissionFlagsBits.ViewChannel),
        overwrite(botRole, OverwriteType.Role, PermissionFlagsBits.ViewChannel, 0n),
      ],
    });
    const muted = standIn.addChannel(weak, {
      name: 'muted',
      permission_overwrites: [
        overwrite(botRole, OverwriteType.Role, 0n, PermissionFlagsBits.SendMessages),
        overwrite(standIn.botUser.id, OverwriteType.Member, PermissionFlagsBits.SendMessages, 0n),
      ],
    });
    expectOk(await post({ content: 'hi' }, staffOnly));
    expectOk(await post({ content: 'hi' }, muted));
  });

  it('needs Attach Files for files, Create Public Threads for a thread, and ignores overwrites for an administrator', async () => {
    const open = standIn.addChannel(weak, { name: 'files' });
    expectRefused(
      await upload(`/channels/${open}/messages`, { content: 'chart' }, [Buffer.from('png')]),
      50013,
    );
    const posted = (await post({ content: 'discuss' }, open)).body as unknown as APIMessage;
    expectRefused(
      await send('POST', `/channels/${open}/messages/${posted.id}/threads`, { name: 'talk' }),
      50013,
    );
    const locked = standIn.addChannel(guild, {
      name: 'locked',
      permission_overwrites: [
        overwrite(
          guild,
          OverwriteType.Role,
          0n,
          PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
        ),
      ],
    });
    expectOk(await post({ content: 'admin' }, locked));
  });

  it('needs Send Messages in Threads to post in a forum post, and Send Messages to open one', async () => {
    const weakForum = standIn.addChannel(weak, { name: 'forum', type: ChannelType.GuildForum });
    const opened = await send('POST', `/channels/${weakForum}/threads`, {
      name: 'post',
      message: { content: 'first' },
    });
    expectOk(opened);
    expectRefused(await post({ content: 'reply' }, (opened.body as { id: string }).id), 50013);
    const closedForum = standIn.addChannel(weak, {
      name: 'closed',
      type: ChannelType.GuildForum,
      permission_overwrites: [
        overwrite(botRole, OverwriteType.Role, 0n, PermissionFlagsBits.SendMessages),
      ],
    });
    expectRefused(
      await send('POST', `/channels/${closedForum}/threads`, {
        name: 'post',
        message: { content: 'first' },
      }),
      50013,
    );
  });
});

describe('private threads, as Discord makes them', () => {
  let strict: string;
  let text: string;
  let people: string[];
  const thread = (body: unknown, to = text) => send('POST', `/channels/${to}/threads`, body);
  const addTo = (id: string, user: string) =>
    send('PUT', `/channels/${id}/thread-members/${user}`, undefined);

  beforeAll(() => {
    strict = standIn.addGuild({
      botPermissions:
        PermissionFlagsBits.ViewChannel |
        PermissionFlagsBits.SendMessages |
        PermissionFlagsBits.SendMessagesInThreads |
        PermissionFlagsBits.CreatePrivateThreads,
    });
    text = standIn.addChannel(strict, { name: 'intros' });
    people = ['ada', 'bo', 'cy'].map((name) => standIn.addMember(strict, name).id);
  });

  it('opens a private thread with Create Private Threads, with Hearth as its only member', async () => {
    const opened = await thread({ name: 'Introduction', type: ChannelType.PrivateThread });
    expectOk(opened);
    const id = (opened.body as { id: string }).id;
    expect(standIn.threadsIn(text, ChannelType.PrivateThread).map((c) => c.id)).toEqual([id]);
    expect([...standIn.threadMembers.get(id)!]).toEqual([standIn.botUser.id]);
  });

  it('refuses a missing or wrong type, a bad archive duration, a long name, and a public thread without its permission', async () => {
    expectInvalid(await thread({ name: 'x' }), 'type: BASE_TYPE_REQUIRED');
    expectInvalid(await thread({ name: 'x', type: 15 }), 'type: BASE_TYPE_CHOICES');
    expectInvalid(
      await thread({ name: 'x', type: 12, auto_archive_duration: 99 }),
      'auto_archive_duration: BASE_TYPE_CHOICES',
    );
    expectInvalid(await thread({ name: chars(101), type: 12 }), 'name: BASE_TYPE_BAD_LENGTH');
    expectOk(await thread({ name: chars(100), type: 12 }));
    const publicOne = await thread({ name: 'x', type: ChannelType.PublicThread });
    expect(publicOne.status).toBe(403);
    expect(publicOne.body?.code).toBe(50013);
  });

  it('needs Create Private Threads, and refuses private threads in an announcement channel', async () => {
    const noPrivate = standIn.addGuild({
      botPermissions: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
    });
    const plain = standIn.addChannel(noPrivate, { name: 'intros' });
    const refused = await thread({ name: 'x', type: 12 }, plain);
    expect(refused.status).toBe(403);
    expect(refused.body?.code).toBe(50013);
    const news = standIn.addChannel(strict, { name: 'news', type: ChannelType.GuildAnnouncement });
    expectInvalid(await thread({ name: 'x', type: 12 }, news), 'type: BASE_TYPE_CHOICES');
    expect(standIn.threadsIn(plain)).toEqual([]);
  });

  it('adds members (twice is fine), answers 10007 for someone who left, and stops at the cap', async () => {
    const id = ((await thread({ name: 'trio', type: 12 })).body as { id: string }).id;
    expectOk(await addTo(id, people[0]!));
    expectOk(await addTo(id, people[0]!));
    standIn.leave(strict, people[2]!);
    const gone = await addTo(id, people[2]!);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: 'Unknown Member', code: 10007 });
    standIn.threadMemberCap = 2;
    const full = await addTo(id, people[1]!);
    expect(full.status).toBe(400);
    expect(full.body?.code).toBe(30033);
    standIn.threadMemberCap = 1_000;
    expect([...standIn.threadMembers.get(id)!].sort()).toEqual(
      [standIn.botUser.id, people[0]!].sort(),
    );
    const notThread = await addTo(text, people[0]!);
    expect(notThread.body?.code).toBe(50024);
  });

  it('sends in a private thread; a pinging mention adds that member, a silent one does not', async () => {
    const id = ((await thread({ name: 'pair', type: 12 })).body as { id: string }).id;
    expectOk(
      await post(
        { content: `<@${people[0]}> <@${people[1]}>`, allowed_mentions: { users: [people[0]] } },
        id,
      ),
    );
    expect(standIn.threadMembers.get(id)!.has(people[0]!)).toBe(true);
    expect(standIn.threadMembers.get(id)!.has(people[1]!)).toBe(false);
    expect(standIn.postedIn(id)).toHaveLength(1);
  });

  it('refuses sending or adding in a private thread Hearth is not in (without Manage Threads)', async () => {
    const id = ((await thread({ name: 'left', type: 12 })).body as { id: string }).id;
    standIn.threadMembers.get(id)!.delete(standIn.botUser.id);
    const sent = await post({ content: 'hello' }, id);
    expect(sent.status).toBe(403);
    expect(sent.body?.code).toBe(50001);
    expect((await addTo(id, people[0]!)).body?.code).toBe(50001);
  });

  it('forgets a deleted channel and its threads: 10003 afterwards', async () => {
    const gone = standIn.addChannel(strict, { name: 'gone' });
    const id = ((await thread({ name: 'x', type: 12 }, gone)).body as { id: string }).id;
    standIn.deleteChannel(strict, gone);
    expect((await thread({ name: 'x', type: 12 }, gone)).body?.code).toBe(10003);
    expect((await post({ content: 'hi' }, id)).body?.code).toBe(10003);
  });
});

describe('guild scheduled events', () => {
  const HOUR = 3_600_000;
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  let voice: string;
  let stage: string;
  const external = (extra: Record<string, unknown> = {}) => ({
    name: 'Board games',
    privacy_level: 2,
    entity_type: 3,
    entity_metadata: { location: 'The Lab' },
    scheduled_start_time: at(HOUR),
    scheduled_end_time: at(2 * HOUR),
    ...extra,
  });
  const create = (body: unknown, g = guild) => send('POST', `/guilds/${g}/scheduled-events`, body);
  const made = async (body: unknown = external()) => {
    const answer = await create(body);
    expectOk(answer);
    return answer.body!.id!;
  };

  beforeAll(() => {
    voice = standIn.addChannel(guild, { name: 'Lounge', type: ChannelType.GuildVoice });
    stage = standIn.addChannel(guild, { name: 'Stage', type: ChannelType.GuildStageVoice });
  });

  it('takes a name of 1 to 100 characters and a description of up to 1,000', async () => {
    expectOk(await create(external({ name: chars(100), description: chars(1000) })));
    expectInvalid(await create(external({ name: chars(101) })), 'name: BASE_TYPE_BAD_LENGTH');
    expectInvalid(await create(external({ name: '' })), 'name: BASE_TYPE_BAD_LENGTH');
    expectInvalid(await create(external({ name: undefined })), 'name: BASE_TYPE_REQUIRED');
    expectInvalid(
      await create(external({ description: chars(1001) })),
      'description: BASE_TYPE_MAX_LENGTH',
    );
  });

  it('takes only GUILD_ONLY privacy', async () => {
    expectInvalid(await create(external({ privacy_level: 1 })), 'privacy_level: ENUM_TYPE_COERCE');
    expectInvalid(
      await create(external({ privacy_level: undefined })),
      'privacy_level: BASE_TYPE_REQUIRED',
    );
  });

  it('refuses a start in the past and an end before the start', async () => {
    expectInvalid(
      await create(external({ scheduled_start_time: at(-60_000) })),
      'scheduled_start_time: GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
    );
    expectInvalid(
      await create(external({ scheduled_end_time: at(HOUR - 60_000) })),
      'scheduled_end_time: GUILD_SCHEDULED_EVENT_END_BEFORE_START',
    );
    expectInvalid(
      await create(external({ scheduled_start_time: 'tomorrow' })),
      'scheduled_start_time: DATE_TIME_TYPE_PARSE',
    );
  });

  it('wants a place of 1 to 100 characters and an end for an EXTERNAL event', async () => {
    expectOk(await create(external({ entity_metadata: { location: chars(100) } })));
    expectInvalid(
      await create(external({ entity_metadata: { location: chars(101) } })),
      'entity_metadata.location: BASE_TYPE_BAD_LENGTH',
    );
    expectInvalid(
      await create(external({ entity_metadata: undefined })),
      'entity_metadata.location: BASE_TYPE_REQUIRED',
    );
    expectInvalid(
      await create(external({ scheduled_end_time: undefined })),
      'scheduled_end_time: BASE_TYPE_REQUIRED',
    );
  });

  it('wants a channel of the right type for a voice or stage event', async () => {
    const inChannel = (type: number, channel_id?: string) =>
      create(external({ entity_type: type, entity_metadata: null, channel_id }));
    expectOk(await inChannel(2, voice));
    expectOk(await inChannel(1, stage));
    expectInvalid(await inChannel(2), 'channel_id: BASE_TYPE_REQUIRED');
    expectInvalid(await inChannel(1, voice), 'channel_id: CHANNEL_TYPE_INVALID');
    expectInvalid(await inChannel(2, channel), 'channel_id: CHANNEL_TYPE_INVALID');
  });

  it('edits and deletes by id, and answers 10070 for an event it does not have', async () => {
    const id = await made();
    const path = `/guilds/${guild}/scheduled-events/${id}`;
    const edited = await send('PATCH', path, { name: 'Renamed' });
    expectOk(edited);
    expect(standIn.scheduledEvents.get(id)).toMatchObject({ name: 'Renamed', entity_type: 3 });
    expectInvalid(
      await send('PATCH', path, { scheduled_start_time: at(-60_000) }),
      'scheduled_start_time: GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
    );
    expectInvalid(
      await send('PATCH', path, { scheduled_end_time: at(30 * 60_000) }),
      'scheduled_end_time: GUILD_SCHEDULED_EVENT_END_BEFORE_START',
    );
    expect((await send('GET', path, undefined)).body).toMatchObject({ id, name: 'Renamed' });
    expectOk(await send('DELETE', path, undefined));
    for (const method of ['GET', 'PATCH', 'DELETE'])
      expect(await send(method, path, method === 'PATCH' ? { name: 'x' } : undefined)).toEqual({
        status: 404,
        body: { code: 10070, message: 'Unknown Guild Scheduled Event' },
      });
  });

  it('needs Create Events (or Manage Events) to make one, and Manage Events for another’s', async () => {
    const creator = standIn.addGuild({ botPermissions: PermissionFlagsBits.CreateEvents });
    const manager = standIn.addGuild({ botPermissions: PermissionFlagsBits.ManageEvents });
    const powerless = standIn.addGuild({ botPermissions: PermissionFlagsBits.SendMessages });
    expectOk(await create(external(), creator));
    expectOk(await create(external(), manager));
    const refused = await create(external(), powerless);
    expect(refused).toEqual({ status: 403, body: { code: 50013, message: 'Missing Permissions' } });
    // Someone else's event: Create Events is not enough to change it.
    const theirs = ((await create(external(), manager)).body as { id: string }).id;
    standIn.scheduledEvents.get(theirs)!.creator_id = member;
    const path = (g: string) => `/guilds/${g}/scheduled-events/${theirs}`;
    standIn.scheduledEvents.get(theirs)!.guild_id = creator;
    expect((await send('DELETE', path(creator), undefined)).body?.code).toBe(50013);
    standIn.scheduledEvents.get(theirs)!.guild_id = manager;
    expectOk(await send('DELETE', path(manager), undefined));
  });
});
