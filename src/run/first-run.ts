/**
 * The first start without a token, at a terminal: asks for the token (hidden), checks it with
 * Discord, saves it to `.env` (mode 0600), prints the invite link and lets the start go on. Without
 * a terminal Hearth never asks: it prints its one line and exits, as a supervisor expects.
 */
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { REST } from '@discordjs/rest';
import { Routes, type APIApplication, type APIUser } from 'discord.js';
import { parseConfig } from '../core/config.js';
import { TOKEN_REFUSED } from './discord-connect.js';

export interface Terminal {
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

/** Both ends are a terminal: a person is there to answer. */
export function isInteractive(terminal: Terminal): boolean {
  return terminal.input.isTTY === true && terminal.output.isTTY === true;
}

const ATTEMPTS = 3;

/** The invite link for the application, with exactly the permissions Hearth needs. */
export function inviteLink(applicationId: string, permissions: bigint): string {
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot+applications.commands&permissions=${permissions}`;
}

/** Reads one line without echoing it. Ctrl-C ends the process (130), as at any prompt. */
export function readHidden(terminal: Terminal, prompt: string): Promise<string | undefined> {
  const { input, output } = terminal;
  // Echo goes off before the prompt shows, so nothing typed after it can appear on screen.
  input.setRawMode(true);
  output.write(prompt);
  return new Promise((resolveLine) => {
    let line = '';
    const finish = (value: string | undefined) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolveLine(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(line);
        if (char === '\u0003') {
          output.write('\n');
          process.exit(130);
        }
        if (char === '\u0004') return finish(line === '' ? undefined : line);
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else if (char >= ' ') line += char;
      }
    };
    input.resume();
    input.on('data', onData);
  });
}

/**
 * Sets DISCORD_TOKEN in the `.env` at `file`, keeping every other line. The token is never written
 * into a file others may read: the new text goes into a file created with mode 0600 (the mode is
 * given to open, so it holds from the first byte), which then replaces `.env` (a rename, so a
 * reader sees the old file or the new one, never half of one). A symbolic link is followed: the
 * file it points at is replaced.
 */
export function saveToken(file: string, token: string): void {
  const line = `DISCORD_TOKEN=${token}`;
  let target = file;
  let text: string;
  if (existsSync(file)) {
    target = realpathSync(file);
    const current = readFileSync(target, 'utf8');
    text = /^DISCORD_TOKEN=.*$/m.test(current)
      ? current.replace(/^DISCORD_TOKEN=.*$/m, line)
      : `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${line}\n`;
  } else {
    text = `# Written by Hearth's first start. Every setting is described in .env.example.\n${line}\n`;
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    // The mode given to open is reduced by the umask, never widened; this makes it exact.
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * One line to print at start when the `.env` at `file` holds a bot token and users other than its
 * owner may read or change it (a file written by hand, with the usual 0644): undefined otherwise.
 * It names the file and its mode, never the token. Not on Windows, where modes mean nothing.
 */
export function envFileWarning(file: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) === 0) return undefined;
    if (
      !/^[ \t]*(?:export[ \t]+)?DISCORD_TOKEN[ \t]*=[ \t]*['"]?[^\s'"#]/m.test(
        readFileSync(file, 'utf8'),
      )
    )
      return undefined;
    return `${file} holds DISCORD_TOKEN and other users can read it (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${file}`;
  } catch {
    return undefined;
  }
}

export interface FirstRunOptions {
  readonly terminal: Terminal;
  readonly apiBase: string | undefined;
  /** Where the token is saved: `.env` in the working directory, where dotenv reads it. */
  readonly envFile: string;
  readonly permissions: bigint;
}

/**
 * Asks for the token until Discord accepts one (three tries), saves it, prints the invite link,
 * and returns the token. Returns the line to print and exit with when it cannot.
 */
export async function firstRun(
  options: FirstRunOptions,
): Promise<{ ok: true; token: string } | { ok: false; line: string }> {
  const { output } = options.terminal;
  const say = (text: string) => output.write(`hearth: ${text}\n`);
  say('no DISCORD_TOKEN yet, so this is the first start.');
  say(
    "paste your bot's token: Discord Developer Portal > your application > Bot > Reset Token. It is not shown as you type.",
  );
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const answer = await readHidden(options.terminal, 'Token: ');
    if (answer === undefined) return { ok: false, line: 'no token given; Hearth did not start' };
    const token = answer.trim().replace(/^Bot\s+/i, '');
    const parsed = parseConfig({ DISCORD_TOKEN: token });
    if (!parsed.ok) {
      const problem =
        parsed.problems.find((p) => p.startsWith('DISCORD_TOKEN')) ?? parsed.problems[0];
      say(`that is not it: ${problem ?? 'DISCORD_TOKEN is not valid'}`);
      continue;
    }
    const rest = new REST({
      ...(options.apiBase === undefined ? {} : { api: options.apiBase }),
      timeout: 10_000,
      retries: 1,
    }).setToken(token);
    let user: APIUser;
    let application: APIApplication;
    try {
      user = (await rest.get(Routes.user())) as APIUser;
      application = (await rest.get(Routes.currentApplication())) as APIApplication;
    } catch (error) {
      const status =
        typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
      if (status === 401) {
        say(
          `Discord refused that token. ${TOKEN_REFUSED.replace('update .env', 'paste the new one')}`,
        );
        continue;
      }
      return {
        ok: false,
        line: `could not check the token with Discord (${error instanceof Error ? error.message : String(error)}); nothing was saved. Try again when Discord can be reached`,
      };
    }
    const who = `${user.bot === true ? 'the bot' : 'the account'} ${user.username} (application ${application.id})`;
    try {
      saveToken(options.envFile, token);
      say(
        `token accepted: this is ${who}. Saved to ${resolve(options.envFile)}, readable only by you.`,
      );
    } catch (error) {
      // Still start: the token is good. Next time it has to come from the environment.
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'error';
      say(
        `token accepted: this is ${who}, but ${resolve(options.envFile)} could not be written (${reason}): set DISCORD_TOKEN in the environment for the next start.`,
      );
    }
    say(
      `invite Hearth to your server with this link: ${inviteLink(application.id, options.permissions)}`,
    );
    return { ok: true, token };
  }
  return { ok: false, line: 'no accepted token after three tries; Hearth did not start' };
}
