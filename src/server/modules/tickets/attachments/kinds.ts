// What kind of file an upload is, decided from its first bytes and its name (the browser's claim
// is only a hint), and how a download of it is served: images Opsdesk recognised are shown inline,
// everything else is a download with a type that no browser renders as a page.

const signatures: { type: string; test: (bytes: Buffer) => boolean }[] = [
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  {
    type: 'image/webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'application/gzip', test: (b) => b[0] === 0x1f && b[1] === 0x8b },
  { type: 'application/zip', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 3, 4])) },
];

const byExtension: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  eml: 'message/rfc822',
  html: 'text/html',
  htm: 'text/html',
  svg: 'image/svg+xml',
  xml: 'application/xml',
  js: 'text/javascript',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** Zip containers whose extension says what they hold (Office documents are zips). */
const zipBased = /^application\/vnd\.(openxmlformats-officedocument|oasis\.opendocument)\./;

const looksLikeText = (bytes: Buffer) => {
  const head = bytes.subarray(0, 4096);
  return (
    !head.includes(0) && /^[\s\S]*$/.test(head.toString('utf8')) && !head.toString('utf8').includes('\uFFFD')
  );
};

const markup = /^\s*(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe)/i;

/**
 * The media type Opsdesk stores for an upload. Magic bytes win; without them the extension says
 * (text only when the bytes are text); text that starts like a web page is called HTML whatever
 * its name, so the type list (which never should name HTML) refuses it.
 */
export function detectType(filename: string, bytes: Buffer): string {
  const signed = signatures.find((signature) => signature.test(bytes))?.type;
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  const named = byExtension[extension];
  if (signed === 'application/zip' && named && zipBased.test(named)) return named;
  if (signed) return signed;
  if (!looksLikeText(bytes)) return 'application/octet-stream';
  if (markup.test(bytes.subarray(0, 1024).toString('utf8'))) return 'text/html';
  return named && !zipBased.test(named) ? named : 'text/plain';
}

export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
  );
}

/** Images a browser shows as pictures (not SVG: it is a document that can run script). */
export const previewable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Types that are never sent as themselves: a browser could render or run them. */
const active = /html|xml|javascript|ecmascript|svg|xhtml/;

export function servedAs(contentType: string, filename: string) {
  const inline = previewable.has(contentType);
  const type = inline ? contentType : active.test(contentType) ? 'application/octet-stream' : contentType;
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const disposition = `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  return {
    'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
    'content-disposition': disposition,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=300',
    'cross-origin-resource-policy': 'same-origin',
  };
}
