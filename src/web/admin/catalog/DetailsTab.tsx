// The request type editor's Details tab: name, icon, category, workflow, description and
// documentation, position, active.
import {
  Anchor,
  Card,
  Checkbox,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { Dispatch } from 'react';
import { Link } from 'react-router';
import { duration } from '../../lib/format';
import type { ErrorOf } from './editorParts';
import type { Draft, EditorAction, TopLevelKey } from './editorState';
import { useCatalog, useWorkflows } from './queries';
import type { RequestTypeAdmin } from './types';

export function DetailsTab({
  draft,
  error,
  dispatch,
  requestType,
}: {
  draft: Draft;
  error: ErrorOf;
  dispatch: Dispatch<EditorAction>;
  requestType: RequestTypeAdmin;
}) {
  const catalog = useCatalog();
  const workflows = useWorkflows();
  const set = <K extends TopLevelKey>(key: K, value: Draft[K]) => dispatch({ type: 'set', key, value });
  const categoryOptions = (catalog.data ?? []).map((category) => ({
    value: category.key,
    label: category.name,
  }));
  if (!categoryOptions.some((option) => option.value === draft.category))
    categoryOptions.push({ value: draft.category, label: draft.category });
  const workflowOptions = (workflows.data ?? []).map((workflow) => ({
    value: workflow.key,
    label: workflow.name,
  }));
  if (!workflowOptions.some((option) => option.value === draft.workflow))
    workflowOptions.push({ value: draft.workflow, label: draft.workflow });
  return (
    <Stack gap="md" maw={820}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Name"
          required
          value={draft.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={error('name')}
        />
        <TextInput
          label="Icon"
          description="An icon name, e.g. player-play"
          value={draft.icon}
          onChange={(event) => set('icon', event.currentTarget.value)}
          error={error('icon')}
        />
        <Select
          label="Category"
          data={categoryOptions}
          value={draft.category}
          allowDeselect={false}
          onChange={(value) => value && set('category', value)}
          error={error('category')}
        />
        <Select
          label="Workflow"
          data={workflowOptions}
          value={draft.workflow}
          allowDeselect={false}
          onChange={(value) => value && set('workflow', value)}
          error={error('workflow')}
          description={
            <Anchor component={Link} to={`/admin/workflows/${draft.workflow}`} size="xs">
              See the {draft.workflow} workflow
            </Anchor>
          }
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        description="One or two sentences shown in the catalog"
        autosize
        minRows={2}
        value={draft.description}
        onChange={(event) => set('description', event.currentTarget.value)}
        error={error('description')}
      />
      <Textarea
        label="Documentation"
        description="The tutorial shown with the form (Markdown)"
        autosize
        minRows={6}
        maxRows={20}
        styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
        value={draft.documentation}
        onChange={(event) => set('documentation', event.currentTarget.value)}
        error={error('documentation')}
      />
      <TextInput
        label="Documentation link"
        description="Where the tutorial lives (a path or a full address); leave empty for none"
        value={draft.docsUrl ?? ''}
        onChange={(event) => set('docsUrl', event.currentTarget.value)}
        error={error('docsUrl')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NumberInput
          label="Position in its category"
          description="Lower comes first"
          allowDecimal={false}
          value={draft.position}
          onChange={(value) => typeof value === 'number' && set('position', value)}
          error={error('position')}
        />
        <Checkbox
          mt={{ base: 0, sm: 32 }}
          label="Active (shown in the portal)"
          checked={draft.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
        />
        <Checkbox
          label="Ask for a summary and a description (both optional for the requester)"
          checked={draft.askSummary ?? true}
          onChange={(event) => set('askSummary', event.currentTarget.checked)}
        />
        <Checkbox
          label="Standard change: pre-approved, filed without approval and recorded as a change (CHG-) on its environments"
          description="Its action is the implementation; a freeze or a conflicting change holds it for a person."
          checked={draft.standardChange ?? false}
          onChange={(event) => set('standardChange', event.currentTarget.checked)}
        />
      </SimpleGrid>
      <Card withBorder padding="sm">
        <Text size="sm" fw={600}>
          SLA targets
        </Text>
        {requestType.slaTargets.length === 0 ? (
          <Text size="sm" c="gray.7">
            No SLA policy measures this request type.
          </Text>
        ) : (
          <List size="sm">
            {requestType.slaTargets.map((target) => (
              <List.Item key={target.metric}>
                {target.metric.replace(/_/g, ' ')}: {duration(target.goalSeconds)}
              </List.Item>
            ))}
          </List>
        )}
        <Anchor component={Link} to="/admin/sla" size="sm">
          Edit SLA policies
        </Anchor>
      </Card>
    </Stack>
  );
}
