import { GlossDB } from './db';

/** The app's one database connection. */
export const db = new GlossDB();

export { GlossDB } from './db';
export type { ArticleBody, ArticleMeta } from './db';
export { addArticles, getArticle, listArticles } from './articles';
