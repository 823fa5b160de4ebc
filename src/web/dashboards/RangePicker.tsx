// Presets and a custom from/to for every chart on the page; the choice lives in the URL.
import { Button, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { DateField } from '../components/DateField';
import { checkCustom, type DateRange, type PresetKey, presetRange, presets } from './range';

export function RangePicker({
  range,
  today,
  onChange,
}: {
  range: DateRange;
  today: string;
  onChange: (range: DateRange) => void;
}) {
  const [from, setFrom] = useState(range.from ?? '');
  const [to, setTo] = useState(range.to ?? '');
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});

  useEffect(() => {
    setFrom(range.from ?? '');
    setTo(range.to ?? '');
    setProblems({});
  }, [range.from, range.to]);

  const pick = (key: PresetKey) => onChange(presetRange(key, today));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = checkCustom(from, to);
    setProblems(found);
    if (found.from || found.to) return;
    onChange({ preset: 'custom', from, to });
  };

  return (
    <Stack gap="xs">
      <Group gap="xs" role="group" aria-label="Date range">
        {presets.map((preset) => (
          <Button
            key={preset.key}
            size="xs"
            variant={range.preset === preset.key ? 'filled' : 'default'}
            aria-pressed={range.preset === preset.key}
            onClick={() => pick(preset.key)}
          >
            {preset.label}
          </Button>
        ))}
      </Group>
      <form onSubmit={apply} noValidate aria-label="Custom date range">
        <Group gap="xs" align="flex-start" wrap="wrap">
          <DateField
            label="From"
            size="xs"
            value={from}
            max={today}
            onChange={setFrom}
            error={problems.from}
            w={150}
          />
          <DateField
            label="To"
            size="xs"
            value={to}
            max={today}
            onChange={setTo}
            error={problems.to}
            w={150}
          />
          <Stack gap={0}>
            <Text size="xs" aria-hidden="true" style={{ visibility: 'hidden' }} fw={500}>
              &nbsp;
            </Text>
            <Button type="submit" size="xs" variant={range.preset === 'custom' ? 'filled' : 'light'} mt={1}>
              Apply dates
            </Button>
          </Stack>
        </Group>
      </form>
    </Stack>
  );
}
