// One input per field type of a request form. Every input carries the field's label, its help
// text as description, and its error (Mantine wires aria-invalid and aria-describedby).
import { Checkbox, Group, NativeSelect, Textarea, TextInput } from '@mantine/core';
import type { FocusEvent } from 'react';
import type { FieldDefinition } from '../../shared/fields';
import { DateField } from '../components/DateField';
import type { Choice } from './requestForm';

interface Props {
  field: FieldDefinition;
  value: string | string[];
  error?: string;
  /** For environment fields: the choices, or null for free text (a new name / inventory unavailable). */
  environmentChoices?: Choice[] | null;
  environmentNote?: string;
  /** The inventory is still loading: the picker shows, disabled, in its final place. */
  loadingChoices?: boolean;
  onChange(value: string | string[]): void;
  onBlur(event: FocusEvent<HTMLElement>): void;
}

export function fieldInputId(key: string) {
  return `field-${key}`;
}

export function FieldInput({
  field,
  value,
  error,
  environmentChoices,
  environmentNote,
  loadingChoices,
  onChange,
  onBlur,
}: Props) {
  const common = {
    id: fieldInputId(field.key),
    name: field.key,
    label: field.label,
    description: describe(field),
    error,
    // A visible asterisk (aria-hidden, so the name stays "Domain") and aria-required via `required`;
    // optional fields also say "Optional." in their description.
    required: field.required,
    withAsterisk: field.required,
    'aria-required': field.required || undefined,
    onBlur,
  };
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value : [];

  switch (field.type) {
    case 'boolean':
      return (
        <Checkbox
          id={common.id}
          name={common.name}
          label={field.label}
          description={describe(field)}
          error={error}
          checked={text === 'true'}
          onChange={(event) => onChange(event.currentTarget.checked ? 'true' : '')}
          onBlur={onBlur}
        />
      );
    case 'longtext':
      return (
        <Textarea
          {...common}
          placeholder={field.placeholder}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          placeholder={field.placeholder}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          maw={240}
        />
      );
    case 'date':
      return <DateField {...common} value={text} onChange={onChange} maw={240} />;
    case 'select':
      return (
        <NativeSelect
          {...common}
          value={text}
          data={[{ value: '', label: 'Choose…' }, ...(field.options ?? [])]}
          onChange={(event) => onChange(event.currentTarget.value)}
          maw={420}
        />
      );
    case 'multiselect':
      return (
        <Checkbox.Group
          id={common.id}
          label={field.label}
          description={describe(field)}
          error={error}
          required={field.required}
          withAsterisk={field.required}
          value={list}
          onChange={onChange}
          onBlur={onBlur}
        >
          <Group gap="md" mt={6}>
            {(field.options ?? []).map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} />
            ))}
          </Group>
        </Checkbox.Group>
      );
    case 'list':
      return (
        <Textarea
          {...common}
          description={describe(field, 'One per line (or separated by commas).')}
          placeholder={field.placeholder}
          autosize
          minRows={3}
          maxRows={10}
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'environment':
      if (loadingChoices && !field.rules.environment?.mustNotExist) {
        return (
          <NativeSelect
            {...common}
            disabled
            data={[{ value: '', label: 'Loading environments…' }]}
            maw={420}
          />
        );
      }
      if (environmentChoices) {
        return (
          <NativeSelect
            {...common}
            description={describe(field, environmentNote)}
            value={text}
            data={[{ value: '', label: 'Choose an environment…' }, ...withCurrent(environmentChoices, text)]}
            onChange={(event) => onChange(event.currentTarget.value)}
            maw={420}
          />
        );
      }
      return (
        <TextInput
          {...common}
          description={describe(field, environmentNote)}
          placeholder={field.placeholder}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          maw={420}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          placeholder={field.placeholder}
          autoComplete="off"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          maw={560}
        />
      );
  }
}

function describe(field: FieldDefinition, fallback?: string): string | undefined {
  const text = field.help ?? fallback;
  if (field.required) return text;
  return text ? `Optional. ${text}` : 'Optional.';
}

/** Keeps a value chosen earlier (e.g. from a link) visible even if the list no longer offers it. */
function withCurrent(choices: Choice[], current: string): Choice[] {
  if (!current || choices.some((choice) => choice.value === current)) return choices;
  return [...choices, { value: current, label: current }];
}
