// Workflows: the built-in ones come from code (defaults.ts); admins may add their own as data.
import { asc, eq } from 'drizzle-orm';
import { type Actor, type Db, type Queryable, type Tx, withTransaction } from '../../db/client.js';
import { conflict, invalidField, notFound } from '../../lib/errors.js';
import { builtInWorkflows } from './defaults.js';
import type { WorkflowDefinition } from './engine.js';
import { workflows } from './workflow.schema.js';

/** How many tickets are in each status of a workflow (the tickets module answers; wired in flows/). */
export type StatusUsage = (tx: Tx, workflowKey: string) => Promise<{ status: string; n: number }[]>;
let statusesInUse: StatusUsage = async () => [];
export function configureWorkflowUsage(usage: StatusUsage): void {
  statusesInUse = usage;
}

const builtIn = new Map(builtInWorkflows.map((workflow) => [workflow.key, workflow]));

export async function getWorkflow(db: Queryable, key: string): Promise<WorkflowDefinition> {
  const known = builtIn.get(key);
  if (known) return known;
  const [row] = await db.select().from(workflows).where(eq(workflows.key, key));
  if (!row) throw notFound(`The workflow ${key}`);
  return row.definition;
}

export async function listWorkflows(db: Queryable): Promise<(WorkflowDefinition & { builtIn: boolean })[]> {
  const custom = await db.select().from(workflows).orderBy(asc(workflows.key));
  return [
    ...builtInWorkflows.map((workflow) => ({ ...workflow, builtIn: true })),
    ...custom.map((row) => ({ ...row.definition, builtIn: false })),
  ];
}

export async function saveWorkflow(
  db: Db,
  actor: Actor,
  definition: WorkflowDefinition,
): Promise<WorkflowDefinition> {
  if (builtIn.has(definition.key)) {
    throw conflict(
      'workflow_built_in',
      `key: ${definition.key} is a built-in workflow; save yours under another key.`,
    );
  }
  return withTransaction(db, actor, async (tx) => {
    // Tickets already on this workflow keep their status: a status they are in may not disappear.
    const inUse = await statusesInUse(tx, definition.key);
    const kept = new Set(definition.statuses.map((status) => status.key));
    const lost = inUse.filter((row) => !kept.has(row.status));
    if (lost.length > 0) {
      throw invalidField(
        'statuses',
        `${lost.map((row) => `${row.n} ticket${row.n === 1 ? ' is' : 's are'} in ${row.status}`).join(', ')}: keep ${lost.length === 1 ? 'that status' : 'those statuses'}.`,
      );
    }
    await tx
      .insert(workflows)
      .values({ key: definition.key, name: definition.name, definition })
      .onConflictDoUpdate({
        target: workflows.key,
        set: { name: definition.name, definition, updatedAt: new Date() },
      });
    return definition;
  });
}
