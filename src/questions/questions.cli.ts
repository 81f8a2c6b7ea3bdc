import { optionalString, printResult, requireString, type CliCommand, type CliContext, type OptionValues } from '../cli/command.ts';
import { CliUsageError } from '../cli/command.ts';
import { requireShopOption } from '../shops/shops.service.ts';
import type { Question } from './questions.schemas.ts';
import { answerQuestion, autoPublishAnswered, inviteBuyers, listQuestions, setAutoPublishAnswered, setVisibility } from './questions.service.ts';

const deps = (context: CliContext) => ({ db: context.database.db, dialect: context.database.dialect, clock: context.clock, events: context.events });
const shopOptions = { domain: { type: 'string' }, json: { type: 'boolean' } } as const;
const summaryOf = (question: Question) => ({
  id: question.id,
  status: question.status,
  answer_count: question.answer_count,
  answers: question.answers.map((a) => ({ id: a.id, is_published: a.is_published })),
});

function oneOf<T extends string>(options: OptionValues, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(options, name);
  if (value !== undefined && !allowed.includes(value as T)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

const visibilityCommand = (action: 'publish' | 'hide'): CliCommand => ({
  name: `questions ${action}`,
  summary:
    action === 'publish'
      ? 'Publish a question (or with --answer-id one of its answers); the asker is emailed its answers'
      : 'Hide a question (or with --answer-id one of its answers) from the storefront',
  usage: `plaudit questions ${action} --domain D --id QUESTION_ID [--answer-id ANSWER_ID] [--json]`,
  options: { ...shopOptions, id: { type: 'string' }, 'answer-id': { type: 'string' } },
  async run(context, options) {
    const shop = await requireShopOption(context, options);
    const answerId = optionalString(options, 'answer-id');
    const question = await setVisibility(deps(context), shop.id, { id: requireString(options, 'id'), ...(answerId !== undefined ? { answer_id: answerId } : {}) }, action === 'publish');
    printResult(context, options, summaryOf(question));
  },
});

export const questionCommands: CliCommand[] = [
  {
    name: 'questions list',
    summary: 'List product questions with their answers, newest first',
    usage: 'plaudit questions list --domain D [--status pending|published|hidden] [--product-id ID] [--unanswered] [--page N] [--json]',
    options: { ...shopOptions, status: { type: 'string' }, 'product-id': { type: 'string' }, unanswered: { type: 'boolean' }, page: { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const status = oneOf(options, 'status', ['pending', 'published', 'hidden'] as const);
      const productId = optionalString(options, 'product-id');
      if (productId !== undefined && !/^[0-9]{1,20}$/.test(productId)) throw new CliUsageError('--product-id must be a numeric product id');
      const page = Number(optionalString(options, 'page') ?? '1');
      const result = await listQuestions(deps(context), shop.id, {
        page: Number.isInteger(page) ? page : 1,
        page_size: 50,
        ...(status ? { status } : {}),
        ...(productId ? { product_id: productId } : {}),
        ...(options.unanswered === true ? { answered: 0 as const } : {}),
      });
      if (options.json === true) return context.stdout(JSON.stringify(result) + '\n');
      const lines = result.list.map(
        (question) =>
          `#${question.id} [${question.status}] product ${question.product_id} — ${question.author}: ${question.content.replace(/\s+/g, ' ').slice(0, 100)}` +
          question.answers
            .map((a) => `\n    answer #${a.id}${a.is_published ? '' : ' (hidden)'}${a.verified_buyer ? ' (verified buyer)' : ''} — ${a.author}: ${a.content.replace(/\s+/g, ' ').slice(0, 100)}`)
            .join(''),
      );
      context.stdout(`${lines.join('\n')}${lines.length ? '\n' : ''}${result.page.count} question(s), page ${result.page.page} of ${Math.max(1, result.page.total_page)}\n`);
    },
  },
  {
    name: 'questions answer',
    summary: 'Answer a question as the store (published; the asker is emailed once the question is published)',
    usage: 'plaudit questions answer --domain D --id QUESTION_ID --text ANSWER [--author NAME] [--json]',
    options: { ...shopOptions, id: { type: 'string' }, text: { type: 'string' }, author: { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const author = optionalString(options, 'author');
      const question = await answerQuestion(deps(context), shop.id, { id: requireString(options, 'id'), content: requireString(options, 'text'), ...(author !== undefined ? { author } : {}) });
      printResult(context, options, summaryOf(question));
    },
  },
  visibilityCommand('publish'),
  visibilityCommand('hide'),
  {
    name: 'questions invite',
    summary: 'Email recent buyers of the product an invitation to answer a question (answers are marked verified buyer)',
    usage: 'plaudit questions invite --domain D --id QUESTION_ID [--max 1-20] [--json]',
    options: { ...shopOptions, id: { type: 'string' }, max: { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const max = optionalString(options, 'max');
      if (max !== undefined && !/^([1-9]|1[0-9]|20)$/.test(max)) throw new CliUsageError('--max must be 1-20');
      printResult(context, options, await inviteBuyers(deps(context), shop.id, { id: requireString(options, 'id'), ...(max ? { max: Number(max) } : {}) }));
    },
  },
  {
    name: 'questions settings',
    summary: 'Show or set whether a held question is published when it is answered (--auto-publish 1) or stays held (0, the default)',
    usage: 'plaudit questions settings --domain D [--auto-publish 0|1] [--json]',
    options: { ...shopOptions, 'auto-publish': { type: 'string' } },
    async run(context, options) {
      const shop = await requireShopOption(context, options);
      const value = oneOf(options, 'auto-publish', ['0', '1'] as const);
      if (value !== undefined) await setAutoPublishAnswered({ db: context.database.db, clock: context.clock }, shop.id, Number(value));
      printResult(context, options, { domain: shop.domain, auto_publish_answered: await autoPublishAnswered(context.database.db, shop.id) });
    },
  },
];
