// The report endpoints' answers (see /api/v1/reports/* in the OpenAPI document) and their queries.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, href, type Query } from '../lib/api';

export interface ChartPart {
  labels: string[];
  series: { key: string; label: string; unit: 'seconds' | 'count' | 'percent'; data: (number | null)[] }[];
}

interface RangeAnswer {
  from: string;
  to: string;
  timeZone: string;
  chart: ChartPart;
}

export interface ResolutionTimeReport extends RangeAnswer {
  metric: string;
  requestTypes: {
    requestType: string;
    name: string;
    count: number;
    averageSeconds: number | null;
    p50Seconds: number | null;
    p90Seconds: number | null;
    p95Seconds: number | null;
    minSeconds: number | null;
    maxSeconds: number | null;
    targetMetric: string | null;
    targetSeconds: number | null;
    metCount: number;
    breachedCount: number;
    improvementPercentage: number | null;
    averageWithinTarget: boolean | null;
  }[];
}

export interface NeedFurtherSupportReport extends RangeAnswer {
  total: number;
  withNeedFurtherSupport: number;
  percentage: number;
  requestTypes: {
    requestType: string;
    name: string;
    total: number;
    withNeedFurtherSupport: number;
    percentage: number;
  }[];
}

export interface SlaReport extends RangeAnswer {
  rows: {
    requestType: string;
    name: string;
    metric: string;
    goalSeconds: number | null;
    completed: number;
    met: number;
    breached: number;
    metPercentage: number | null;
    open: number;
    openBreached: number;
    openAtRisk: number;
  }[];
}

export interface CreatedResolvedReport extends RangeAnswer {
  /** What each row counts; its `day` is the bucket's first day. */
  bucket: 'day' | 'week' | 'month';
  days: { day: string; created: number; resolved: number }[];
}

export interface SlaPolicy {
  key: string;
  name: string;
  metrics: { key: string; name: string; goalSeconds: number | null }[];
  requestTypes: string[];
}

export type ReportName = 'resolution-time' | 'need-further-support' | 'sla' | 'created-resolved';

export const reportPath = (name: ReportName) => `/api/v1/reports/${name}`;

/** The CSV export of a report with the same query (the API answers CSV to ?format=csv). */
export const csvHref = (name: ReportName, query: Query) =>
  href(reportPath(name), { ...query, format: 'csv' });

/** A report, refetched live: keys rooted at 'reports' are invalidated on every ticket event. */
export function useReport<T>(name: ReportName, query: Query) {
  return useQuery({
    queryKey: ['reports', name, query],
    queryFn: ({ signal }) => api<T>(reportPath(name), { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Metric keys and names across the SLA policies, for the "measure" choice. */
export function useSlaMetrics() {
  return useQuery({
    queryKey: ['sla', 'policies'],
    queryFn: () => api<SlaPolicy[]>('/api/v1/sla/policies'),
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
