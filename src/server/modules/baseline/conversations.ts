// Finds the requests in a channel and pairs each with the support team's final answer.
// Reply and thread columns are used when the export has them; otherwise the conversation is
// inferred. A support message belongs to a request when it replies to it, names its staging
// server or domain, mentions the requester (while the request is the requester's current topic,
// or the message speaks of the request's type), or simply follows what the requester just said
// while the conversation is active (same team member, not idle). The requester's current topic
// changes with a new request or an unrelated message; a conversation ends when the requester
// thanks for an answer (thanks after a mere "ok, on it" does not end it).
import { authorKey, isSupportAuthor, MentionDirectory } from './authors.js';
import type { ChatMessage } from './chatExport.js';
import type { Classification } from './classifier.js';
import {
  askAnswerMs,
  asksTheTeam,
  type Conversation,
  conflicts,
  entitySet,
  inSameThread,
  latest,
  mostRecent,
  sharesEntity,
} from './conversationParts.js';
import { type PairingOptions, pairingOptionsSchema } from './pairingOptions.js';
import type { RequestTypeKey } from './requestTypes.js';

export { asksTheTeam } from './conversationParts.js';

export interface PairedRequest {
  message: ChatMessage;
  type: RequestTypeKey;
  classification: Classification;
  /** The requester's further messages about the same request (details, reminders, thanks). */
  followUps: ChatMessage[];
  /** Every support message taken as part of this conversation, in order. */
  answers: ChatMessage[];
  /**
   * The last answer that is more than an interim reply (else the last interim reply);
   * null when nobody from the support team responded.
   */
  finalAnswer: ChatMessage | null;
}

export interface SkippedCounts {
  supportAnswer: number;
  supportOther: number;
  followUp: number;
  notARequest: number;
  empty: number;
  outsideRange: number;
}

export interface PairingResult {
  requests: PairedRequest[];
  skipped: SkippedCounts;
}

/** What pairing needs from a classifier, per message (so a caller may also use message ids). */
export interface MessageClassifier {
  /** The request type of a message from outside the support team, or null. */
  classify(message: ChatMessage): Classification;
  /** The request type a support message speaks of, if any ("recreate done" → recreate-staging). */
  topic(message: ChatMessage): RequestTypeKey | null;
}

export function pairRequests(
  messages: readonly ChatMessage[],
  classifier: MessageClassifier,
  options: PairingOptions,
): PairingResult {
  const pairing = new Pairing(messages, classifier, options);
  const ordered = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  for (const message of ordered) pairing.read(message);
  return pairing.result();
}

class Pairing {
  private readonly options;
  private readonly thanks: RegExp[];
  private readonly askPatterns: RegExp[];
  private readonly interimPatterns: RegExp[];
  private readonly completions: RegExp[];
  private readonly courtesies: RegExp[];
  private readonly directory: MentionDirectory;
  private readonly supportKeys: Set<string>;
  private readonly conversations: Conversation[] = [];
  /** Conversations neither closed nor past `maxAnswerSeconds`; time only moves forward. */
  private active: Conversation[] = [];
  private readonly interimReplies = new Set<ChatMessage>();
  /** Message id → conversation, for replies. */
  private readonly owner = new Map<string, Conversation>();
  /** Requester → the conversation their latest message belonged to (null: something else). */
  private readonly currentTopic = new Map<string, Conversation | null>();
  /** Requester → their latest unanswered ask outside the request types. */
  private readonly asks = new Map<string, { at: number; id: string | undefined }>();
  private readonly skipped: SkippedCounts = {
    supportAnswer: 0,
    supportOther: 0,
    followUp: 0,
    notARequest: 0,
    empty: 0,
    outsideRange: 0,
  };

  constructor(
    messages: readonly ChatMessage[],
    private readonly classifier: MessageClassifier,
    input: PairingOptions,
  ) {
    this.options = pairingOptionsSchema.parse(input);
    const compile = (sources: string[]) => sources.map((source) => new RegExp(source, 'iu'));
    this.thanks = compile(this.options.thanksPatterns);
    this.askPatterns = compile(this.options.askPatterns);
    this.interimPatterns = compile(this.options.interimReplyPatterns);
    this.completions = compile(this.options.completionPatterns);
    this.courtesies = compile(this.options.courtesyPatterns);
    this.directory = new MentionDirectory(messages);
    this.supportKeys = new Set(
      messages.filter((m) => isSupportAuthor(this.options.supportTeam, m)).map(authorKey),
    );
  }

  read(message: ChatMessage): void {
    if (isSupportAuthor(this.options.supportTeam, message)) this.readSupportMessage(message);
    else if (message.text.trim() === '') this.skipped.empty++;
    else this.readRequesterMessage(message);
  }

  result(): PairingResult {
    const requests = this.conversations.map(({ paired }) => {
      const substantive = paired.answers.filter((answer) => !this.interimReplies.has(answer));
      // An "ok, on it" that nothing followed is no answer: the request stays unanswered.
      return { ...paired, finalAnswer: substantive.at(-1) ?? null };
    });
    return { requests, skipped: this.skipped };
  }

  private get idleMs(): number {
    return this.options.idleSeconds * 1000;
  }

  private open(at: number): Conversation[] {
    const maxAnswerMs = this.options.maxAnswerSeconds * 1000;
    this.active = this.active.filter((c) => !c.closed && at - c.firstAt <= maxAnswerMs);
    return this.active;
  }

  /** A requester who moves on from an answered request is done with it. */
  private setTopic(requester: string, topic: Conversation | null): void {
    const previous = this.currentTopic.get(requester);
    if (previous && previous !== topic && previous.resolved) previous.closed = true;
    this.currentTopic.set(requester, topic);
  }

  private join(c: Conversation, message: ChatMessage): void {
    if (message.id) this.owner.set(message.id, c);
    c.lastActivityAt = message.at.getTime();
  }

  private readSupportMessage(message: ChatMessage): void {
    const target = message.text.trim() === '' ? undefined : this.conversationAnswered(message);
    if (!target) {
      this.skipped.supportOther++;
      return;
    }
    target.paired.answers.push(message);
    target.handlers.add(authorKey(message));
    target.lastSupportAt = message.at.getTime();
    if (this.isInterim(message)) this.interimReplies.add(message);
    else target.resolved = true;
    target.askedRequester = /\?\s*$/.test(message.text);
    this.join(target, message);
    this.skipped.supportAnswer++;
  }

  private isInterim(message: ChatMessage): boolean {
    const text = this.directory.withoutMentions(message.text).trim();
    // "ok, it's live" starts like "ok, on it" but says it is done.
    return (
      this.interimPatterns.some((regex) => regex.test(text)) &&
      (/\?\s*$/.test(text) || !this.completions.some((regex) => regex.test(text)))
    );
  }

  /** The conversation a support message answers, if any. */
  private conversationAnswered(message: ChatMessage): Conversation | undefined {
    const at = message.at.getTime();
    if (message.replyTo) {
      const replied = this.owner.get(message.replyTo);
      for (const [asker, ask] of this.asks) if (ask.id === message.replyTo) this.asks.delete(asker);
      return replied && !replied.closed ? replied : undefined;
    }
    const candidates = this.open(at).filter((c) => inSameThread(c, message));
    // Inside a thread started from a request, the thread says which request.
    const threadOf = candidates.filter(
      (c) => message.thread !== undefined && c.paired.message.id === message.thread,
    );
    if (threadOf.length > 0) return mostRecent(threadOf);
    const text = this.directory.withoutMentions(message.text);
    if (this.courtesies.some((regex) => regex.test(text.trim()))) return undefined;
    const entities = entitySet(message.text);
    const about = this.classifier.topic(message);
    const unresolved = (list: Conversation[]) => list.filter((c) => !c.resolved);
    const mentioned = [...this.directory.mentionedKeys(message.text)].filter(
      (key) => !this.supportKeys.has(key),
    );
    if (mentioned.length > 0) {
      // "@budi done" answers Budi's open request: the one it names, else of its type, else the
      // latest; unless Budi asked something else since.
      const asked = mentioned.map((key) => this.asks.get(key)?.at ?? -1);
      for (const key of mentioned) this.asks.delete(key);
      const theirs = candidates.filter(
        (c) => mentioned.includes(c.requester) && !asked.some((askAt) => askAt > c.lastActivityAt),
      );
      return (
        mostRecent(theirs.filter((c) => sharesEntity(c, entities))) ??
        mostRecent(unresolved(theirs).filter((c) => c.paired.type === about)) ??
        mostRecent(unresolved(theirs))
      );
    }
    // Naming a request's server or domain ties the message to it.
    const naming = candidates.filter((c) => sharesEntity(c, entities));
    if (naming.length > 0) return mostRecent(unresolved(naming)) ?? mostRecent(naming);
    const answerLike =
      about !== null ||
      this.completions.some((regex) => regex.test(text)) ||
      this.interimPatterns.some((regex) => regex.test(text.trim()));
    if (!answerLike) return undefined;
    // Otherwise an open, unanswered request, whatever was said in between: of the type the
    // message speaks of, else the one with the latest activity. Naming other servers: not these;
    // speaking of another type ("template v4 sudah rilis, recreate bisa request di sini"): none.
    const open = unresolved(candidates).filter((c) => entities.size === 0 || c.entities.size === 0);
    if (about !== null) return mostRecent(open.filter((c) => c.paired.type === about));
    const target = mostRecent(open);
    const ask = this.latestOpenAsk(at);
    if (ask && (!target || ask.at > target.lastSupportAt)) {
      this.asks.delete(ask.asker);
      return undefined;
    }
    return target;
  }

  /** The latest ask outside the request types from the last hour still waiting for an answer. */
  private latestOpenAsk(at: number): { asker: string; at: number } | undefined {
    let found: { asker: string; at: number } | undefined;
    for (const [asker, ask] of this.asks) {
      if (at - ask.at > askAnswerMs) this.asks.delete(asker);
      else if (!found || ask.at > found.at) found = { asker, at: ask.at };
    }
    return found;
  }

  private readRequesterMessage(message: ChatMessage): void {
    const at = message.at.getTime();
    const requester = authorKey(message);
    const mine = this.open(at).filter((c) => c.requester === requester);
    const linked = this.linkedConversation(message);
    const ownLinked = linked?.requester === requester && !linked.closed ? linked : undefined;
    const entities = entitySet(message.text);
    const topic = this.currentTopic.get(requester);
    // Thanks for an answer ends the conversation; thanks in advance or for an "on it" does not.
    const isThanks = this.thanks.some((regex) => regex.test(message.text));
    const thanked = isThanks && topic && !topic.closed && topic.resolved ? topic : undefined;
    if (thanked) thanked.closed = true;
    // The reply to a question from the support team ("which table?") belongs to its conversation.
    if (topic && !topic.closed && topic.askedRequester && at - topic.lastActivityAt <= this.idleMs) {
      this.followUp(topic, message, entities);
      return;
    }
    // Details right after one's own request (naming no server, asking nothing new) belong to it,
    // whatever they sound like: "buat testing checkout" is not a start request.
    const asksAgain = this.askPatterns.some((regex) => regex.test(message.text));
    if (
      topic &&
      !topic.closed &&
      !topic.resolved &&
      entities.size === 0 &&
      !asksAgain &&
      at - topic.lastRequesterAt <= this.options.followUpSeconds * 1000
    ) {
      this.followUp(topic, message, entities);
      return;
    }
    const classification = this.classifier.classify(message);
    const type = classification.type;
    if (type) {
      // Asking again (a reminder, a restatement) is not a new request.
      const restates = (c: Conversation): boolean =>
        !c.closed &&
        c.paired.type === type &&
        !conflicts(c, entities) &&
        (at - c.lastRequesterAt <= this.options.followUpSeconds * 1000 ||
          (!c.resolved && (sharesEntity(c, entities) || at - c.lastActivityAt <= this.idleMs)));
      const earlier = ownLinked?.paired.type === type ? ownLinked : latest(mine.filter(restates));
      if (earlier) this.followUp(earlier, message, entities);
      else this.startConversation(message, type, classification, entities);
      return;
    }
    // After an answer, a new ask about something else is a new matter, not a follow-up.
    const related = (c: Conversation): boolean =>
      !c.closed &&
      !conflicts(c, entities) &&
      (!c.resolved || (at - c.lastActivityAt <= this.idleMs && (!asksAgain || sharesEntity(c, entities))));
    const target = thanked ?? ownLinked ?? (topic && related(topic) ? topic : latest(mine.filter(related)));
    if (target) {
      this.followUp(target, message, entities);
      return;
    }
    this.skipped.notARequest++;
    this.setTopic(requester, null);
    // Something else asked of the team ("pls increase the disk", "how do I …?"): an unaddressed
    // "done" soon after answers it, not an older request.
    if (asksTheTeam(message.text, asksAgain)) this.asks.set(requester, { at, id: message.id });
  }

  private linkedConversation(message: ChatMessage): Conversation | undefined {
    const viaReply = message.replyTo ? this.owner.get(message.replyTo) : undefined;
    if (viaReply || message.thread === undefined) return viaReply;
    return latest(this.open(message.at.getTime()).filter((c) => inSameThread(c, message)));
  }

  private followUp(c: Conversation, message: ChatMessage, entities: Set<string>): void {
    c.paired.followUps.push(message);
    c.lastRequesterAt = message.at.getTime();
    c.askedRequester = false;
    for (const entity of entities) c.entities.add(entity);
    this.join(c, message);
    this.setTopic(c.requester, c);
    this.skipped.followUp++;
  }

  private startConversation(
    message: ChatMessage,
    type: RequestTypeKey,
    classification: Classification,
    entities: Set<string>,
  ): void {
    const at = message.at.getTime();
    const requester = authorKey(message);
    const { from, to } = this.options;
    if ((from && at < from.getTime()) || (to && at > to.getTime())) {
      this.skipped.outsideRange++;
      this.setTopic(requester, null);
      return;
    }
    const conversation: Conversation = {
      paired: { message, type, classification, followUps: [], answers: [], finalAnswer: null },
      requester,
      entities,
      firstAt: at,
      lastActivityAt: at,
      lastSupportAt: at,
      lastRequesterAt: at,
      handlers: new Set(),
      resolved: false,
      askedRequester: false,
      closed: false,
    };
    this.conversations.push(conversation);
    this.active.push(conversation);
    this.join(conversation, message);
    this.setTopic(requester, conversation);
  }
}
