import { describe, expect, it } from 'vitest';
import { inferSupportFromCsv } from './supportTeam.js';

const csv = (rows: [author: string, time: string, text: string][]) =>
  `Author,Date,Content\n${rows.map(([a, t, c]) => `${a},2023-03-01T${t}:00+07:00,"${c}"`).join('\n')}\n`;

describe('inferSupportTeam', () => {
  it('takes the people who answer others’ requests, not those who ask or chat', () => {
    const team = inferSupportFromCsv(
      csv([
        ['Budi', '09:00', 'tolong nyalain bugfix1x2 ya'],
        ['Rina', '09:01', 'lunch dimana guys?'],
        ['Agus', '09:10', 'sudah ya'],
        ['Rina', '09:20', 'pls copy table orders dari qa1x1 ke qa2x2'],
        ['Budi', '09:21', 'makasih, udah bisa'],
        ['Nanda', '09:40', 'data udah dicopy'],
        ['Budi', '10:00', 'can someone recreate qa3x3 with the new template?'],
        ['Agus', '11:00', "ok, it's live"],
        ['Hendra', '11:30', 'tolong bikinin domain api.qa4x4.tokoxyz.id buat qa4x4'],
        ['Nanda', '12:00', 'done'],
        ['Rina', '12:30', 'start qa5x5 pls'],
        ['Agus', '12:40', 'done ✅'],
        ['Budi', '13:00', 'pls start feature1x1'],
        ['Nanda', '13:10', 'udah nyala ya'],
      ]),
    );
    expect(team.names.sort()).toEqual(['Agus', 'Nanda']);
    expect(team.candidates.find((c) => c.name === 'Budi')).toBeUndefined();
  });
});
