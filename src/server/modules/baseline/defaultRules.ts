// Starting rules for an English/Indonesian support channel like the paper's. Patterns run on
// normalised text: lowercase, punctuation removed, placeholders `<stg>` (staging server name),
// `<domain>`, `<ident>` (table names like `order_items`), `<mention>`, `<num>`.
import type { RuleSet } from './rules.js';

// Indonesian passives take a `di` prefix: dinyalain, dihidupin, dicopy, disalin.
const turnOn =
  '(start\\w*|(?:di)?nyala\\w*|(?:di)?hidup\\w*|(?:di)?idup\\w*|(?:di)?aktif(?:in|kan)\\w*|turn\\w* (?:it |\\S+ )?on|power\\w* on|switch on|boot\\w*|jalan\\w*|wake\\w*|spin\\w* up|bring\\w* (?:it |\\S+ )?(?:back )?up|fire\\w* up|bangun\\w*|resume|restart\\w*)';
const copyVerb =
  '((?:di)?copy\\w*|copie\\w*|copas|(?:di)?salin\\w*|sync\\w*|clone|duplica\\w*|duplikat\\w*|pindah\\w*|dump|replica\\w*)';

export const defaultRules: RuleSet = {
  types: {
    'start-request-only-staging': {
      keywords: [
        { term: 'request only', weight: 3 },
        { term: 'req only', weight: 3 },
        { term: 'on demand', weight: 2 },
      ],
      patterns: [
        { pattern: `\\b${turnOn}\\b`, weight: 1.5 },
        { pattern: `\\b${turnOn}\\b.{0,40}<stg>`, weight: 1 },
        { pattern: `<stg>.{0,40}\\b(${turnOn.slice(1, -1)}|on)\\b`, weight: 1 },
        { pattern: '\\b(mati|off|down|stopped|kemat\\w*)\\b', weight: 0.5 },
        // What an answer says of a started server: "it's up now", "up and running".
        { pattern: '\\b(up|running)\\b', weight: 1 },
      ],
    },
    'recreate-staging': {
      keywords: [
        { term: 'template', weight: 1.5 },
        { term: 'end date', weight: 1 },
        { term: 'new name', weight: 1 },
        { term: 'nama baru', weight: 1 },
      ],
      patterns: [
        { pattern: '\\bre ?creat\\w*', weight: 3 },
        { pattern: '\\b(di)?(bikin|buat|build|create|deploy|setup) ?ulang\\b', weight: 3 },
        { pattern: '\\brebuil\\w*', weight: 2 },
        {
          pattern:
            '\\b(new|baru|latest|newest|terbaru)\\b.{0,20}\\btemplate|\\btemplate\\b.{0,20}\\b(baru|terbaru)\\b',
          weight: 1,
        },
      ],
    },
    'copy-database-data': {
      keywords: [],
      patterns: [
        { pattern: `\\b${copyVerb}\\b`, weight: 1.5 },
        { pattern: '\\b(tables?|tabel\\w*|collections?|koleksi)\\b', weight: 1 },
        { pattern: '\\b(db|database|mysql|mongo\\w*|data)\\b', weight: 1 },
        { pattern: '<stg>.{0,40}\\b(to|ke|into)\\b.{0,20}<stg>', weight: 1 },
        { pattern: '<ident>', weight: 0.5 },
      ],
    },
    'create-staging-domain': {
      keywords: [],
      patterns: [
        { pattern: '\\b(sub ?)?domain\\w*', weight: 3 },
        // A domain named in a request is what it is about.
        { pattern: '<domain>', weight: 2.5 },
        { pattern: '\\b(dns|cname|a record|route ?<num>|ssl|cert\\w*|cloudfront|host ?name)\\b', weight: 1 },
        {
          pattern:
            '\\b(point|arah\\w*|daftar\\w*|register)\\b.{0,30}<domain>|<domain>.{0,30}\\b(point\\w*|arah\\w*|ke|to|at)\\b.{0,10}<stg>',
          weight: 1,
        },
      ],
    },
  },
  notRequest: [
    // Thanks, unless the same message goes on to ask for something.
    {
      pattern:
        '^(thanks|thank you|thank u|thx|tq|ty|makasih|makasi|terima kasih|trims|mksh)\\b(?!.*\\b(pls|please|tolong|minta|could|can|also|juga)\\b)',
    },
    { pattern: '\\b(how (do|to|can|should) (i|we)|gimana cara\\w*|bagaimana cara\\w*|caranya)\\b' },
    // Questions that ask nobody to do anything: "is x a request-only staging?", "who recreated x?".
    {
      pattern:
        '^((hi|halo|hello|min|kak|guys)\\s+)*(who|what|why|when|where|which|is|are|does|do|did|apa|apakah|kenapa|kapan|dimana|siapa)\\b(?!.*\\b(pls|please|tolong|minta|can you|could you|bisa|boleh)\\b)',
    },
    { pattern: '\\b(udah|sudah)\\b.*\\bbelum\\b|\\b(ada dimana|di mana|dimana ya|where is|where can i)\\b' },
    {
      pattern:
        '\\b(udah|sudah|already|has been|have been)\\b.{0,30}\\b(nyala|jalan|aktif|active|done|beres|running|recreated|copied|up|bisa)\\b',
    },
  ],
  // A request asks: a polite or asking word, or a message that opens with what is to be done.
  asking: [
    '(?<!\\b(?:udah|sudah|already|gak|ga|gk|nggak|tidak|belum) )\\bbisa\\b|\\b(pls|plz|please|tolong|minta|request|req|can|could|would|bisakah|boleh|need|needs|butuh|perlu|mau|kindly|mohon|dong|donk|want|wanna|help|asap|mind|possible|harap|sekalian|titip)\\b',
    `^((hi|hai|halo|hello|hey|pagi|siang|sore|malam|min|kak|mas|pak|bang|guys|team|tim|infra|all|sorry|maaf|permisi|ganggu|<mention>)\\s+)*(${turnOn.slice(1, -1)}|recreat\\w*|rebuil\\w*|reprovision\\w*|(?:di)?(?:bikin|buat)\\w*|create|${copyVerb.slice(1, -1)}|import\\w*|export\\w*|refresh\\w*|add|set ?up|set|point|daftar\\w*|arahkan)\\b`,
  ],
  minScore: 2.5,
  confidentScore: 4,
};
