// A date input in the app's own format ("6 Dec 2026", as dates are shown everywhere), instead of
// the browser's date input, whose format follows the browser's locale (mm/dd/yyyy in en-US).
// Values stay ISO dates ("2026-12-06"); '' is no date.
import { DatePickerInput, type DatePickerInputProps } from '@mantine/dates';

/** The format of dates in inputs and filters: en-GB medium, like `dateTime` in lib/format. */
export const dateInputFormat = 'D MMM YYYY';

type Props = Omit<DatePickerInputProps, 'value' | 'onChange' | 'type' | 'minDate' | 'maxDate'> & {
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest choosable day (ISO dates). */
  min?: string;
  max?: string;
};

export function DateField({ value, onChange, min, max, required, clearable, ...rest }: Props) {
  return (
    <DatePickerInput
      {...rest}
      required={required}
      valueFormat={dateInputFormat}
      placeholder={rest.placeholder ?? 'Pick a date'}
      clearable={clearable ?? !required}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      minDate={min || undefined}
      maxDate={max || undefined}
      popoverProps={{ withinPortal: true, ...rest.popoverProps }}
      // The × that clears the date needs a name; the placeholder, AA contrast (gray 7, not 5).
      clearButtonProps={{
        'aria-label': typeof rest.label === 'string' ? `Clear ${rest.label}` : 'Clear the date',
        ...rest.clearButtonProps,
      }}
      styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
    />
  );
}
