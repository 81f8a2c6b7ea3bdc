import { CliUsageError, optionalString, printResult, requireString, type CliCommand } from '../cli/command.ts';
import { requireShop } from '../shops/shops.service.ts';
import { HIDE_REASONS, hideReasonFrom, moderateReview, type ReviewChange } from './reviews.moderation.ts';
import { reviewIdFrom } from './reviews.service.ts';

const REASONS_HELP = 'spam, off-topic, profanity, personal-data, fake or other (or a stored value: ' + HIDE_REASONS.join(', ') + ')';

const publishCommand = (action: 'publish' | 'unpublish'): CliCommand => ({
  name: `reviews ${action}`,
  summary: action === 'publish' ? 'Publish a review (it starts counting in ratings)' : `Hide a review (it stops counting in ratings); --reason is required: ${REASONS_HELP}`,
  usage: action === 'publish' ? 'plaudit reviews publish --domain D --id REVIEW_ID [--json]' : 'plaudit reviews unpublish --domain D --id REVIEW_ID --reason REASON [--json]',
  options: { domain: { type: 'string' }, id: { type: 'string' }, ...(action === 'unpublish' ? { reason: { type: 'string' as const } } : {}), json: { type: 'boolean' } },
  async run(context, options) {
    const { db, dialect } = context.database;
    const shop = await requireShop(db, requireString(options, 'domain'));
    let change: ReviewChange = { kind: 'publish' };
    if (action === 'unpublish') {
      const text = optionalString(options, 'reason');
      if (text === undefined || text === '') throw new CliUsageError(`--reason is required: ${REASONS_HELP}`);
      const reason = hideReasonFrom(text);
      if (!reason) throw new CliUsageError(`--reason must be one of ${REASONS_HELP}`);
      change = { kind: 'hide', reason };
    }
    const review = await moderateReview({ db, dialect, clock: context.clock, events: context.events }, shop.id, reviewIdFrom({ id: requireString(options, 'id') }), change);
    printResult(context, options, { id: String(review.id), is_published: review.is_published, hide_reason: review.is_published === 1 ? null : review.hide_reason });
  },
});

export const reviewCommands: CliCommand[] = [publishCommand('publish'), publishCommand('unpublish')];
