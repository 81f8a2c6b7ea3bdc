import type { Migration } from 'kysely';
import * as m0001 from './0001_shops.ts';
import * as m0002 from './0002_products.ts';
import * as m0003 from './0003_reviews.ts';
import * as m0004 from './0004_rating_summaries.ts';
import * as m0005 from './0005_review_totals.ts';
import * as m0100 from './0100_webhook_subscriptions.ts';
import * as m0101 from './0101_webhook_deliveries.ts';
import * as m0102 from './0102_webhook_attempts.ts';
import * as m0200 from './0200_media_uploads.ts';
import * as m0201 from './0201_media_deletions.ts';
import * as m0300 from './0300_orders.ts';
import * as m0301 from './0301_review_request_emails.ts';
import * as m0302 from './0302_customer_events.ts';
import * as m0303 from './0303_customer_suppression.ts';
import * as m0304 from './0304_shopify_connections.ts';
import * as m0500 from './0500_platforms.ts';
import * as m0501 from './0501_merchants.ts';
import * as m0502 from './0502_oauth_grants.ts';
import * as m0400 from './0400_storefront.ts';
import * as m1020 from './1020_hmac_signatures.ts';
import * as m1040 from './1040_email_review_claims.ts';
import * as m1041 from './1041_storefront_email_limits.ts';
import * as m1042 from './1042_shopify_receipt_digest.ts';
import * as m1043 from './1043_server_key_checks.ts';
import * as m1300 from './1300_product_identifiers.ts';
import * as m1600 from './1600_review_job_failures.ts';
import * as m1700 from './1700_widget_appearance.ts';
import * as m1730 from './1730_inbox_indexes.ts';
import * as m1740 from './1740_review_search.ts';
import * as m1750 from './1750_rating_summary_shards.ts';
import * as m1760 from './1760_signature_keys_by_time.ts';
import * as m1301 from './1301_shop_feeds.ts';
import * as m1200 from './1200_review_import_keys.ts';
import * as m1201 from './1201_review_media_downloads.ts';
import * as m1100 from './1100_shop_memberships.ts';
import * as m1101 from './1101_admin_sessions.ts';
import * as m1102 from './1102_review_moderation.ts';
import * as m1103 from './1103_review_jobs.ts';
import * as m1104 from './1104_moderation_ledger.ts';
import * as m1105 from './1105_review_changes_index.ts';
import * as m1106 from './1106_review_job_cursor.ts';
import * as m1107 from './1107_admin_tokens.ts';
import * as m1108 from './1108_admin_totp.ts';
import * as m1109 from './1109_review_alerts.ts';
import * as m1500 from './1500_request_sequences.ts';
import * as m1501 from './1501_moderation_rules.ts';
import * as m1400 from './1400_questions.ts';
import * as m1401 from './1401_question_settings.ts';
import * as m1402 from './1402_question_emails.ts';
import * as m1403 from './1403_question_source_keys.ts';
import * as m1520 from './1520_review_incentivized.ts';
import * as m1521 from './1521_review_rating_history.ts';
import * as m1522 from './1522_reward_settings.ts';
import * as m1523 from './1523_reward_codes.ts';
import * as m1524 from './1524_reward_grants.ts';
import * as m1525 from './1525_reviewer_emails.ts';
import * as m1510 from './1510_order_greeting.ts';
import * as m1710 from './1710_order_clicked.ts';
import * as m1511 from './1511_email_language.ts';
import * as m1512 from './1512_email_texts.ts';

/**
 * Every migration. Names sort in application order. Never edit one that has landed:
 * add a new file and list it here. Each feature numbers its files in its own range so
 * parallel work never collides: core 0001-0099, webhooks 0100-0199, media 0200-0299,
 * orders/customers/emails 0300-0399, storefront 0400-0499, oauth 0500-0599.
 */
export const migrations: Record<string, Migration> = {
  '0001_shops': m0001,
  '0002_products': m0002,
  '0003_reviews': m0003,
  '0004_rating_summaries': m0004,
  '0005_review_totals': m0005,
  '0100_webhook_subscriptions': m0100,
  '0101_webhook_deliveries': m0101,
  '0102_webhook_attempts': m0102,
  '0200_media_uploads': m0200,
  '0201_media_deletions': m0201,
  '0300_orders': m0300,
  '0301_review_request_emails': m0301,
  '0302_customer_events': m0302,
  '0303_customer_suppression': m0303,
  '0304_shopify_connections': m0304,
  '0500_platforms': m0500,
  '0501_merchants': m0501,
  '0502_oauth_grants': m0502,
  '0400_storefront': m0400,
  '1020_hmac_signatures': m1020,
  '1040_email_review_claims': m1040,
  '1041_storefront_email_limits': m1041,
  '1042_shopify_receipt_digest': m1042,
  '1043_server_key_checks': m1043,
  '1300_product_identifiers': m1300,
  '1301_shop_feeds': m1301,
  '1200_review_import_keys': m1200,
  '1201_review_media_downloads': m1201,
  '1100_shop_memberships': m1100,
  '1101_admin_sessions': m1101,
  '1102_review_moderation': m1102,
  '1103_review_jobs': m1103,
  '1104_moderation_ledger': m1104,
  '1105_review_changes_index': m1105,
  '1106_review_job_cursor': m1106,
  '1107_admin_tokens': m1107,
  '1108_admin_totp': m1108,
  '1109_review_alerts': m1109,
  '1500_request_sequences': m1500,
  '1501_moderation_rules': m1501,
  '1600_review_job_failures': m1600,
  '1730_inbox_indexes': m1730,
  '1400_questions': m1400,
  '1401_question_settings': m1401,
  '1402_question_emails': m1402,
  '1403_question_source_keys': m1403,
  '1520_review_incentivized': m1520,
  '1521_review_rating_history': m1521,
  '1522_reward_settings': m1522,
  '1523_reward_codes': m1523,
  '1524_reward_grants': m1524,
  '1525_reviewer_emails': m1525,
  '1510_order_greeting': m1510,
  '1710_order_clicked': m1710,
  '1511_email_language': m1511,
  '1512_email_texts': m1512,
  '1700_widget_appearance': m1700,
  '1740_review_search': m1740,
  '1750_rating_summary_shards': m1750,
  '1760_signature_keys_by_time': m1760,
};
