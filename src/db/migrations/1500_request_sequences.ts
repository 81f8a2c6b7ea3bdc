import { sql, type Kysely } from 'kysely';
import { flagCheck } from '../dialect.ts';

/**
 * Request sequences: up to three reminders (the second and third with their own delays), an
 * option to remind only shoppers who opened or clicked the previous email, the delay a shopper's
 * "postpone" adds, and a per-shop daily send cap (null = none). Each job knows its place in the
 * sequence (`step`: 0 = the request, 1-3 = reminders) and when the shopper first opened or
 * clicked it (`engaged_at`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('email_settings')
    .addColumn('reminder2_days', 'integer', (c) => c.check(sql`reminder2_days between 1 and 365`))
    .execute();
  await db.schema
    .alterTable('email_settings')
    .addColumn('reminder3_days', 'integer', (c) => c.check(sql`reminder3_days between 1 and 365`))
    .execute();
  await db.schema
    .alterTable('email_settings')
    .addColumn('remind_only_engaged', 'integer', (c) => c.notNull().defaultTo(0).check(flagCheck('remind_only_engaged')))
    .execute();
  await db.schema
    .alterTable('email_settings')
    .addColumn('postpone_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(7)
        .check(sql`postpone_days between 1 and 60`),
    )
    .execute();
  await db.schema
    .alterTable('email_settings')
    .addColumn('daily_cap', 'integer', (c) => c.check(sql`daily_cap between 1 and 1000000`))
    .execute();
  await db.schema
    .alterTable('email_jobs')
    .addColumn('step', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`step between 0 and 3`),
    )
    .execute();
  await db.schema.alterTable('email_jobs').addColumn('engaged_at', 'bigint').execute();
  await db.updateTable('email_jobs').set({ step: 1 }).where('kind', '=', 'reminder').execute();
  // The daily cap counts a shop's sends since midnight.
  await db.schema.createIndex('email_jobs_shop_sent').on('email_jobs').columns(['shop_id', 'sent_at']).execute();
}
