// The report endpoints (/api/v1/reports/*): their answers, as the API contract describes them, and
// their queries.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Wire } from '../../shared/api/common';
import type { chartOut } from '../../shared/api/reports';
import { api, href, type Query } from '../lib/api';
import type { SchemaName, SchemaNamed } from '../lib/contract';

export type ChartPart = Wire<typeof chartOut>;

/** Each report's answer (its query: the range, plus its own parameters). */
const reportAnswers = {
  'resolution-time': 'reports.resolutionTimeOut',
  'need-further-support': 'reports.needFurtherSupportOut',
  sla: 'reports.slaReportOut',
  'created-resolved': 'reports.createdResolvedOut',
} as const satisfies Record<string, SchemaName>;
export type ReportName = keyof typeof reportAnswers;
export type ReportOf<Name extends ReportName> = Wire<SchemaNamed<(typeof reportAnswers)[Name]>>;
export type ResolutionTimeReport = ReportOf<'resolution-time'>;
export type NeedFurtherSupportReport = ReportOf<'need-further-support'>;
export type SlaReport = ReportOf<'sla'>;
export type CreatedResolvedReport = ReportOf<'created-resolved'>;

export const reportPath = (name: ReportName) => `/api/v1/reports/${name}`;

/** The CSV export of a report with the same query (the API answers CSV to ?format=csv). */
export const csvHref = (name: ReportName, query: Query) =>
  href(reportPath(name), { ...query, format: 'csv' });

/** A report, refetched live: keys rooted at 'reports' are invalidated on every ticket event. */
export function useReport<Name extends ReportName>(name: Name, query: Query) {
  return useQuery({
    queryKey: ['reports', name, query],
    queryFn: ({ signal }): Promise<ReportOf<Name>> =>
      api(reportPath(name), reportAnswers[name], { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Metric keys and names across the SLA policies, for the "measure" choice. */
export function useSlaMetrics() {
  return useQuery({
    queryKey: ['sla', 'policies'],
    queryFn: () => api('/api/v1/sla/policies', 'sla.policyListOut'),
    staleTime: 5 * 60_000,
    select: (policies) => {
      const names = new Map<string, string>();
      for (const policy of policies) for (const metric of policy.metrics) names.set(metric.key, metric.name);
      return [...names].map(([value, label]) => ({ value, label }));
    },
  });
}

export const metricName = (key: string) =>
  key.replaceAll('_', ' ').replace(/^./, (first) => first.toUpperCase());
