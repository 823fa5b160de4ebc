// Admin pages keep what is open and filtered in the URL, so a link or a reload shows the same view.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** One query-string parameter as state; '' or null removes it. Other parameters are kept. */
export function useUrlParam(name: string): [string, (value: string | null, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = useCallback(
    (next: string | null, replace = false) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set(name, next);
          else copy.delete(name);
          return copy;
        },
        { replace },
      ),
    [name, setParams],
  );
  return [value, set];
}

/** All IANA zones the browser knows (UTC first), for time-zone pickers. */
export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}
