import { esc } from './html.ts';
import { fill, type Messages } from './i18n.ts';
import type { ListState, Question } from './types.ts';

/** The Q&A tab of product-reviews: markup shared by the widget and the server (fragments, hosted pages). */

export const QA_SORTS: Array<[string, keyof Messages]> = [
  ['helpful-descending', 's_helpful'],
  ['created-descending', 's_created'],
];

/** Query string of the Q&A tab after a change: works without JavaScript on hosted pages. */
export function qaHref(s: ListState, change: { q?: string; sort?: string; page?: number } = {}): string {
  const qa = s.qa!;
  const next = { q: qa.q, sort: qa.sort, page: 1, ...change };
  const params = new URLSearchParams({ tab: 'questions' });
  if (next.q) params.set('qa_q', next.q);
  if (next.sort !== 'helpful-descending') params.set('qa_sort', next.sort);
  if (next.page > 1) params.set('qa_page', String(next.page));
  return `?${params}`;
}

const byline = (author: string, at: string, badge: string) =>
  `<p class="qb"><bdi>${esc(author)}</bdi>${badge ? ` <span class="vf">${esc(badge)}</span>` : ''} <time datetime="${esc(at.slice(0, 10))}">${esc(at.slice(0, 10))}</time></p>`;

function questionItem(question: Question, m: Messages): string {
  const answers = question.answers
    .map(
      (a) =>
        `<div class="an"><p dir="auto"><b>${esc(m.a)}</b> ${esc(a.content)}</p>${byline(a.author, a.answered_at, a.by_store ? m.store : a.verified_buyer ? m.verified : '')}` +
        `<button type="button" class="hf" data-ahelpful="${esc(a.id)}">${esc(fill(m.helpful, { n: a.helpful_count }))}</button></div>`,
    )
    .join('');
  return `<li class="qi"><p class="qt" dir="auto"><b>${esc(m.q)}</b> ${esc(question.content)}</p>${byline(question.author, question.asked_at, '')}${answers || `<p class="qe">${esc(m.unanswered)}</p>`}</li>`;
}

/**
 * The ask form in a disclosure (opens without JavaScript); its fields are named asker/asker_email so
 * they never collide with the review form's.
 */
export function askForm(action: string, s: ListState, m: Messages): string {
  const field = (label: string, input: string) => `<label class="fd"><span>${esc(label)}</span>${input}</label>`;
  return (
    `<details class="ak"><summary class="wr">${esc(m.ask)}</summary><form class="fm" method="post" action="${esc(action)}" data-askf>` +
    `<input type="hidden" name="shop" value="${esc(s.shop)}"><input type="hidden" name="product_id" value="${esc(s.productId)}">` +
    field(m.yourQuestion, '<textarea name="question" required maxlength="1000" rows="3"></textarea>') +
    field(m.name, '<input name="asker" required maxlength="120" autocomplete="name">') +
    field(m.askEmail, '<input type="email" name="asker_email" required maxlength="254" autocomplete="email">') +
    `<div class="hp" aria-hidden="true"><label>${esc(m.hidden)}<input name="website" tabindex="-1" autocomplete="off"></label></div>` +
    `<button type="submit" class="qsb">${esc(m.sendQuestion)}</button><p class="qms" role="status" aria-live="polite"></p></form></details>`
  );
}

/** The tab's panel: search and sort (a GET form), ask button and form, the questions, pagination. */
export function questionsPanel(s: ListState, m: Messages, form: string): string {
  const qa = s.qa!;
  const { cur_page: page, total_page: total } = qa.data.page;
  const options = QA_SORTS.map(([value, key]) => `<option value="${value}"${qa.sort === value ? ' selected' : ''}>${esc(m[key])}</option>`).join('');
  const link = (to: number, label: string) =>
    to < 1 || to > total ? `<span class="pg off">${esc(label)}</span>` : `<a class="pg" href="${esc(qaHref(s, { page: to }))}" data-qpage="${to}">${esc(label)}</a>`;
  return (
    `<form class="tb" method="get" role="search" data-qs><input type="hidden" name="tab" value="questions">` +
    `<label>${esc(m.searchQuestions)} <input type="search" name="qa_q" maxlength="100" value="${esc(qa.q)}"></label>` +
    `<label>${esc(m.sort)} <select name="qa_sort">${options}</select></label><button type="submit" class="fl">${esc(m.search)}</button></form>${form}` +
    (qa.data.list.length ? `<ol class="ls">${qa.data.list.map((q) => questionItem(q, m)).join('')}</ol>` : `<p class="qe">${esc(m.noQuestions)}</p>`) +
    (total > 1 ? `<nav class="pn" aria-label="${esc(m.questions)}">${link(page - 1, m.prev)}<span>${esc(fill(m.pageOf, { n: page, t: total }))}</span>${link(page + 1, m.next)}</nav>` : '')
  );
}

/** Tabs between the reviews and the questions (links, so they also work without JavaScript). */
export function tabs(s: ListState, m: Messages, reviews: string, form: string): string {
  const open = s.qa!.open;
  const tab = (id: string, label: string, href: string, selected: boolean) =>
    `<a role="tab" id="pl-t${id}" href="${esc(href)}" aria-controls="pl-p${id}" aria-selected="${selected}" data-tab="${id}"${selected ? '' : ' tabindex="-1"'}>${esc(label)}</a>`;
  return (
    `<div class="tbs" role="tablist">${tab('r', fill(m.reviewsTab, { n: s.data.rating.total_reviews }), '?', !open)}${tab('q', fill(m.questionsTab, { n: s.qa!.data.page.count }), qaHref(s), open)}</div>` +
    `<div role="tabpanel" id="pl-pr" aria-labelledby="pl-tr"${open ? ' hidden' : ''}>${reviews}</div>` +
    `<div role="tabpanel" id="pl-pq" aria-labelledby="pl-tq"${open ? '' : ' hidden'}>${questionsPanel(s, m, form)}</div>`
  );
}
