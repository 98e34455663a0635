/**
 * Messages name commands as the member's client shows them: Discord's clickable mention once
 * Hearth knows the command's id (read from Discord at start), the localized `/name sub` before.
 */
import { describe, expect, it } from 'vitest';
import { e2eSuite } from '../helpers/suite.js';

const idOf = (name: string) =>
  s.standIn.deployedCommands.get('global')!.find((c) => c.name === name)!.id;

async function answer(
  command: string,
  subcommand: string,
  locale: string,
  options: Record<string, number> = {},
) {
  return String(
    (
      await s.standIn.answer(
        s.standIn.command({
          guild: s.a.guild,
          user: s.a.owner.id,
          command,
          subcommand,
          locale,
          options,
        }),
      )
    ).content,
  );
}

const s = e2eSuite({ bot: { deploy: true } });

describe('command mentions', () => {
  it('uses Discord’s mention, with the deployed id, in every language', async () => {
    const onboarding = idOf('onboarding');
    expect(await answer('onboarding', 'list', 'en-US')).toContain(
      `No questions yet: start with </onboarding template:${onboarding}> or </onboarding add:${onboarding}>.`,
    );
    expect(await answer('onboarding', 'list', 'it')).toContain(
      `Ancora nessuna domanda: inizia con </onboarding template:${onboarding}> o </onboarding add:${onboarding}>.`,
    );
  });

  it('names an option as the member’s client shows it, in an error too', async () => {
    const hearth = idOf('hearth');
    expect(await answer('seats', 'cap', 'it', { count: 5 })).toBe(
      `Imposta prima il ruolo membri con </hearth setup:${hearth}> (\`ruolo_membri\`): il limite conta chi ha quel ruolo.`,
    );
    expect(await answer('seats', 'cap', 'en-US', { count: 5 })).toBe(
      `Set the member role first with </hearth setup:${hearth}> (\`member_role\`): the cap counts the members who hold it.`,
    );
  });

  it('reads the ids again after a deploy gives the commands new ones', async () => {
    s.standIn.deployedCommands.clear();
    s.standIn.deployCommands([{ name: 'onboarding' }]);
    await s.bot.hearth.refreshCommandIds();
    expect(await answer('onboarding', 'list', 'en-US')).toContain(
      `</onboarding add:${idOf('onboarding')}>`,
    );
    // A command Discord does not list (not deployed) is named as text.
    expect(await answer('seats', 'cap', 'it', { count: 5 })).toContain('con `/hearth configura`');
  });
});
