/** The public API shapes the widget reads (src/storefront/storefront.schemas.ts is the source of truth). */
export interface Media {
  resource_type: number;
  src: string;
  thumb: string;
}
export interface Review {
  id: string;
  star: number;
  author: string;
  title: string;
  content: string;
  commented_at: string;
  reply_content: string;
  verified_badge: number;
  is_incentivized: number;
  helpful_count: number;
  resources: Media[];
  corresponding_product: { product_id: string; product_name: string; product_handle: string; product_url: string };
}
export interface Rating {
  rating: number;
  total_reviews: number;
  stars: number[];
}
export interface ReviewsPage {
  list: Review[];
  page: { cur_page: number; total_page: number; count: number };
  rating: Rating;
}
export interface Answer {
  id: string;
  content: string;
  author: string;
  answered_at: string;
  by_store: number;
  verified_buyer: number;
  helpful_count: number;
}
export interface Question {
  id: string;
  content: string;
  author: string;
  asked_at: string;
  answer_count: number;
  answers: Answer[];
}
export interface QuestionsPage {
  list: Question[];
  page: { cur_page: number; total_page: number; count: number };
}
/** The Q&A tab of product-reviews (data-questions="1"): search text, order, whether the tab is open, the page shown. */
export interface QaState {
  q: string;
  sort: string;
  open: boolean;
  data: QuestionsPage;
  /** Number of the newest questions request: an older answer arriving late is dropped. */
  n: number;
}
export interface ProductRating {
  product_id: string;
  product_handle: string;
  rating: number;
  total_reviews: number;
}

/** Everything a list widget needs to render; also embedded by server-rendered fragments for hydration. */
export interface ListState {
  widget: string;
  shop: string;
  productId: string;
  productHandle: string;
  limit: number;
  sort: string;
  star: number;
  minStar: number;
  media: boolean;
  showForm: boolean;
  lang: string;
  data: ReviewsPage;
  qa?: QaState;
  /** Blocks the shop hides (summary, histogram, filters, photos); absent: none. */
  hide?: string[];
}

export const SORTS: Array<[string, string]> = [
  ['comprehensive-descending', 's_comprehensive'],
  ['created-descending', 's_created'],
  ['rating-descending', 's_ratingDesc'],
  ['rating-ascending', 's_ratingAsc'],
  ['helpful-descending', 's_helpful'],
  ['media-first', 's_media'],
];
