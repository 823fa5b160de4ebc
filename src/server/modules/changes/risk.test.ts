import { describe, expect, it } from 'vitest';
import { approvalPathFor, assessRisk, type RiskInputs } from './risk.js';
import { insideMaintenance } from './windows.js';

const quiet: RiskInputs = {
  questions: [
    { id: 'a', text: 'Downtime?', weight: 15 },
    { id: 'b', text: 'First time?', weight: 10 },
  ],
  answers: {},
  services: [],
  dependents: 0,
  failedChanges: [],
  openIncidents: [],
  windowMinutes: 60,
  conflicts: 0,
};
const points = (inputs: RiskInputs, key: string) =>
  assessRisk(inputs).factors.find((f) => f.key === key)!.points;

describe('risk', () => {
  it('a quiet change scores 0 and is low', () => {
    expect(assessRisk(quiet)).toMatchObject({ score: 0, level: 'low' });
  });
  it('each factor adds its points and says why', () => {
    expect(points({ ...quiet, answers: { a: true, b: false } }, 'questionnaire')).toBe(15);
    expect(
      points(
        {
          ...quiet,
          services: [
            { name: 'Orders', criticality: 1 },
            { name: 'Wiki', criticality: 4 },
          ],
        },
        'service_criticality',
      ),
    ).toBe(25);
    expect(points({ ...quiet, dependents: 2 }, 'dependents')).toBe(5);
    expect(points({ ...quiet, dependents: 50 }, 'dependents')).toBe(20);
    expect(points({ ...quiet, failedChanges: ['CHG-1', 'CHG-2', 'CHG-3'] }, 'failed_changes')).toBe(30);
    expect(points({ ...quiet, openIncidents: ['INC-1'] }, 'open_incidents')).toBe(10);
    expect(points({ ...quiet, windowMinutes: 600 }, 'window')).toBe(10);
    expect(points({ ...quiet, conflicts: 1 }, 'collisions')).toBe(10);
    const detail = assessRisk({ ...quiet, failedChanges: ['CHG-9'] }).factors.find(
      (f) => f.key === 'failed_changes',
    )!.detail;
    expect(detail).toBe('CHG-9');
  });
  it('levels at 25 and 50 pick the approval path', () => {
    expect(assessRisk({ ...quiet, services: [{ name: 'S', criticality: 1 }] }).level).toBe('moderate');
    expect(
      assessRisk({ ...quiet, answers: { a: true, b: true }, services: [{ name: 'S', criticality: 1 }] })
        .level,
    ).toBe('high');
    expect(approvalPathFor('normal', 'low')).toBe('peer');
    expect(approvalPathFor('normal', 'moderate')).toBe('change_manager');
    expect(approvalPathFor('normal', 'high')).toBe('cab');
    expect(approvalPathFor('emergency', 'low')).toBe('emergency_cab');
    expect(approvalPathFor('standard', 'high')).toBe('none');
  });
});

describe('maintenance windows (UTC)', () => {
  const sundayNight = [{ days: [0], startMinute: 60, durationMinutes: 180 }];
  const range = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });
  it('inside one occurrence', () => {
    expect(insideMaintenance(range('2026-03-01T01:30:00Z', '2026-03-01T03:00:00Z'), sundayNight)).toBe(true);
  });
  it('outside, or running past its end', () => {
    expect(insideMaintenance(range('2026-03-02T01:30:00Z', '2026-03-02T02:00:00Z'), sundayNight)).toBe(false);
    expect(insideMaintenance(range('2026-03-01T03:30:00Z', '2026-03-01T04:30:00Z'), sundayNight)).toBe(false);
  });
  it('an occurrence crossing midnight', () => {
    const saturdayLate = [{ days: [6], startMinute: 23 * 60, durationMinutes: 120 }];
    expect(insideMaintenance(range('2026-03-01T00:10:00Z', '2026-03-01T00:50:00Z'), saturdayLate)).toBe(true);
  });
});
