import { parseArgs } from 'node:util';
import type { TestApp } from '../../test/helpers.ts';
import type { CliCommand } from './command.ts';

/** Runs one CLI command against a test app's database, parsing argv the way `plaudit` does; returns stdout. */
export async function runCommand(env: Pick<TestApp, 'services'>, commands: CliCommand[], argv: string[]): Promise<string> {
  const [group, action, ...rest] = argv;
  const command = commands.find((c) => c.name === `${group} ${action}`);
  if (!command) throw new Error(`no command ${group} ${action}`);
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  let out = '';
  await command.run({ ...env.services, stdout: (text) => void (out += text) }, values, positionals);
  return out;
}
