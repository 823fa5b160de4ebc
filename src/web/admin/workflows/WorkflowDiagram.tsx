// A workflow drawn as hand-written SVG: statuses as boxes, transitions as labelled arrows.
// The SVG has a title and a description; the pages also list the transitions as text.
import { Box, Group, ScrollArea, Text } from '@mantine/core';
import { useId, useMemo } from 'react';
import { layoutWorkflow, type StatusCategory, type Workflow } from './layout';

export const categoryStyle: Record<StatusCategory, { fill: string; stroke: string; label: string }> = {
  open: { fill: 'var(--mantine-color-gray-0)', stroke: 'var(--mantine-color-gray-7)', label: 'Open' },
  in_progress: {
    fill: 'var(--mantine-color-blue-0)',
    stroke: 'var(--mantine-color-blue-8)',
    label: 'In progress',
  },
  waiting: {
    fill: 'var(--mantine-color-yellow-0)',
    stroke: 'var(--mantine-color-yellow-9)',
    label: 'Waiting',
  },
  done: { fill: 'var(--mantine-color-gray-2)', stroke: 'var(--mantine-color-dark-6)', label: 'Done' },
};

const edgeColor = 'var(--mantine-color-gray-7)';
const backColor = 'var(--mantine-color-grape-8)';

export function describeWorkflow(workflow: Workflow): string {
  const name = (key: string) => workflow.statuses.find((status) => status.key === key)?.name ?? key;
  return `${workflow.statuses.length} statuses, starting at ${name(workflow.initial)}; ${workflow.transitions.length} transitions. The list of transitions follows the diagram.`;
}

export function WorkflowDiagram({ workflow, minWidth = 520 }: { workflow: Workflow; minWidth?: number }) {
  const id = useId().replace(/:/g, '');
  const layout = useMemo(() => layoutWorkflow(workflow), [workflow]);
  return (
    <Box>
      <ScrollArea type="auto" offsetScrollbars viewportProps={{ tabIndex: 0 }}>
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width="100%"
          style={{
            display: 'block',
            maxWidth: layout.width,
            minWidth: Math.min(minWidth, layout.width),
            margin: '0 auto',
            fontFamily: 'inherit',
          }}
        >
          <title id={`${id}-title`}>Workflow diagram: {workflow.name}</title>
          <desc id={`${id}-desc`}>{describeWorkflow(workflow)}</desc>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={edgeColor} />
            </marker>
            <marker
              id={`${id}-arrow-back`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={backColor} />
            </marker>
          </defs>
          <g transform={`translate(${layout.offsetX},${layout.offsetY})`}>
            {layout.edges.map((edge) => {
              const back = edge.kind === 'back' || edge.kind === 'self';
              return (
                <path
                  key={edge.id}
                  d={edge.d}
                  fill="none"
                  stroke={back ? backColor : edgeColor}
                  strokeWidth={1.5}
                  strokeDasharray={back ? '5 3' : undefined}
                  markerEnd={`url(#${id}-${back ? 'arrow-back' : 'arrow'})`}
                />
              );
            })}
            {layout.nodes.map((node) => {
              const style = categoryStyle[node.category];
              return (
                <g key={node.key}>
                  {node.initial ? (
                    <>
                      <circle
                        cx={node.x - 14}
                        cy={node.y + node.height / 2}
                        r={6}
                        fill="var(--mantine-color-dark-6)"
                      />
                      <line
                        x1={node.x - 8}
                        y1={node.y + node.height / 2}
                        x2={node.x - 1}
                        y2={node.y + node.height / 2}
                        stroke="var(--mantine-color-dark-6)"
                        strokeWidth={2}
                      />
                    </>
                  ) : null}
                  <rect
                    x={node.x}
                    y={node.y}
                    width={node.width}
                    height={node.height}
                    rx={8}
                    fill={style.fill}
                    stroke={style.stroke}
                    strokeWidth={node.initial ? 3 : 1.5}
                    strokeDasharray={node.reachable ? undefined : '4 3'}
                  />
                  {node.resolves ? (
                    <rect
                      x={node.x + 3}
                      y={node.y + 3}
                      width={node.width - 6}
                      height={node.height - 6}
                      rx={6}
                      fill="none"
                      stroke={style.stroke}
                      strokeWidth={1}
                    />
                  ) : null}
                  <text
                    x={node.x + node.width / 2}
                    y={node.y + node.height / 2 - 4}
                    textAnchor="middle"
                    fontSize={13}
                    fontWeight={600}
                    fill="var(--mantine-color-dark-9)"
                  >
                    {node.name}
                  </text>
                  <text
                    x={node.x + node.width / 2}
                    y={node.y + node.height / 2 + 12}
                    textAnchor="middle"
                    fontSize={10.5}
                    fill="var(--mantine-color-gray-8)"
                    fontFamily="ui-monospace, monospace"
                  >
                    {node.key}
                  </text>
                </g>
              );
            })}
            {layout.edges.map((edge) => (
              <g key={`${edge.id}-label`}>
                <rect
                  x={edge.labelX - edge.labelWidth / 2}
                  y={edge.labelY - 9}
                  width={edge.labelWidth}
                  height={18}
                  rx={4}
                  fill="white"
                  fillOpacity={0.92}
                />
                <text
                  x={edge.labelX}
                  y={edge.labelY + 4}
                  textAnchor="middle"
                  fontSize={11}
                  fill={
                    edge.kind === 'back' || edge.kind === 'self' ? backColor : 'var(--mantine-color-gray-9)'
                  }
                >
                  {edge.label}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </ScrollArea>
      <Group gap="md" mt="xs" aria-hidden="true" wrap="wrap">
        {(Object.keys(categoryStyle) as StatusCategory[]).map((category) => (
          <Group key={category} gap={6} wrap="nowrap">
            <svg width="18" height="12" aria-hidden="true">
              <rect
                x="1"
                y="1"
                width="16"
                height="10"
                rx="2"
                fill={categoryStyle[category].fill}
                stroke={categoryStyle[category].stroke}
              />
            </svg>
            <Text size="xs" c="gray.8">
              {categoryStyle[category].label}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="gray.8">
          ● start · double border: resolves the request · dashed arrow: goes back
        </Text>
      </Group>
    </Box>
  );
}
