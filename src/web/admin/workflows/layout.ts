// A workflow as a diagram: statuses in layers (breadth-first from the initial status, top to
// bottom), transitions as curved arrows. Pure geometry, no DOM, so it is unit tested.
import type { Wire } from '../../../shared/api/common';
import type { workflowDefinitionSchema, workflowListOut } from '../../../shared/api/workflow';

/** A workflow as GET /api/v1/workflows/{key} serves it; the list adds whether it is built in. */
export type Workflow = Wire<typeof workflowDefinitionSchema> &
  Partial<Pick<Wire<typeof workflowListOut>[number], 'builtIn'>>;
export type WorkflowStatus = Workflow['statuses'][number];
export type WorkflowTransition = Workflow['transitions'][number];
export type StatusCategory = WorkflowStatus['category'];

export interface NodeBox {
  key: string;
  name: string;
  category: StatusCategory;
  initial: boolean;
  resolves: boolean;
  /** False when no transition path leads here from the initial status. */
  reachable: boolean;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type EdgeKind = 'forward' | 'back' | 'same-layer' | 'self';

export interface EdgePath {
  id: string;
  transition: string;
  label: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** SVG path data (a cubic Bézier) from the source box's border to the target box's. */
  d: string;
  labelX: number;
  labelY: number;
  labelWidth: number;
}

export interface DiagramLayout {
  /** Shift to apply to everything so that labels sticking out on the left stay visible. */
  offsetX: number;
  offsetY: number;
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

export const layoutMetrics = {
  nodeWidth: 200,
  nodeHeight: 46,
  gapX: 140,
  gapY: 100,
  margin: 24,
  /** Room on the right for arrows that go back up. */
  backLane: 110,
  charWidth: 6.6,
};

/** Layer of each status: its distance from the initial status (unreachable ones go below the rest). */
export function computeLayers(workflow: Pick<Workflow, 'initial' | 'statuses' | 'transitions'>) {
  const next = new Map<string, string[]>();
  for (const transition of workflow.transitions)
    for (const from of transition.from) next.set(from, [...(next.get(from) ?? []), transition.to]);
  const layers = new Map<string, number>();
  const known = new Set(workflow.statuses.map((status) => status.key));
  if (known.has(workflow.initial)) {
    layers.set(workflow.initial, 0);
    const queue = [workflow.initial];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const target of next.get(current) ?? []) {
        if (!known.has(target) || layers.has(target)) continue;
        layers.set(target, layers.get(current)! + 1);
        queue.push(target);
      }
    }
  }
  const deepest = Math.max(-1, ...layers.values());
  const unreachable = workflow.statuses.filter((status) => !layers.has(status.key));
  for (const status of unreachable) layers.set(status.key, deepest + 1);
  return { layers, unreachable: new Set(unreachable.map((status) => status.key)) };
}

/** True when a path's start and end have the same y (a straight horizontal arrow). */
function isHorizontal(d: string): boolean {
  const numbers = d.match(/-?[\d.]+/g)!.map(Number);
  return numbers[1] === numbers[7];
}

/** The highest point of a cubic Bézier path (sampled). */
function pathTop(d: string): number {
  const n = d.match(/-?[\d.]+/g)!.map(Number);
  let top = Number.POSITIVE_INFINITY;
  for (let t = 0; t <= 1; t += 0.125)
    top = Math.min(top, bezier([n[0]!, n[1]!], [n[2]!, n[3]!], [n[4]!, n[5]!], [n[6]!, n[7]!], t)[1]);
  return top;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The point at t on a cubic Bézier. */
function bezier(p0: number[], p1: number[], p2: number[], p3: number[], t: number): [number, number] {
  const u = 1 - t;
  const at = (i: number) =>
    u * u * u * p0[i]! + 3 * u * u * t * p1[i]! + 3 * u * t * t * p2[i]! + t * t * t * p3[i]!;
  return [at(0), at(1)];
}

export function layoutWorkflow(workflow: Workflow): DiagramLayout {
  const m = layoutMetrics;
  const { layers, unreachable } = computeLayers(workflow);
  const byLayer = new Map<number, string[]>();
  for (const status of workflow.statuses) {
    const layer = layers.get(status.key)!;
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), status.key]);
  }
  const widest = Math.max(1, ...[...byLayer.values()].map((row) => row.length));
  const contentWidth = widest * m.nodeWidth + (widest - 1) * m.gapX;
  const layerCount = Math.max(1, byLayer.size === 0 ? 1 : Math.max(...byLayer.keys()) + 1);

  const nodes = new Map<string, NodeBox>();
  for (const status of workflow.statuses) {
    const layer = layers.get(status.key)!;
    const row = byLayer.get(layer)!;
    const index = row.indexOf(status.key);
    const rowWidth = row.length * m.nodeWidth + (row.length - 1) * m.gapX;
    const x = m.margin + (contentWidth - rowWidth) / 2 + index * (m.nodeWidth + m.gapX);
    nodes.set(status.key, {
      key: status.key,
      name: status.name,
      category: status.category,
      initial: status.key === workflow.initial,
      resolves: status.resolves,
      reachable: !unreachable.has(status.key),
      layer,
      x,
      y: m.margin + layer * (m.nodeHeight + m.gapY),
      width: m.nodeWidth,
      height: m.nodeHeight,
    });
  }

  // One arrow per (from, to) of each transition; arrows between the same two statuses fan out.
  const pairs = workflow.transitions.flatMap((transition) =>
    transition.from
      .filter((from) => nodes.has(from) && nodes.has(transition.to))
      .map((from) => ({ transition, from, to: transition.to })),
  );
  const pairCount = new Map<string, number>();
  const pairSeen = new Map<string, number>();
  for (const pair of pairs) {
    const id = [pair.from, pair.to].sort().join('|');
    pairCount.set(id, (pairCount.get(id) ?? 0) + 1);
  }
  const backCount = new Map<string, number>();
  const nodeOrder = (node: NodeBox) => byLayer.get(node.layer)!.indexOf(node.key);

  const edges: EdgePath[] = pairs.map(({ transition, from, to }) => {
    const a = nodes.get(from)!;
    const b = nodes.get(to)!;
    const pairId = [from, to].sort().join('|');
    const nth = pairSeen.get(pairId) ?? 0;
    pairSeen.set(pairId, nth + 1);
    const spread = (nth - ((pairCount.get(pairId) ?? 1) - 1) / 2) * 70;
    let kind: EdgeKind;
    let points: number[][];
    if (from === to) {
      kind = 'self';
      const sx = a.x + a.width;
      const sy = a.y + a.height / 2;
      points = [
        [sx, sy - 10],
        [sx + 60, sy - 40],
        [sx + 60, sy + 40],
        [sx, sy + 10],
      ];
    } else if (b.layer > a.layer) {
      kind = 'forward';
      const sx = a.x + a.width / 2;
      const sy = a.y + a.height;
      const tx = b.x + b.width / 2;
      const ty = b.y;
      const bend = (ty - sy) / 2;
      points = [
        [sx + spread / 3, sy],
        [sx + spread, sy + bend],
        [tx + spread, ty - bend],
        [tx + spread / 3, ty],
      ];
    } else if (b.layer < a.layer) {
      // Back up the diagram: leave from the right side and come in from the right side.
      kind = 'back';
      const lane = backCount.get(to) ?? 0;
      backCount.set(to, lane + 1);
      const sourceLane = backCount.get(`from:${from}`) ?? 0;
      backCount.set(`from:${from}`, sourceLane + 1);
      const sx = a.x + a.width;
      const sy = a.y + a.height / 2 - 8 * sourceLane;
      const tx = b.x + b.width;
      const ty = b.y + b.height / 2 + 8 * lane;
      const out = 70 + 30 * lane + Math.abs(spread);
      points = [
        [sx, sy],
        [Math.max(sx, tx) + out, sy],
        [Math.max(sx, tx) + out, ty],
        [tx, ty],
      ];
    } else {
      kind = 'same-layer';
      const leftToRight = b.x > a.x;
      const adjacent = Math.abs(nodeOrder(a) - nodeOrder(b)) === 1;
      if (adjacent) {
        // Neighbours: a straight arrow across the gap; parallel ones one above the other.
        const offset = (nth - ((pairCount.get(pairId) ?? 1) - 1) / 2) * 14 + (leftToRight ? -4 : 4);
        const y = a.y + a.height / 2 + offset;
        const sx = leftToRight ? a.x + a.width : a.x;
        const tx = leftToRight ? b.x : b.x + b.width;
        points = [
          [sx, y],
          [sx + (tx - sx) / 3, y],
          [sx + ((tx - sx) * 2) / 3, y],
          [tx, y],
        ];
      } else {
        // Farther apart in a layer: a bow above the boxes.
        const sx = a.x + a.width / 2 + (leftToRight ? 20 : -20);
        const tx = b.x + b.width / 2 + (leftToRight ? -20 : 20);
        const depth = 50 + Math.abs(spread);
        points = [
          [sx, a.y],
          [sx, a.y - depth],
          [tx, b.y - depth],
          [tx, b.y],
        ];
      }
    }
    const [p0, p1, p2, p3] = points as [number[], number[], number[], number[]];
    const [labelX, labelY] = bezier(p0, p1, p2, p3, 0.5);
    return {
      id: `${transition.name}:${from}`,
      transition: transition.name,
      label: transition.label,
      from,
      to,
      kind,
      d: `M${round(p0[0]!)},${round(p0[1]!)} C${round(p1[0]!)},${round(p1[1]!)} ${round(p2[0]!)},${round(p2[1]!)} ${round(p3[0]!)},${round(p3[1]!)}`,
      labelX: round(labelX),
      labelY: round(labelY),
      labelWidth: Math.ceil(transition.label.length * m.charWidth + 12),
    };
  });

  // Labels move off boxes and other labels: tried at their place, then a little above or below.
  const placed: EdgePath[] = [];
  const boxes = [...nodes.values()];
  const clashes = (edge: EdgePath, y: number) =>
    placed.some(
      (other) =>
        Math.abs(other.labelY - y) < 18 &&
        Math.abs(other.labelX - edge.labelX) < (other.labelWidth + edge.labelWidth) / 2,
    ) ||
    boxes.some(
      (box) =>
        edge.labelX + edge.labelWidth / 2 > box.x &&
        edge.labelX - edge.labelWidth / 2 < box.x + box.width &&
        y + 9 > box.y &&
        y - 9 < box.y + box.height,
    );
  for (const edge of edges) {
    if (edge.kind === 'same-layer' && edge.d.includes(' C') && isHorizontal(edge.d)) {
      // Beside a straight arrow: above it (or below for the second of a pair).
      const above = edge.labelY - 11;
      edge.labelY = round(clashes(edge, above) ? edge.labelY + 11 : above);
    }
    const start = edge.labelY;
    for (let step = 1; clashes(edge, edge.labelY) && step < 12; step++) {
      edge.labelY = round(start + (step % 2 === 1 ? -1 : 1) * Math.ceil(step / 2) * 18);
    }
    placed.push(edge);
  }

  const hasBack = edges.some((edge) => edge.kind === 'back' || edge.kind === 'self');
  const right = Math.max(
    m.margin + contentWidth + (hasBack ? m.backLane : 0) + m.margin,
    ...edges.map((edge) => edge.labelX + edge.labelWidth / 2 + m.margin),
  );
  const bottom = Math.max(
    m.margin * 2 + layerCount * m.nodeHeight + (layerCount - 1) * m.gapY,
    ...edges.map((edge) => edge.labelY + 20),
  );
  const left = Math.min(0, ...edges.map((edge) => edge.labelX - edge.labelWidth / 2 - 4));
  const top = Math.min(0, ...edges.map((edge) => Math.min(edge.labelY - 12, pathTop(edge.d) - 4)));
  return {
    offsetX: Math.ceil(-left),
    offsetY: Math.ceil(-top),
    width: Math.ceil(right - left),
    height: Math.ceil(bottom - top),
    nodes: [...nodes.values()],
    edges,
  };
}
