// The demo organisation of CONTRACT.md (users, teams, the Staging Servers catalog, environments,
// SLA policies, the paper's initiative), seeded on first start or on demand.
export { demoUsers, seedDemo, seedDemoIfWanted, seedPracticeDemos } from './demo.seed.js';
