// Options of request/answer pairing. The pattern lists are plain regular expression sources so
// that an admin can adjust them for a channel's language, and they can be stored as JSON.
import { z } from 'zod';

export const defaultThanksPatterns = [
  '\\b(thanks|thank you|thank u|thx|thnx|tq|ty|tks|makasih|makasi|terima ?kasih|trims|mksh|nuhun|suwun|tengkyu)\\b',
];

/**
 * Support replies that are not the answer itself: acknowledgements ("ok, on it", "noted"),
 * questions back ("which table?") and courtesies ("np"). Matched with mentions removed.
 */
export const defaultInterimReplyPatterns = [
  "^\\W*(ok|oke|okay|okey|siap|noted|sip|bentar|sebentar|wait|otw|on it|checking|cek|dicek|np|no problem|sama ?2|sama-sama|you'?re welcome|you are welcome|👍|👌|🙏)(?=\\W|$)(?!.*\\b(done|sudah|udah|selesai|ready|beres|aktif|active|up|nyala|dibuat|dicopy|copied|recreated)\\b)",
  '\\?\\s*$',
];

/**
 * Support messages that say the work is done ("done", "sudah ya", "ok, it's live", "silakan
 * dicek"): only these, interim replies and messages naming a request's server or type can answer
 * a request nobody addressed. Matched with mentions removed.
 */
export const defaultCompletionPatterns = [
  '\\b(done|sudah|udah|dah|beres|selesai|kelar|live|ready|up|aktif|active|nyala|jalan|running|berhasil|bisa|silakan|silahkan|coba|good|set|works?|working|fixed|created|copied|recreated|started|synced|granted|dibuat|dibikin|dicopy|disalin|dinyalakan|dinyalain|dihidupkan|there you go|all yours)\\b|✅|☑️|✔️',
];

/** Courtesies after thanks ("np", "sama2"): never an answer. Matched with mentions removed. */
export const defaultCourtesyPatterns = [
  "^\\W*(np|no problem|no prob|sure|sama ?2|sama-sama|you'?re welcome|you are welcome|anytime|👍|👌|🙏|🙂|😄)\\W*$",
];

/** Someone asking for something: after an answer, a new ask is a new matter, not a follow-up. */
export const defaultAskPatterns = [
  '\\b(tolong|pls|plz|please|minta|mohon|can (you|someone|anyone|i get)|could (you|someone)|bisa (tolong|minta)|need)\\b',
];

export const pairingOptionsSchema = z.object({
  supportTeam: z
    .object({ names: z.array(z.string().min(1)).default([]), ids: z.array(z.string().min(1)).default([]) })
    .refine((team) => team.names.length + team.ids.length > 0, 'name at least one support team member'),
  /** A conversation with no activity for this long takes no more unaddressed support messages. */
  idleSeconds: z
    .number()
    .positive()
    .default(3 * 3600),
  /** A second message of the same type this soon after the request restates it. */
  followUpSeconds: z
    .number()
    .min(0)
    .default(15 * 60),
  /** Replies, mentions and named servers count as answers up to this long after the request. */
  maxAnswerSeconds: z
    .number()
    .positive()
    .default(14 * 86400),
  /** Regular expressions (case-insensitive) for a requester's thanks. */
  thanksPatterns: z.array(z.string().min(1)).default(defaultThanksPatterns),
  /** Regular expressions (case-insensitive) for a requester asking for something. */
  askPatterns: z.array(z.string().min(1)).default(defaultAskPatterns),
  /** Regular expressions (case-insensitive, mentions removed) for interim support replies. */
  interimReplyPatterns: z.array(z.string().min(1)).default(defaultInterimReplyPatterns),
  /** Regular expressions (case-insensitive, mentions removed) for a support message saying it is done. */
  completionPatterns: z.array(z.string().min(1)).default(defaultCompletionPatterns),
  /** Regular expressions (case-insensitive, mentions removed) for courtesies after thanks. */
  courtesyPatterns: z.array(z.string().min(1)).default(defaultCourtesyPatterns),
  /** Requests before `from` or after `to` are left out (their answers may still come later). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type PairingOptions = z.input<typeof pairingOptionsSchema>;
