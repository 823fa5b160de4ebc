// The knowledge base: Markdown articles rendered safely, categories, audience, lifecycle, versions
// and feedback; PostgreSQL full-text search with typo tolerance; suggestions while requesters type
// and the deflection they achieve, measured.
import type { OpsdeskModule } from '../module.js';
import { kbRoutes } from './kb.routes.js';

export { type SearchHit, searchArticles } from './search.service.js';

export const kbModule: OpsdeskModule = { name: 'kb', routes: [kbRoutes] };
