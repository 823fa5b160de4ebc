// Pairing as a person reads a channel: answers that name nothing, chatter in between, thanks
// before the answer, several requests open at once, long delays, replies, threads and mentions.
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './chatExport.js';
import { createClassifier } from './classifier.js';
import { pairRequests } from './conversations.js';

const rules = createClassifier();
const classifier = {
  classify: (message: ChatMessage) => rules.classify(message.text),
  topic: (message: ChatMessage) => rules.topic(message.text),
};

type Line = [author: string, time: string, text: string, extra?: Partial<ChatMessage>];

/** `[author, 'D HH:MM', text]` on day D of May 2023 (UTC); the team is Agus and Nanda. */
function answers(lines: Line[]): Record<number, number | null> {
  const messages = lines.map(([author, time, text, extra], index): ChatMessage => {
    const [day, clock] = time.split(' ');
    return {
      index,
      line: index + 2,
      author,
      at: new Date(`2023-05-${day!.padStart(2, '0')}T${clock}:00Z`),
      text,
      ...extra,
    };
  });
  const { requests } = pairRequests(messages, classifier, { supportTeam: { names: ['Agus', 'Nanda'] } });
  return Object.fromEntries(requests.map((r) => [r.message.index, r.finalAnswer?.index ?? null]));
}

describe('pairing answers that name nothing', () => {
  it('gives "sudah ya" to the one open request whatever others said in between', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'tolong nyalain bugfix1x2 ya'],
        ['Rina', '1 09:02', 'lunch dimana guys?'],
        ['Hendra', '1 09:03', 'wkwk'],
        ['Rina', '1 09:05', 'anyone seen the new jira board?'],
        ['Agus', '1 09:09', 'sudah ya'],
      ]),
    ).toEqual({ 0: 4 });
  });

  it('does not let the requester’s own chatter or early thanks close the request', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'can someone copy the orders table from qa1x1 to qa2x2?'],
        ['Budi', '1 09:01', 'thanks in advance'],
        ['Budi', '1 09:30', 'btw standup jam 10 ya'],
        ['Budi', '1 10:00', 'makasih ya min'],
        ['Agus', '1 11:00', "ok, it's live"],
        ['Budi', '1 11:05', 'mantap, thanks'],
      ]),
    ).toEqual({ 0: 4 });
  });

  it('takes the real answer after "on it", and a mere "on it" leaves the request unanswered', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1'],
        ['Agus', '1 09:01', 'ok on it'],
        ['Agus', '1 09:20', 'done'],
      ]),
    ).toEqual({ 0: 2 });
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1'],
        ['Agus', '1 09:01', 'siap, bentar ya'],
      ]),
    ).toEqual({ 0: null });
  });

  it('waits days for the answer to a recreate', () => {
    expect(
      answers([
        ['Dewi', '1 10:00', 'tolong recreate feature3x1 ya, pake template terbaru'],
        ['Dewi', '2 09:00', 'any update?'],
        ['Hendra', '2 12:00', 'deploy FE ditunda besok'],
        ['Nanda', '3 16:00', 'beres'],
      ]),
    ).toEqual({ 0: 3 });
  });

  it('with several open: the answer speaking of a type goes to the request of that type', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'tolong copy table orders dari qa1x1 ke qa2x2'],
        ['Rina', '1 09:05', 'pls start staging bugfix2x1'],
        ['Agus', '1 09:20', 'data udah dicopy'],
        ['Agus', '1 09:25', 'udah nyala ya'],
      ]),
    ).toEqual({ 0: 2, 1: 3 });
  });

  it('with several open: a mention or a named server says which', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1'],
        ['Rina', '1 09:01', 'pls start staging bugfix2x1'],
        ['Agus', '1 09:10', '@Budi done'],
        ['Agus', '1 09:12', 'bugfix2x1 sudah nyala'],
      ]),
    ).toEqual({ 0: 2, 1: 3 });
  });

  it('with several open and nothing to tell them apart: the latest request', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'tolong recreate qa1x1 ya'],
        ['Rina', '1 11:00', 'pls start staging bugfix2x1'],
        ['Agus', '1 11:10', 'done'],
      ]),
    ).toEqual({ 0: null, 1: 2 });
  });

  it('a mention to someone with no open request answers something else', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1'],
        ['Rina', '1 09:01', 'can someone give me access to jenkins?'],
        ['Agus', '1 09:10', '@Rina done'],
      ]),
    ).toEqual({ 0: null });
  });

  it('a bare "done" right after another ask to the team answers that ask, not an older request', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'tolong recreate qa1x1 ya'],
        ['Yoga', '1 11:00', 'pls increase the disk on release6x3, it is full'],
        ['Agus', '1 11:20', 'done'],
        ['Agus', '2 10:00', 'sudah ya'],
      ]),
    ).toEqual({ 0: 3 });
  });

  it('"np" after thanks is no answer to another open request', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1'],
        ['Rina', '1 09:02', 'tolong copy table orders dari qa1x1 ke qa2x2'],
        ['Agus', '1 09:10', '@Budi done'],
        ['Budi', '1 09:11', 'makasih'],
        ['Agus', '1 09:12', 'np'],
      ]),
    ).toEqual({ 0: 2, 1: null });
  });

  it('replies and threads win over timing', () => {
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1', { id: 'a' }],
        ['Rina', '1 09:01', 'pls start staging bugfix2x1', { id: 'b' }],
        ['Agus', '1 09:10', 'done', { id: 'c', replyTo: 'a' }],
      ]),
    ).toEqual({ 0: 2, 1: null });
    expect(
      answers([
        ['Budi', '1 09:00', 'pls start staging qa1x1', { id: 'a' }],
        ['Rina', '1 09:01', 'pls start staging bugfix2x1', { id: 'b' }],
        ['Agus', '1 09:10', 'sudah ya', { id: 'c', thread: 'a' }],
        ['Nanda', '1 09:11', 'done', { id: 'd' }],
      ]),
    ).toEqual({ 0: 2, 1: 3 });
  });
});
