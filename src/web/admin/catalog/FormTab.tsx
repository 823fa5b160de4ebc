// The request type editor's Form tab: the fields (FieldEditor) beside a live preview of the form.
import { Anchor, Box, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import type { Dispatch } from 'react';
import {
  type DraftProblems,
  type EditorAction,
  type EditorState,
  type fieldList,
  fieldServerErrors,
} from './editorState';
import { FieldEditor } from './FieldEditor';
import { FormPreview } from './FormPreview';

export function FormTab({
  state,
  problems,
  dispatch,
  fields,
}: {
  state: EditorState;
  problems: DraftProblems;
  dispatch: Dispatch<EditorAction>;
  fields: ReturnType<typeof fieldList>;
}) {
  const keys = fields.map((field) => field.key);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={2} size="h3">
                Fields ({fields.length})
              </Title>
              <Anchor href="#preview-title" size="sm" hiddenFrom="md">
                See the preview
              </Anchor>
            </Group>
            <Button
              variant="light"
              onClick={() => dispatch({ type: 'addField' })}
              disabled={fields.length >= 50}
            >
              Add field
            </Button>
          </Group>
          {problems.top.fields ? (
            <Text c="red.8" size="sm">
              {problems.top.fields}
            </Text>
          ) : null}
          {state.draft.fields.length === 0 ? (
            <Text size="sm" c="gray.7">
              No fields yet. Add the questions requesters answer when they file this request.
            </Text>
          ) : null}
          {state.draft.fields.map((field, index) => (
            <FieldEditor
              key={field.uid}
              field={field.def}
              index={index}
              count={state.draft.fields.length}
              otherKeys={keys.filter((candidate, i) => i !== index && candidate)}
              problems={{
                ...fieldServerErrors(state.serverErrors, index),
                ...(problems.fields[index] ?? {}),
              }}
              dispatch={dispatch}
            />
          ))}
          {state.draft.fields.length > 0 ? (
            <Button
              variant="light"
              onClick={() => dispatch({ type: 'addField' })}
              disabled={fields.length >= 50}
              style={{ alignSelf: 'flex-start' }}
            >
              Add field
            </Button>
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card
          withBorder
          padding="md"
          style={{ position: 'sticky', top: 72 }}
          component="section"
          aria-labelledby="preview-title"
        >
          <Stack gap="xs">
            <Title order={2} size="h3" id="preview-title">
              Preview
            </Title>
            <Text size="sm" c="gray.7">
              As requesters see it in the portal. Type answers and check them against the rules.
            </Text>
            <Box>
              <Text fw={600}>{state.draft.name}</Text>
              {state.draft.description ? (
                <Text size="sm" c="gray.7">
                  {state.draft.description}
                </Text>
              ) : null}
            </Box>
            <FormPreview fields={fields} parsed={problems.parsed} />
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
