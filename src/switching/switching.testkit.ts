import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.ts';
import type { TestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli/testkit.ts';
import { switchingCommands } from './switching.cli.ts';
import type { ImportReport } from './switching.service.ts';

export { recount, summaries } from '../../test/rating-recount.ts';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs `plaudit reviews import … --json` against the test app's database and returns the report. */
export async function importJson(env: TestApp, args: string[], domain = 'shop-a.myshopify.com'): Promise<ImportReport> {
  const out = await runCommand(env, switchingCommands, ['reviews', 'import', '--domain', domain, '--json', ...args]);
  return JSON.parse(out) as ImportReport;
}

export const reviewsOf = (db: Db, shopId: number) => db.selectFrom('reviews').selectAll().where('shop_id', '=', shopId).orderBy('commented_at').orderBy('id').execute();
