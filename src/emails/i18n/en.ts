/**
 * English: every fixed text of review-request emails and of the hosted pages their links open.
 * The other languages are typed by this one (`Texts`), so each of them is complete.
 * Placeholders in braces are filled by `fill`; the values are escaped by the renderer.
 */

/**
 * The review author's pages (src/reviewers/reviewers.pages.ts), English. Key names are stable
 * (reviewers.pages.ts re-exports this object under the same name).
 */
export const REVIEWER_PAGE_TEXTS = {
  manageTitle: 'Your review of {product}',
  status: { published: 'Your review is published.', pending: 'Your review is waiting for moderation.', hidden: 'Your review is not shown by the shop.' },
  rating: 'Your rating',
  title: 'Title (optional)',
  content: 'Your review',
  save: 'Save changes',
  saved: 'Your changes are saved.',
  photos: 'Photos',
  photoLabel: 'Add a photo (JPEG, PNG, WebP, GIF or AVIF)',
  addPhoto: 'Add photo',
  photoAdded: 'Thank you! Your photo was added to your review.',
  video: 'Video',
  videoLabel: 'Add a video (MP4, WebM or QuickTime)',
  addVideo: 'Add video',
  videoAdded: 'Thank you! Your video was added to your review.',
  videoTaken: 'Your review already has a video.',
  videoRefused: 'The video was not accepted. Please upload it again.',
  videoNeedsScript: 'Adding a video needs JavaScript in your browser.',
  uploading: 'Uploading…',
  uploadFailed: 'The upload failed. Please try another file.',
  videoAlt: 'Video {n}',
  deleteHeading: 'Delete your review',
  deleteConfirm: 'Yes, delete my review for good',
  deleteButton: 'Delete review',
  photoTitle: 'Add a photo to your review of {product}',
  photoLead: 'Shoppers trust photos and videos from real customers. Add one to your {stars}-star review:',
  rewarded: 'Rewarded review: you were offered a reward for this review.',
  // The texts the reviewer's routes show (link checks, errors, results).
  yourPurchase: 'your purchase',
  photoAlt: 'Photo {n}',
  expiredTitle: 'Link expired',
  expired: 'This link has expired.',
  goneTitle: 'Review not found',
  gone: 'This review no longer exists.',
  confirmDelete: 'Tick the box to confirm the deletion.',
  deletedTitle: 'Review deleted',
  deleted: 'Your review was deleted.',
  photoInvalid: 'The file is not an image we can accept. Please choose a JPEG, PNG, WebP, GIF or AVIF photo.',
  photoTooLarge: 'The photo is too large. Please choose a smaller file.',
  photoRefused: 'The photo could not be added. Please reload the page and try again.',
};

/** English, the language of last resort. */
export const EN = {
  email: {
    subject_request: 'How was your order from {shop_name}?',
    subject_reminder: 'Reminder: how was your order from {shop_name}?',
    heading_request: 'How did we do?',
    heading_reminder: 'We would love your opinion',
    greeting: 'Hi {first_name},',
    greeting_anonymous: 'Hi,',
    body_request: 'Thank you for your order {order_name} from {shop_name}. How did we do? Your review helps other shoppers.',
    body_reminder: 'A quick reminder: we would love to hear what you think of your order {order_name} from {shop_name}.',
    button: 'Write a review',
    rate: 'Tap a star to rate it:',
    star_n: '{n} out of 5 stars',
    visit: 'Visit {shop_name}',
    unsubscribe_lead: "Don't want these emails?",
    unsubscribe: 'Unsubscribe',
    form_title: 'Review your order',
    form_lead: 'Rate each product you want to review; products without stars are skipped.',
    rating: 'Your rating',
    name: 'Your name',
    title: 'Title (optional)',
    body: 'Your review',
    photos: 'Photos (up to 5)',
    video: 'Video (optional)',
    submit: 'Submit',
    uploading: 'Uploading…',
    upload_failed: 'The upload failed. Please try another file.',
    reviewed: 'Already reviewed',
    err_rating: 'Choose a rating from 1 to 5 stars.',
    err_none: 'Choose a rating for at least one product.',
    err_name: 'Enter your name (up to 120 characters).',
    err_title: 'The title can be at most 300 characters.',
    err_content: 'The review can be at most 10000 characters.',
    err_media: 'A photo or video was not accepted. Please upload it again.',
    thanks_title: 'Thank you',
    thanks: 'Your review of {product} has been received.',
    done: 'You have already reviewed this product.',
    closed_title: 'Review closed',
    closed: 'This order can no longer be reviewed.',
    invalid_title: 'Link not valid',
    invalid: 'This link is not valid. Please use the link from your email.',
    unsubscribe_ask: 'Stop review-request emails from {shop_name} to {email}?',
    unsubscribed_title: 'Unsubscribed',
    unsubscribed: 'You will not receive these emails any more.',
    reward_any: 'Thank you gift: {offer} for your review, whatever your rating.',
    reward_media: 'Thank you gift: {offer} for a review with a photo or video, whatever your rating.',
    postpone_lead: 'Order not arrived yet?',
    postpone: 'Ask me later',
  },
  /** The postpone page (/r/postpone): "my order hasn't arrived yet". */
  postpone: {
    closed_title: 'Nothing to postpone',
    closed: 'This order has no more review requests to send.',
    offer: 'We will ask for your review in {days} days instead.',
    done: 'We will ask for your review on {date}.',
  },
  /** The page where an invited buyer answers a question (/q/answer). */
  question: {
    title: 'Answer a question',
    asks: 'A shopper asks:',
    author: 'Your name (shown with your answer)',
    content: 'Your answer',
    send: 'Send answer',
    err_content: 'Please write an answer (at most 5000 characters).',
    closed_title: 'Question closed',
    closed: 'This question can no longer be answered.',
    done: 'You have already answered this question.',
    published: 'Your answer has been published.',
  },
  /** The review author's pages: manage (edit, add a photo, delete) and the photo request's page. */
  reviewer: REVIEWER_PAGE_TEXTS,
  /** The review author's emails (src/reviewers/reviewers.emails.ts): the confirmation with the manage link, and the photo request. */
  reviewerEmail: {
    confirmation: {
      subject: 'Thanks for your review of {product}',
      heading: 'Thank you for your review',
      body: 'We received your {stars}-star review of {product}.',
      control: 'Need to change something? You can edit your review, add photos or delete it:',
      button: 'Manage your review',
      validity: 'This link is personal and works until {until}.',
    },
    photoRequest: {
      subject: 'Add a photo to your review of {product}?',
      heading: 'Show other shoppers what you got',
      body: 'Thank you for your {stars}-star review of {product}. A photo helps other shoppers more than words: would you add one?',
      button: 'Add a photo',
      validity: 'No account needed; this link works until {until}.',
    },
    /** {product} when the review names no product title. */
    your_purchase: 'your purchase',
  },
  /** The reward email to the reviewer (src/emails/reward-emails.ts; the owners' low-pool warning stays English). */
  rewardEmail: {
    subject: 'Your reward from {shop}',
    heading: 'Thank you for your review',
    body: 'Thank you for reviewing {product}. As promised, here is your reward: {offer}.',
    codeLabel: 'Your code',
    footer: 'Every honest review is rewarded, whatever its rating.',
    /** {offer} when the shop wrote no offer text. */
    default_offer: 'a discount code',
    your_purchase: 'your purchase',
  },
  /** The Q&A emails (src/questions/questions.render.ts): the answer to the asker, the invitation to a buyer. */
  questionEmail: {
    greeting: 'Hi {name},',
    greeting_anonymous: 'Hi,',
    answer_subject: 'Your question about {product} was answered',
    answer_asked: 'You asked about {product}: "{question}"',
    answer_by: '{author} answered:',
    answer_by_verified: '{author} (verified buyer) answered:',
    answer_see: 'See {product}',
    invitation_subject: 'A shopper has a question about {product}',
    invitation_lead: 'You bought {product} from {shop}. Another shopper asks:',
    invitation_button: 'Answer the question',
    your_product: 'your product',
  },
};

export type Texts = typeof EN;
export type EmailMessages = Texts['email'];
export type ReviewerEmailTexts = Texts['reviewerEmail'];
export type RewardEmailTexts = Texts['rewardEmail'];
export type QuestionEmailTexts = Texts['questionEmail'];
