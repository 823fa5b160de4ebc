// The knowledge base: Markdown articles rendered safely, categories, audience, lifecycle, versions
// and feedback; PostgreSQL full-text search with typo tolerance; suggestions while requesters type
// and the deflection they achieve, measured; owners reminded of reviews and unhelpful articles.
import { moduleJobs, type OpsdeskModule } from '../module.js';
import { kbJobs } from './kb.jobs.js';
import { kbRoutes } from './kb.routes.js';
import { remindOwners } from './upkeep.service.js';

export { seedKbDemo } from './demo.seed.js';
export { type SearchHit, searchArticles } from './search.service.js';

export const kbModule: OpsdeskModule = {
  name: 'kb',
  routes: [kbRoutes],
  jobs: moduleJobs(kbJobs, (context) => ({
    'kb.upkeep': async () => {
      await remindOwners(context);
    },
  })),
  cron: [{ task: 'kb.upkeep', pattern: '0 7 * * *', description: 'every day at 07:00' }],
};
