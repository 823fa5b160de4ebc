import { describe, expect, it } from 'vitest';
import {
  computeLayers,
  layoutMetrics,
  layoutWorkflow,
  type Workflow,
  type WorkflowTransition,
} from './layout';

const status = (key: string, category: Workflow['statuses'][number]['category'] = 'open') => ({
  key,
  name: key.replace(/_/g, ' '),
  category,
  resolves: false,
  onEnter: [],
});
const t = (name: string, from: string[], to: string): WorkflowTransition => ({
  name,
  label: name.replace(/_/g, ' '),
  from,
  to,
  actors: ['system'],
  guards: [],
  requiresComment: false,
});

// The built-in self-fulfilling workflow, as served by GET /api/v1/workflows.
const fulfilment: Workflow = {
  key: 'fulfilment',
  name: 'Self-fulfilling request',
  description: '',
  initial: 'waiting_for_verification',
  statuses: [
    status('waiting_for_verification'),
    status('waiting_for_approval'),
    status('in_progress', 'in_progress'),
    status('waiting_for_customer', 'waiting'),
    status('need_further_support', 'in_progress'),
    status('closed', 'done'),
    status('cancelled', 'done'),
  ],
  transitions: [
    t('verified', ['waiting_for_verification'], 'waiting_for_approval'),
    t('verification_failed', ['waiting_for_verification'], 'cancelled'),
    t('approve', ['waiting_for_approval'], 'in_progress'),
    t('decline', ['waiting_for_approval'], 'cancelled'),
    t('fulfilled', ['in_progress'], 'waiting_for_customer'),
    t('fulfilment_failed', ['in_progress'], 'need_further_support'),
    t('report_problem', ['waiting_for_customer'], 'need_further_support'),
    t('confirm', ['waiting_for_customer'], 'closed'),
    t('auto_close', ['waiting_for_customer'], 'closed'),
    t('retry', ['need_further_support'], 'in_progress'),
    t('resolve', ['need_further_support'], 'waiting_for_customer'),
    t('cancel', ['waiting_for_verification', 'waiting_for_approval', 'need_further_support'], 'cancelled'),
  ],
};

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('workflow diagram layout', () => {
  it('puts each status in the layer of its breadth-first distance from the initial status', () => {
    const { layers, unreachable } = computeLayers(fulfilment);
    expect(Object.fromEntries(layers)).toEqual({
      waiting_for_verification: 0,
      waiting_for_approval: 1,
      cancelled: 1,
      in_progress: 2,
      waiting_for_customer: 3,
      need_further_support: 3,
      closed: 4,
    });
    expect(unreachable.size).toBe(0);
  });

  it('puts unreachable statuses below everything else and marks them', () => {
    const workflow = { ...fulfilment, statuses: [...fulfilment.statuses, status('orphan')] };
    const layout = layoutWorkflow(workflow);
    const orphan = layout.nodes.find((node) => node.key === 'orphan')!;
    expect(orphan.layer).toBe(5);
    expect(orphan.reachable).toBe(false);
    expect(layout.nodes.filter((node) => !node.reachable)).toHaveLength(1);
  });

  it('handles an initial status that does not exist (everything unreachable, one layer)', () => {
    const { layers } = computeLayers({ ...fulfilment, initial: 'nope' });
    expect(new Set(layers.values())).toEqual(new Set([0]));
  });

  it('places boxes top to bottom by layer, without overlaps, inside the drawing', () => {
    const layout = layoutWorkflow(fulfilment);
    expect(layout.nodes).toHaveLength(7);
    for (const a of layout.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width + layout.offsetX).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) if (a !== b) expect(overlaps(a, b)).toBe(false);
    }
    const y = (key: string) => layout.nodes.find((node) => node.key === key)!.y;
    expect(y('waiting_for_verification')).toBeLessThan(y('waiting_for_approval'));
    expect(y('waiting_for_approval')).toBe(y('cancelled'));
    expect(y('in_progress')).toBeLessThan(y('closed'));
    expect(layout.nodes.find((node) => node.key === 'waiting_for_verification')!.initial).toBe(true);
  });

  it('draws one arrow per source of each transition and classifies it', () => {
    const layout = layoutWorkflow(fulfilment);
    expect(layout.edges).toHaveLength(11 + 3);
    const kind = (id: string) => layout.edges.find((edge) => edge.id === id)!.kind;
    expect(kind('verified:waiting_for_verification')).toBe('forward');
    expect(kind('retry:need_further_support')).toBe('back');
    expect(kind('resolve:need_further_support')).toBe('same-layer');
    expect(kind('decline:waiting_for_approval')).toBe('same-layer');
    expect(kind('cancel:need_further_support')).toBe('back');
    for (const edge of layout.edges) expect(edge.d).toMatch(/^M[\d.-]+,[\d.-]+ C/);
    expect(new Set(layout.edges.map((edge) => edge.id)).size).toBe(layout.edges.length);
  });

  it('fans out parallel arrows and keeps their labels apart', () => {
    const layout = layoutWorkflow(fulfilment);
    const confirm = layout.edges.find((edge) => edge.transition === 'confirm')!;
    const autoClose = layout.edges.find((edge) => edge.transition === 'auto_close')!;
    expect(confirm.d).not.toBe(autoClose.d);
    const apart =
      Math.abs(confirm.labelY - autoClose.labelY) >= 18 ||
      Math.abs(confirm.labelX - autoClose.labelX) >= (confirm.labelWidth + autoClose.labelWidth) / 2;
    expect(apart).toBe(true);
  });

  it('keeps every label off the boxes and off the other labels', () => {
    const layout = layoutWorkflow(fulfilment);
    const labelBox = (edge: (typeof layout.edges)[number]) => ({
      x: edge.labelX - edge.labelWidth / 2,
      y: edge.labelY - 9,
      width: edge.labelWidth,
      height: 18,
    });
    for (const edge of layout.edges) {
      for (const node of layout.nodes) expect(overlaps(labelBox(edge), node)).toBe(false);
      for (const other of layout.edges)
        if (other !== edge) expect(overlaps(labelBox(edge), labelBox(other))).toBe(false);
    }
  });

  it('draws neighbours in a layer with straight arrows, and keeps far ones above the boxes', () => {
    const layout = layoutWorkflow({
      ...fulfilment,
      initial: 'a',
      statuses: [status('a'), status('b'), status('c'), status('d')],
      transitions: [
        t('ab', ['a'], 'b'),
        t('ac', ['a'], 'c'),
        t('ad', ['a'], 'd'),
        t('bc', ['b'], 'c'),
        t('bd', ['b'], 'd'),
      ],
    });
    const edge = (name: string) => layout.edges.find((candidate) => candidate.transition === name)!;
    expect(edge('bc').d).toMatch(/^M([\d.]+),([\d.]+) C[\d.]+,\2 [\d.]+,\2 [\d.]+,\2$/);
    expect(edge('bd').kind).toBe('same-layer');
    expect(layout.offsetY).toBeGreaterThanOrEqual(0);
  });

  it('leaves room on the right for arrows going back up', () => {
    const linear = layoutWorkflow({
      ...fulfilment,
      statuses: [status('a'), status('b')],
      initial: 'a',
      transitions: [t('go', ['a'], 'b')],
    });
    const looped = layoutWorkflow({
      ...fulfilment,
      statuses: [status('a'), status('b')],
      initial: 'a',
      transitions: [t('go', ['a'], 'b'), t('back', ['b'], 'a')],
    });
    expect(looped.width).toBeGreaterThanOrEqual(linear.width + layoutMetrics.backLane);
    expect(linear.height).toBe(2 * layoutMetrics.margin + 2 * layoutMetrics.nodeHeight + layoutMetrics.gapY);
  });

  it('ignores transitions that name unknown statuses', () => {
    const layout = layoutWorkflow({ ...fulfilment, transitions: [t('go', ['ghost'], 'closed')] });
    expect(layout.edges).toEqual([]);
  });
});
