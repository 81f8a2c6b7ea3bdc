import { printResult, requireString, type CliCommand } from '../cli/command.ts';
import { requireShop } from '../shops/shops.service.ts';
import { reviewIdFrom, setReviewPublished } from './reviews.service.ts';

const publishCommand = (action: 'publish' | 'unpublish'): CliCommand => ({
  name: `reviews ${action}`,
  summary: action === 'publish' ? 'Publish a review (it starts counting in ratings)' : 'Hide a review (it stops counting in ratings)',
  usage: `plaudit reviews ${action} --domain D --id REVIEW_ID [--json]`,
  options: { domain: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, options) {
    const { db, dialect } = context.database;
    const shop = await requireShop(db, requireString(options, 'domain'));
    const review = await setReviewPublished({ db, dialect, clock: context.clock, events: context.events }, shop.id, reviewIdFrom({ id: requireString(options, 'id') }), action === 'publish' ? 1 : 0);
    printResult(context, options, { id: review.id, is_published: review.is_published });
  },
});

export const reviewCommands: CliCommand[] = [publishCommand('publish'), publishCommand('unpublish')];
