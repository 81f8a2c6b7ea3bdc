/** UI text. English is the default; other languages override some keys and fall back to English. */
const EN = {
  reviews: '{n} reviews',
  review1: '1 review',
  none: 'No reviews yet',
  outOf: '{n} out of 5 stars',
  starsN: '{n} stars',
  write: 'Write a review',
  sort: 'Sort by',
  all: 'All',
  withPhotos: 'With photos',
  helpful: 'Helpful ({n})',
  verified: 'Verified buyer',
  incentivized: 'Rewarded review',
  reply: 'Store reply',
  prev: 'Previous',
  next: 'Next',
  pageOf: 'Page {n} of {t}',
  s_comprehensive: 'Recommended',
  s_created: 'Newest',
  s_ratingDesc: 'Highest rating',
  s_ratingAsc: 'Lowest rating',
  s_helpful: 'Most helpful',
  s_media: 'With media',
  rating: 'Your rating',
  title: 'Title',
  body: 'Your review',
  name: 'Name',
  email: 'Email (not published)',
  photos: 'Photos (up to 5)',
  consent: 'I agree that my review may be published.',
  submit: 'Submit review',
  published: 'Thank you! Your review is published.',
  pending: 'Thank you! Your review will appear after moderation.',
  failed: 'Sorry, your review could not be sent. Please try again.',
  close: 'Close',
  photo: 'Photo {n} of {t}',
  reviewsOf: 'Customer reviews',
  storeReviews: 'All store reviews',
  filterStar: 'Show {n}-star reviews',
  hidden: 'Leave empty',
  reviewsTab: 'Reviews ({n})',
  questionsTab: 'Questions ({n})',
  questions: 'Questions',
  q: 'Q:',
  a: 'A:',
  store: 'Store',
  unanswered: 'Not answered yet',
  noQuestions: 'No questions yet',
  ask: 'Ask a question',
  yourQuestion: 'Your question',
  askEmail: 'Email (for the answer, not published)',
  sendQuestion: 'Send question',
  asked: 'Thank you! Your question will appear once it is answered.',
  searchQuestions: 'Search questions',
  search: 'Search',
  askFailed: 'Sorry, your question could not be sent. Please try again.',
};
export type Messages = typeof EN;

const LANGS: Record<string, Partial<Messages>> = {
  fr: {
    reviews: '{n} avis',
    review1: '1 avis',
    none: 'Aucun avis',
    outOf: '{n} sur 5 étoiles',
    starsN: '{n} étoiles',
    write: 'Écrire un avis',
    sort: 'Trier par',
    all: 'Tous',
    withPhotos: 'Avec photos',
    helpful: 'Utile ({n})',
    verified: 'Acheteur vérifié',
    incentivized: 'Avis récompensé',
    reply: 'Réponse de la boutique',
    prev: 'Précédent',
    next: 'Suivant',
    s_created: 'Plus récents',
    submit: 'Envoyer',
    published: 'Merci ! Votre avis est publié.',
    pending: 'Merci ! Votre avis sera publié après modération.',
    close: 'Fermer',
  },
  de: {
    reviews: '{n} Bewertungen',
    review1: '1 Bewertung',
    none: 'Noch keine Bewertungen',
    outOf: '{n} von 5 Sternen',
    starsN: '{n} Sterne',
    write: 'Bewertung schreiben',
    sort: 'Sortieren',
    all: 'Alle',
    withPhotos: 'Mit Fotos',
    helpful: 'Hilfreich ({n})',
    verified: 'Verifizierter Kauf',
    incentivized: 'Belohnte Bewertung',
    prev: 'Zurück',
    next: 'Weiter',
    submit: 'Absenden',
    close: 'Schließen',
  },
  es: {
    reviews: '{n} reseñas',
    review1: '1 reseña',
    none: 'Aún no hay reseñas',
    outOf: '{n} de 5 estrellas',
    write: 'Escribir una reseña',
    withPhotos: 'Con fotos',
    helpful: 'Útil ({n})',
    verified: 'Compra verificada',
    incentivized: 'Reseña recompensada',
    prev: 'Anterior',
    next: 'Siguiente',
    submit: 'Enviar',
    close: 'Cerrar',
  },
  ar: {
    reviews: '{n} مراجعات',
    review1: 'مراجعة واحدة',
    none: 'لا توجد مراجعات بعد',
    outOf: '{n} من 5 نجوم',
    write: 'اكتب مراجعة',
    withPhotos: 'مع صور',
    helpful: 'مفيد ({n})',
    verified: 'مشتر موثق',
    prev: 'السابق',
    next: 'التالي',
    submit: 'إرسال',
    close: 'إغلاق',
  },
  he: { reviews: '{n} ביקורות', review1: 'ביקורת אחת', none: 'אין עדיין ביקורות', write: 'כתבו ביקורת', prev: 'הקודם', next: 'הבא', submit: 'שליחה', close: 'סגירה' },
};

export const RTL_LANGS = ['ar', 'he', 'fa', 'ur'];

/** The languages the widget has texts for (a shop's own texts are kept per language). */
export const widgetLanguages = (): string[] => ['en', ...Object.keys(LANGS)];

/** The language whose texts a locale uses: its own when the widget has it, else English. */
export const textLanguage = (lang: string | undefined): string => {
  const code = (lang ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  return LANGS[code] ? code : 'en';
};

/** The texts of a locale; `own` are the shop's texts per language (plain text, escaped wherever shown). */
export function messages(lang: string | undefined, own?: Record<string, Partial<Messages> | undefined>): Messages {
  const code = textLanguage(lang);
  return { ...EN, ...LANGS[code], ...own?.[code] };
}

export const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

export const isRtl = (lang: string | undefined): boolean => RTL_LANGS.includes((lang ?? '').toLowerCase().split(/[-_]/)[0]!);
