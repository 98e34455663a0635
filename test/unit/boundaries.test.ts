import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import boundaries from '../../eslint-rules/boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, sourceType: 'module' },
});
const at = (path: string) => `${process.cwd()}/${path}`;

// The architecture rule of the README's layout section, exercised on made-up files.
tester.run('hearth/boundaries', boundaries, {
  valid: [
    { filename: at('src/core/router.ts'), code: "import { t } from './i18n.js';" },
    {
      filename: at('src/features/polls/discord.ts'),
      code: "import type { Client } from 'discord.js';",
    },
    { filename: at('src/features/polls/index.ts'), code: "import { Events } from 'discord.js';" },
    { filename: at('src/features/guilds/health.discord.ts'), code: "import 'discord.js';" },
    {
      filename: at('src/features/onboarding/discord.ts'),
      code: "import { x } from '../membership/api.js';",
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/membership/service.js';",
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/insights/api.js';",
    },
    { filename: at('src/features/index.ts'), code: "import { polls } from './polls/index.js';" },
    {
      filename: at('src/features/polls/service.ts'),
      code: "import * as repo from './repository.js';",
    },
    {
      filename: at('src/features/polls/discord.ts'),
      code: "import { pollHeading } from './repository.js';",
    },
    {
      filename: at('src/features/polls/member-data.ts'),
      code: "import * as repo from './repository.js';",
    },
    {
      filename: at('src/features/polls/repository.ts'),
      code: "import { parseQuestions } from './questions.js';",
    },
    { filename: at('src/core/guilds.ts'), code: "import * as repo from './guilds-repository.js';" },
    {
      filename: at('src/features/insights/repository.ts'),
      code: "import { sql } from 'kysely'; db.selectFrom('member_days').selectAll();",
    },
    {
      filename: at('src/features/insights/service.ts'),
      code: "import type { Transaction } from 'kysely'; db.transaction().execute(f);",
    },
    {
      filename: at('src/features/insights/service.ts'),
      code: "import { type Selectable } from 'kysely';",
    },
    {
      filename: at('src/core/guilds-repository.ts'),
      code: "import { precompiled } from './db/precompiled.js';",
    },
  ],
  invalid: [
    {
      filename: at('src/features/insights/service.ts'),
      code: "db.selectFrom('member_days').selectAll().execute();",
      errors: [{ messageId: 'sqlOutsideRepository' }],
    },
    {
      filename: at('src/features/insights/discord.ts'),
      code: "trx.updateTable('memberships').set({ state: 'seated' });",
      errors: [{ messageId: 'sqlOutsideRepository' }],
    },
    {
      filename: at('src/features/insights/index.ts'),
      code: "import { sql } from 'kysely';",
      errors: [{ messageId: 'sqlOutsideRepository' }],
    },
    {
      filename: at('src/core/router.ts'),
      code: "import { polls } from '../features/polls/index.js';",
      errors: [{ messageId: 'coreImportsFeature' }],
    },
    {
      filename: at('src/core/context.ts'),
      code: "import { command } from '../../commands/poll.js';",
      errors: [{ messageId: 'coreImportsFeature' }],
    },
    {
      filename: at('src/features/polls/service.ts'),
      code: "import type { Client } from 'discord.js';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/features/polls/repository.ts'),
      code: "import { Routes } from 'discord-api-types/v10';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/forms/render.ts'),
      code: "import { REST } from '@discordjs/rest';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      filename: at('src/features/onboarding/discord.ts'),
      code: "import { x } from '../membership/service.js';",
      errors: [{ messageId: 'foreignInternals' }],
    },
    {
      filename: at('commands/seats.ts'),
      code: "import { x } from '../src/features/insights/service.js';",
      errors: [{ messageId: 'foreignInternals' }],
    },
    {
      // A command goes through the service, even its own feature's.
      filename: at('commands/poll.ts'),
      code: "import { findPoll } from '../src/features/polls/repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      filename: at('src/features/surveys/service.ts'),
      code: "import { findPoll } from '../polls/repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      // The public modules do not hand the SQL on.
      filename: at('src/features/polls/api.ts'),
      code: "export { findPoll } from './repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      filename: at('src/features/polls/index.ts'),
      code: "import { dirtyPolls } from './repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      filename: at('src/features/polls/repository.ts'),
      code: "import { pollOf } from './service.js';",
      errors: [{ messageId: 'repositoryImportsUp' }],
    },
    {
      filename: at('src/features/polls/repository.ts'),
      code: "import { pollMessage } from './discord.js';",
      errors: [{ messageId: 'repositoryImportsUp' }],
    },
    {
      filename: at('src/features/events/repository.ts'),
      code: "import { Client } from 'discord.js';",
      errors: [{ messageId: 'discordInDomain' }],
    },
    {
      // The core's guilds SQL is guilds.ts's alone: the router and features use guilds.ts.
      filename: at('src/core/router.ts'),
      code: "import { findGuild } from './guilds-repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      filename: at('src/features/guilds/index.ts'),
      code: "import { markLeft } from '../../core/guilds-repository.js';",
      errors: [{ messageId: 'repositoryOutside' }],
    },
    {
      filename: at('src/core/guilds-repository.ts'),
      code: "import { updateSettings } from './guilds.js';",
      errors: [{ messageId: 'repositoryImportsUp' }],
    },
  ],
});
