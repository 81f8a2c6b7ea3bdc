import type { RewardOffer } from '../rewards/rewards.service.ts';

/** The English texts of the reward promise in review requests and on the review form. */
export const REWARD_OFFER_TEXTS = {
  anyReview: 'Thank you gift: {offer} for your review, whatever your rating.',
  withMedia: 'Thank you gift: {offer} for a review with a photo or video, whatever your rating.',
};

/** The promise as one line of plain text, or '' when nothing is offered. */
export const rewardOfferLine = (offer: RewardOffer | null, t = REWARD_OFFER_TEXTS): string => (offer ? (offer.requires_media ? t.withMedia : t.anyReview).replace('{offer}', offer.offer_text) : '');
