// The ticket as GET /api/v1/tickets/{key} returns it (see openapi.json), and its fulfilment runs.

export interface Person {
  id: string;
  email: string;
  displayName: string;
}

export interface Actor {
  kind: string;
  id: string | null;
  name: string;
}

export interface HistoryEntry {
  at: string;
  actor: Actor;
  transition: string;
  from: string | null;
  to: string;
}

export interface TicketComment {
  id: string;
  at: string;
  author: Actor;
  body: string;
  internal: boolean;
  kind: string;
  data?: unknown;
}

export interface TicketApproval {
  approver: Person;
  state: string;
  reason: string;
  round: number;
  comment: string | null;
  decidedAt: string | null;
}

export interface AvailableTransition {
  name: string;
  label: string;
  requiresComment: boolean;
}

export interface Ticket {
  key: string;
  kind: string;
  title: string;
  requestType: string | null;
  requestTypeName: string | null;
  status: string;
  statusName: string;
  statusCategory: string;
  requester: Person;
  team: { key: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  fields: Record<string, unknown>;
  history: HistoryEntry[];
  comments: TicketComment[];
  approvals: TicketApproval[];
  availableTransitions: AvailableTransition[];
  canApprove: boolean;
}

export interface RunOutputLine {
  at: string;
  level: string;
  line: string;
}

export interface FulfilmentRun {
  id: string;
  number: number;
  action: string;
  environment: string | null;
  status: string;
  attempts: number;
  error: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
  output: RunOutputLine[];
}

export interface RequestTypeField {
  key: string;
  label: string;
  type: string;
  options?: { value: string; label: string }[];
}

export interface RequestTypeDefinition {
  key: string;
  name: string;
  fields: RequestTypeField[];
}

export const ticketKey = (key: string) => ['ticket', key] as const;
export const runsKey = (key: string) => ['ticket', key, 'runs'] as const;
