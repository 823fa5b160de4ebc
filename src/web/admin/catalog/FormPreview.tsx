// The form as a requester will see it, drawn from the definition being edited. "Check answers"
// runs the same rules as the server (fieldValuesSchema + checkFieldRules) on what was typed.
import {
  Alert,
  Button,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import {
  checkFieldRules,
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldValue,
  type FieldValues,
  fieldValuesSchema,
} from '../../../shared/fields';
import { DateField } from '../../components/DateField';
import { useEnvironments } from './queries';

const isEmpty = (value: FieldValue | undefined) =>
  value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const asText = (value: FieldValue | undefined) => (typeof value === 'string' ? value : '');
const asList = (value: FieldValue | undefined) => (Array.isArray(value) ? value : []);

export function FormPreview({
  fields,
  parsed,
}: {
  /** The fields as edited (possibly invalid): always drawn. */
  fields: FieldDefinitionInput[];
  /** The same fields after fieldListSchema, when valid: needed to check answers. */
  parsed: FieldDefinition[] | null;
}) {
  const [values, setValues] = useState<FieldValues>({});
  const [errors, setErrors] = useState<Record<string, string> | null>(null);
  const needsInventory = fields.some((field) => field.type === 'environment');
  const environments = useEnvironments(needsInventory);

  const set = (key: string, value: FieldValue | undefined) => {
    setValues((current) => {
      const next = { ...current };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
    setErrors((current) => {
      if (!current?.[key]) return current;
      const { [key]: _gone, ...rest } = current;
      return rest;
    });
  };

  const check = () => {
    if (!parsed) return;
    const answers: FieldValues = {};
    for (const field of parsed) {
      const value = values[field.key];
      if (isEmpty(value)) continue;
      if (field.type === 'number' && typeof value !== 'number') continue;
      if ((field.type === 'multiselect' || field.type === 'list') !== Array.isArray(value)) continue;
      answers[field.key] = value!;
    }
    const found: Record<string, string> = {};
    const structure = fieldValuesSchema(parsed).safeParse(answers);
    if (!structure.success) {
      for (const issue of structure.error.issues) {
        const key = String(issue.path[0] ?? '');
        const label = parsed.find((field) => field.key === key)?.label ?? key;
        found[key] ??=
          issue.code === 'invalid_type' && answers[key] === undefined
            ? `${label} is required.`
            : `${label} ${issue.message}.`;
      }
    }
    const inventory = environments.data ?? [];
    const problems = checkFieldRules(parsed, answers, {
      today: new Date().toISOString().slice(0, 10),
      environment: (name) => inventory.find((environment) => environment.name === name) ?? null,
    });
    for (const problem of problems) found[problem.field] ??= problem.message;
    setErrors(found);
  };

  const environmentNames = (field: FieldDefinitionInput) =>
    (environments.data ?? [])
      .filter((environment) => environment.state !== 'terminated')
      .filter((environment) => !field.rules?.environment?.requestOnly || environment.requestOnly)
      .map((environment) => environment.name);

  return (
    <Stack gap="sm">
      {fields.length === 0 ? (
        <Text size="sm" c="gray.7">
          This form has no fields yet: requesters would only press “Submit request”.
        </Text>
      ) : null}
      {fields.map((field, index) => {
        const common = {
          label: field.label || '(no label)',
          description: field.help || undefined,
          placeholder: field.placeholder || undefined,
          required: field.required ?? true,
          error: errors?.[field.key],
        };
        const value = values[field.key];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: keys may repeat while the admin types
          <div key={`${index}-${field.key}`}>{input()}</div>
        );
        function input() {
          switch (field.type) {
            case 'longtext':
              return (
                <Textarea
                  {...common}
                  autosize
                  minRows={3}
                  value={asText(value)}
                  onChange={(event) => set(field.key, event.currentTarget.value)}
                />
              );
            case 'number':
              return (
                <NumberInput
                  {...common}
                  value={typeof value === 'number' ? value : ''}
                  onChange={(next) => set(field.key, typeof next === 'number' ? next : undefined)}
                />
              );
            case 'date':
              return (
                <DateField {...common} value={asText(value)} onChange={(next) => set(field.key, next)} />
              );
            case 'select':
              return (
                <Select
                  {...common}
                  clearable
                  data={(field.options ?? []).filter((option) => option.value)}
                  value={asText(value) || null}
                  onChange={(next) => set(field.key, next ?? undefined)}
                />
              );
            case 'multiselect':
              return (
                <MultiSelect
                  {...common}
                  data={(field.options ?? []).filter((option) => option.value)}
                  value={asList(value)}
                  onChange={(next) => set(field.key, next)}
                />
              );
            case 'list':
              return (
                <TagsInput
                  {...common}
                  description={field.help || 'Press Enter after each item'}
                  value={asList(value)}
                  onChange={(next) => set(field.key, next)}
                />
              );
            case 'environment':
              return field.rules?.environment?.mustNotExist ? (
                <TextInput
                  {...common}
                  value={asText(value)}
                  onChange={(event) => set(field.key, event.currentTarget.value)}
                />
              ) : (
                <Select
                  {...common}
                  searchable
                  clearable
                  data={environmentNames(field)}
                  value={asText(value) || null}
                  onChange={(next) => set(field.key, next ?? undefined)}
                  nothingFoundMessage="No such environment"
                />
              );
            default:
              return (
                <TextInput
                  {...common}
                  value={asText(value)}
                  onChange={(event) => set(field.key, event.currentTarget.value)}
                />
              );
          }
        }
      })}
      {parsed ? (
        <Button variant="light" onClick={check} style={{ alignSelf: 'flex-start' }}>
          Check answers
        </Button>
      ) : (
        <Text size="sm" c="gray.7">
          Fix the form’s problems to try its rules here.
        </Text>
      )}
      {errors && Object.keys(errors).length === 0 ? (
        <Alert color="green" variant="light" role="status">
          These answers pass every rule.
        </Alert>
      ) : null}
    </Stack>
  );
}
