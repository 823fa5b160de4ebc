// One field of a request type's form: what it asks, its type, options and rules.
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
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
import { type FieldDefinitionInput, type FieldType, fieldTypes } from '../../../shared/fields';
import { type EditorAction, hasOptions, rulesByType } from './editorState';

export const fieldTypeLabels: Record<FieldType, string> = {
  text: 'Text (one line)',
  longtext: 'Long text',
  number: 'Number',
  date: 'Date',
  select: 'Choice (one)',
  multiselect: 'Choices (several)',
  list: 'List of texts',
  environment: 'Staging environment',
  boolean: 'Yes / no',
};

/** Paths an input of this editor shows; any other problem is listed under the field. */
const shownPaths = new Set([
  'key',
  'label',
  'type',
  'help',
  'placeholder',
  'options',
  'rules.pattern.regex',
  'rules.pattern.message',
  'rules.itemPattern.regex',
  'rules.itemPattern.message',
  'rules.minLength',
  'rules.maxLength',
  'rules.min',
  'rules.max',
  'rules.minItems',
  'rules.maxItems',
  'rules.differsFrom',
  'rules.environment',
  'rules.futureDate',
]);

type EnvironmentRule = 'none' | 'exists' | 'requestOnly' | 'new';

function environmentRuleOf(rules: FieldDefinitionInput['rules']): EnvironmentRule {
  const rule = rules?.environment;
  if (!rule) return 'none';
  if (rule.mustNotExist) return 'new';
  if (rule.requestOnly) return 'requestOnly';
  return rule.mustExist === false ? 'none' : 'exists';
}

const environmentRules: Record<EnvironmentRule, NonNullable<FieldDefinitionInput['rules']>['environment']> = {
  none: undefined,
  exists: { mustExist: true },
  requestOnly: { mustExist: true, requestOnly: true },
  new: { mustExist: false, mustNotExist: true },
};

const mono = { input: { fontFamily: 'ui-monospace, monospace' } };

const numberOrUndefined = (value: number | string) => (typeof value === 'number' ? value : undefined);

function ArrowIcon({ up }: { up: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d={up ? 'M8 3 L3 9 H6 V13 H10 V9 H13 Z' : 'M8 13 L3 7 H6 V3 H10 V7 H13 Z'} fill="currentColor" />
    </svg>
  );
}

export function FieldEditor({
  field,
  index,
  count,
  otherKeys,
  problems,
  dispatch,
}: {
  field: FieldDefinitionInput;
  index: number;
  count: number;
  otherKeys: string[];
  problems: Record<string, string>;
  dispatch: Dispatch<EditorAction>;
}) {
  const rules = field.rules ?? {};
  const offered = rulesByType[field.type];
  const update = (patch: Partial<FieldDefinitionInput>) => dispatch({ type: 'updateField', index, patch });
  const setRules = (patch: Parameters<typeof rulesPatch>[0]) =>
    dispatch({ type: 'updateRules', index, patch: rulesPatch(patch) });
  const name = field.label || field.key || `field ${index + 1}`;
  const leftover = Object.entries(problems).filter(([path]) => !shownPaths.has(path));
  const hasProblems = Object.keys(problems).length > 0;

  const patternInputs = (rule: 'pattern' | 'itemPattern', title: string) => {
    const value = rules[rule];
    const set = (patch: Partial<{ regex: string; message: string }>) => {
      const next = { regex: value?.regex ?? '', message: value?.message ?? '', ...patch };
      setRules({ [rule]: next.regex || next.message ? next : undefined });
    };
    return (
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <TextInput
          label={title}
          description="A regular expression; leave empty for none"
          styles={mono}
          value={value?.regex ?? ''}
          onChange={(event) => set({ regex: event.currentTarget.value })}
          error={problems[`rules.${rule}.regex`]}
        />
        <TextInput
          label="Message when it does not match"
          description="Shown to the requester"
          value={value?.message ?? ''}
          onChange={(event) => set({ message: event.currentTarget.value })}
          error={problems[`rules.${rule}.message`]}
          disabled={!value}
        />
      </SimpleGrid>
    );
  };

  const numberRule = (
    rule: 'minLength' | 'maxLength' | 'min' | 'max' | 'minItems' | 'maxItems',
    label: string,
  ) => (
    <NumberInput
      label={label}
      value={rules[rule] ?? ''}
      allowDecimal={rule === 'min' || rule === 'max'}
      allowNegative={rule === 'min' || rule === 'max'}
      onChange={(value) => setRules({ [rule]: numberOrUndefined(value) })}
      error={problems[`rules.${rule}`]}
    />
  );

  return (
    <Fieldset
      legend={
        <Text fw={600} component="span">
          {index + 1}. {name}
        </Text>
      }
      aria-invalid={hasProblems || undefined}
      styles={hasProblems ? { root: { borderColor: 'var(--mantine-color-red-7)' } } : undefined}
    >
      <Stack gap="sm">
        <Group justify="flex-end" gap={4} mt={-8}>
          <ActionIcon
            variant="subtle"
            color="gray.8"
            aria-label={`Move ${name} up`}
            disabled={index === 0}
            onClick={() => dispatch({ type: 'moveField', index, to: index - 1 })}
          >
            <ArrowIcon up />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray.8"
            aria-label={`Move ${name} down`}
            disabled={index === count - 1}
            onClick={() => dispatch({ type: 'moveField', index, to: index + 1 })}
          >
            <ArrowIcon up={false} />
          </ActionIcon>
          <Button
            size="compact-sm"
            variant="subtle"
            color="red.8"
            aria-label={`Remove ${name}`}
            onClick={() => dispatch({ type: 'removeField', index })}
          >
            Remove
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            label="Label"
            description="The question requesters see"
            required
            value={field.label}
            onChange={(event) => update({ label: event.currentTarget.value })}
            error={problems.label}
          />
          <TextInput
            label="Key"
            description="camelCase, used in automation"
            required
            styles={mono}
            value={field.key}
            onChange={(event) => update({ key: event.currentTarget.value })}
            error={problems.key}
          />
          <Select
            label="Type"
            data={fieldTypes.map((type) => ({ value: type, label: fieldTypeLabels[type] }))}
            value={field.type}
            allowDeselect={false}
            onChange={(value) => value && update({ type: value as FieldType })}
            error={problems.type}
          />
          <Checkbox
            label="Required"
            mt={{ base: 0, xs: 30 }}
            checked={field.required ?? true}
            onChange={(event) => update({ required: event.currentTarget.checked })}
          />
          <TextInput
            label="Placeholder"
            value={field.placeholder ?? ''}
            onChange={(event) => update({ placeholder: event.currentTarget.value })}
            error={problems.placeholder}
          />
          <Textarea
            label="Help text"
            autosize
            minRows={1}
            value={field.help ?? ''}
            onChange={(event) => update({ help: event.currentTarget.value })}
            error={problems.help}
          />
        </SimpleGrid>

        {hasOptions(field.type) ? (
          <Stack gap={6}>
            <Text size="sm" fw={600} id={`options-${index}`}>
              Options
            </Text>
            {(field.options ?? []).map((option, optionIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: options have no identity but their place
              <Group key={optionIndex} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label={`Option ${optionIndex + 1} value`}
                  styles={mono}
                  style={{ flex: 1 }}
                  value={option.value}
                  onChange={(event) =>
                    dispatch({
                      type: 'updateOption',
                      index,
                      option: optionIndex,
                      patch: { value: event.currentTarget.value },
                    })
                  }
                  error={problems[`options.${optionIndex}.value`]}
                />
                <TextInput
                  label={`Option ${optionIndex + 1} label`}
                  style={{ flex: 1 }}
                  value={option.label}
                  onChange={(event) =>
                    dispatch({
                      type: 'updateOption',
                      index,
                      option: optionIndex,
                      patch: { label: event.currentTarget.value },
                    })
                  }
                  error={problems[`options.${optionIndex}.label`]}
                />
                <Button
                  variant="subtle"
                  color="red.8"
                  aria-label={`Remove option ${optionIndex + 1}`}
                  onClick={() => dispatch({ type: 'removeOption', index, option: optionIndex })}
                >
                  Remove
                </Button>
              </Group>
            ))}
            {problems.options ? (
              <Text size="sm" c="red.8">
                {problems.options}
              </Text>
            ) : null}
            <Button
              variant="light"
              size="xs"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => dispatch({ type: 'addOption', index })}
            >
              Add option
            </Button>
          </Stack>
        ) : null}

        <Text size="sm" fw={600}>
          Rules
        </Text>
        {offered.includes('environment') ? (
          <Select
            label="The environment must"
            allowDeselect={false}
            data={[
              { value: 'exists', label: 'exist in the inventory' },
              { value: 'requestOnly', label: 'exist and be request-only' },
              { value: 'new', label: 'not exist yet (a new name)' },
              { value: 'none', label: 'anything (no inventory check)' },
            ]}
            value={environmentRuleOf(rules)}
            onChange={(value) =>
              setRules({ environment: environmentRules[(value ?? 'none') as EnvironmentRule] })
            }
            error={problems['rules.environment']}
          />
        ) : null}
        {offered.includes('pattern') ? patternInputs('pattern', 'Must match') : null}
        {offered.includes('itemPattern') ? patternInputs('itemPattern', 'Each item must match') : null}
        <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="xs">
          {offered.includes('minLength') ? numberRule('minLength', 'Min length') : null}
          {offered.includes('maxLength') ? numberRule('maxLength', 'Max length') : null}
          {offered.includes('min') ? numberRule('min', 'Minimum') : null}
          {offered.includes('max') ? numberRule('max', 'Maximum') : null}
          {offered.includes('minItems') ? numberRule('minItems', 'Min items') : null}
          {offered.includes('maxItems') ? numberRule('maxItems', 'Max items') : null}
        </SimpleGrid>
        {offered.includes('futureDate') ? (
          <Checkbox
            label="Must be in the future (after today)"
            checked={rules.futureDate ?? false}
            onChange={(event) => setRules({ futureDate: event.currentTarget.checked || undefined })}
          />
        ) : null}
        <Select
          label="Must differ from"
          placeholder="No other field"
          clearable
          data={[...new Set([...otherKeys, ...(rules.differsFrom ? [rules.differsFrom] : [])])]}
          value={rules.differsFrom ?? null}
          onChange={(value) => setRules({ differsFrom: value ?? undefined })}
          error={problems['rules.differsFrom']}
        />
        {leftover.length > 0 ? (
          <List size="sm" c="red.8" role="alert">
            {leftover.map(([path, message]) => (
              <List.Item key={path}>
                {path === 'field' ? '' : `${path}: `}
                {message}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Fieldset>
  );
}

function rulesPatch(patch: Record<string, unknown>) {
  return patch as Extract<EditorAction, { type: 'updateRules' }>['patch'];
}
