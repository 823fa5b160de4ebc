// The demo's improvement register: the paper's Table 2 as a typed-in baseline, and the paper's
// initiative measured against it from 13 September 2023 on.
import type { AppContext } from '../../context.js';
import type { Actor } from '../../db/client.js';
import { createManualBaseline, listBaselines } from '../baseline/index.js';
import { addNote, createInitiative, listInitiatives } from './improvement.service.js';
import { paperBaselineName, paperInitiative, paperMomentumNotes, paperTable2 } from './paper-initiative.js';

export async function seedPaperInitiative(context: AppContext, actor: Actor): Promise<void> {
  const { db } = context;
  if (!(await listBaselines(db)).some((baseline) => baseline.name === paperBaselineName)) {
    await createManualBaseline(db, actor, {
      name: paperBaselineName,
      description:
        'Before Opsdesk: average resolution time of the chat requests of Dec 2022 – Jun 2023, categorised by hand.',
      rows: [...paperTable2],
    });
  }
  if ((await listInitiatives(db)).some((initiative) => initiative.key === paperInitiative.key)) return;
  await createInitiative(context, actor, paperInitiative);
  for (const note of paperMomentumNotes) await addNote(context, actor, paperInitiative.key, note);
}
