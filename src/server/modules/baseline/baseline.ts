// The paper's Table 2 computed from a chat export: per request type, how many requests, their
// average resolution time (first request message → the support team's final answer) and how
// many were never answered. The recognised requests are returned for a reviewer to correct;
// `recomputeBaseline` recomputes the table from the corrected list.
import { z } from 'zod';
import {
  type ChatExportOptions,
  type ChatMessage,
  chatExportOptionsSchema,
  readChatExport,
} from './chatExport.js';
import { type ClassifierConfig, classifierOptionsSchema, createClassifier } from './classifier.js';
import { pairRequests, type SkippedCounts } from './conversations.js';
import { type PairingOptions, pairingOptionsSchema } from './pairingOptions.js';
import {
  type RequestTypeKey,
  requestTypeKeySchema,
  requestTypeKeys,
  requestTypeLabels,
} from './requestTypes.js';

export const analyseOptionsSchema = chatExportOptionsSchema
  .extend(pairingOptionsSchema.shape)
  .extend({ classifier: classifierOptionsSchema.optional() });
export type AnalyseOptions = ChatExportOptions & PairingOptions & { classifier?: ClassifierConfig };

export interface BaselineRow {
  type: RequestTypeKey;
  label: string;
  count: number;
  /** Mean over the answered requests, whole seconds; null when none was answered. */
  averageResolutionSeconds: number | null;
  unanswered: number;
}

export interface RecognisedRequest {
  index: number;
  line: number;
  messageId?: string;
  authorId?: string;
  author: string;
  /** ISO 8601, UTC. */
  at: string;
  text: string;
  type: RequestTypeKey;
  confidence: number;
  via: 'rule' | 'model' | 'none';
  followUpIndexes: number[];
  answer: { index: number; messageId?: string; author: string; at: string; text: string } | null;
  resolutionSeconds: number | null;
}

export interface BaselineAnalysis {
  table: BaselineRow[];
  requests: RecognisedRequest[];
  messageCount: number;
  skipped: SkippedCounts & { invalidRow: number };
  /** Rows skipped with `onInvalidRow: 'skip'`, with the reason. */
  invalidRows: { line: number; reason: string }[];
  /** First and last message time, ISO 8601; null for an export without messages. */
  period: { from: string; to: string } | null;
}

/** Reads a chat export CSV, recognises the requests, pairs answers and computes Table 2. */
export function analyseChatExport(csvText: string, options: AnalyseOptions): BaselineAnalysis {
  // Every option, the stored model included, is checked before a large export is read.
  analyseOptionsSchema.parse(options);
  const chatExport = readChatExport(csvText, options);
  const analysis = analyseMessages(chatExport.messages, options);
  return {
    ...analysis,
    skipped: { ...analysis.skipped, invalidRow: chatExport.invalidRows.length },
    invalidRows: chatExport.invalidRows,
  };
}

/** Table 2 from messages already read (another source than CSV). */
export function analyseMessages(messages: readonly ChatMessage[], options: AnalyseOptions): BaselineAnalysis {
  analyseOptionsSchema.parse(options);
  const classifier = createClassifier(options.classifier ?? {});
  const { requests, skipped } = pairRequests(
    messages,
    {
      classify: (message) => classifier.classify(message.text),
      topic: (message) => classifier.topic(message.text),
    },
    options,
  );
  const recognised = requests.map(
    ({ message, type, classification, followUps, finalAnswer }): RecognisedRequest => {
      const answer = finalAnswer
        ? {
            index: finalAnswer.index,
            ...(finalAnswer.id ? { messageId: finalAnswer.id } : {}),
            author: finalAnswer.author,
            at: finalAnswer.at.toISOString(),
            text: finalAnswer.text,
          }
        : null;
      return {
        index: message.index,
        line: message.line,
        ...(message.id ? { messageId: message.id } : {}),
        ...(message.authorId ? { authorId: message.authorId } : {}),
        author: message.author,
        at: message.at.toISOString(),
        text: message.text,
        type,
        confidence: classification.confidence,
        via: classification.via,
        followUpIndexes: followUps.map((m) => m.index),
        answer,
        resolutionSeconds: finalAnswer ? (finalAnswer.at.getTime() - message.at.getTime()) / 1000 : null,
      };
    },
  );
  const times = messages.map((m) => m.at.getTime());
  return {
    table: recomputeBaseline(recognised),
    requests: recognised,
    messageCount: messages.length,
    skipped: { ...skipped, invalidRow: 0 },
    invalidRows: [],
    period:
      times.length === 0
        ? null
        : {
            from: new Date(Math.min(...times)).toISOString(),
            to: new Date(Math.max(...times)).toISOString(),
          },
  };
}

/** What a reviewed request needs for the table; a reviewer sets `type: null` for "not a request". */
export const reviewedRequestSchema = z.object({
  type: requestTypeKeySchema.nullable(),
  at: z.coerce.date(),
  answer: z.object({ at: z.coerce.date() }).nullable(),
});
export type ReviewedRequest = z.input<typeof reviewedRequestSchema>;

/** Table 2 from a (corrected) list of requests; resolution comes from the answer's time. */
export function recomputeBaseline(requests: readonly ReviewedRequest[]): BaselineRow[] {
  const rows = new Map(
    requestTypeKeys.map((type) => [type, { count: 0, unanswered: 0, seconds: [] as number[] }]),
  );
  for (const input of requests) {
    const request = reviewedRequestSchema.parse(input);
    if (!request.type) continue;
    const row = rows.get(request.type)!;
    row.count++;
    if (request.answer) row.seconds.push((request.answer.at.getTime() - request.at.getTime()) / 1000);
    else row.unanswered++;
  }
  return requestTypeKeys.map((type) => {
    const { count, unanswered, seconds } = rows.get(type)!;
    const total = seconds.reduce((a, b) => a + b, 0);
    return {
      type,
      label: requestTypeLabels[type],
      count,
      averageResolutionSeconds: seconds.length === 0 ? null : Math.round(total / seconds.length),
      unanswered,
    };
  });
}

/** `h:mm:ss` as the paper's tables print durations (hours may exceed 24). */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}
