// Attachments as people meet them: a requester adds a screenshot with a comment, the agent sees it
// on the ticket and downloads the same bytes; someone who cannot see the ticket is told it does
// not exist; what could run in a browser is refused or never served inline; limits answer 413 and
// 415 naming the field; with a bucket configured the bytes go to S3 (mocked SDK client).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/harness.js';
import { fileRequest } from '../../../testing/tickets.js';
import { ticketsModule } from '../index.js';

const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function form(parts: { field: string; filename?: string; type?: string; value: Buffer | string }[]) {
  const data = new FormData();
  for (const part of parts) {
    if (part.filename)
      data.append(
        part.field,
        new Blob([part.value], { type: part.type ?? 'application/octet-stream' }),
        part.filename,
      );
    else data.append(part.field, String(part.value));
  }
  const request = new Request('http://local/', { method: 'POST', body: data });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

describe('attachments in the data dir', () => {
  let t: TestApp;
  let dev: string;
  let infra: string;
  let pm: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { OPSDESK_ATTACHMENT_MAX_BYTES: '4096' } });
    [dev, infra, pm] = await Promise.all([
      t.login('dev@opsdesk.local'),
      t.login('infra@opsdesk.local'),
      t.login('pm@opsdesk.local'),
    ]);
    ({ key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (token: string, parts: Parameters<typeof form>[0], ticket = key) =>
    t.api('POST', `/api/v1/tickets/${ticket}/attachments`, { token, ...(await form(parts)) });

  it('lets the requester attach a screenshot to a comment, and the agent download the same bytes', async () => {
    const response = await upload(dev, [
      { field: 'comment', value: 'Here is the error I see' },
      { field: 'file', filename: 'screen shot.png', type: 'image/png', value: png },
    ]);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject([
      { filename: 'screen shot.png', contentType: 'image/png', size: png.length, internal: false },
    ]);
    const attachment = response.body[0];

    const ticket = await t.api('GET', `/api/v1/tickets/${key}`, { token: infra });
    const comment = ticket.body.comments.find((c: { body: string }) => c.body === 'Here is the error I see');
    expect(comment).toBeDefined();
    expect(ticket.body.attachments).toEqual([
      expect.objectContaining({ id: attachment.id, commentId: comment.id }),
    ]);

    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${attachment.id}`,
      headers: { authorization: `Bearer ${infra}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^inline; filename="screen shot.png"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 to someone who cannot see the ticket, as for the ticket itself', async () => {
    const [attachment] = (await t.api('GET', `/api/v1/tickets/${key}`, { token: dev })).body.attachments;
    expect((await t.api('GET', `/api/v1/tickets/${key}`, { token: pm })).status).toBe(404);
    const response = await t.api('GET', `/api/v1/attachments/${attachment.id}`, { token: pm });
    expect(response.status).toBe(404);
    expect((await upload(pm, [{ field: 'file', filename: 'a.txt', value: 'x' }])).status).toBe(404);
  });

  it('serves non-images as downloads, and never HTML as a page', async () => {
    const response = await upload(dev, [
      { field: 'file', filename: 'report.pdf', type: 'application/pdf', value: pdf },
      { field: 'logs', filename: 'notes.txt', type: 'text/plain', value: 'plain words\n' },
    ]);
    expect(response.status).toBe(201);
    for (const attachment of response.body) {
      const download = await t.app.inject({
        method: 'GET',
        url: `/api/v1/attachments/${attachment.id}`,
        headers: { authorization: `Bearer ${dev}` },
      });
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
    }
    // A page dressed as text (or as a picture) is recognised and refused, naming the field.
    const page = await upload(dev, [
      {
        field: 'evidence',
        filename: 'notes.txt',
        type: 'image/png',
        value: '<!DOCTYPE html><script>alert(1)</script>',
      },
    ]);
    expect(page.status).toBe(415);
    expect(page.body.error.message).toMatch(/^evidence: notes.txt is text\/html/);
    expect(page.body.error.details).toEqual([{ field: 'evidence', message: expect.any(String) }]);
    const svg = await upload(dev, [
      {
        field: 'file',
        filename: 'x.svg',
        type: 'image/svg+xml',
        value: '<svg xmlns="http://www.w3.org/2000/svg"/>',
      },
    ]);
    expect(svg.status).toBe(415);
    const binary = await upload(dev, [
      { field: 'file', filename: 'tool.exe', value: Buffer.from([0x4d, 0x5a, 0, 1, 2, 0]) },
    ]);
    expect(binary.status).toBe(415);
  });

  it('refuses a file over the size limit with 413 naming the field, storing nothing', async () => {
    const before = (await t.api('GET', `/api/v1/tickets/${key}`, { token: dev })).body;
    const response = await upload(dev, [
      { field: 'comment', value: 'too big' },
      { field: 'dump', filename: 'big.txt', value: 'x'.repeat(5000) },
    ]);
    expect(response.status).toBe(413);
    expect(response.body.error.details).toEqual([{ field: 'dump', message: 'larger than 4096 bytes' }]);
    const after = (await t.api('GET', `/api/v1/tickets/${key}`, { token: dev })).body;
    expect(after.attachments).toHaveLength(before.attachments.length);
    expect(after.comments).toHaveLength(before.comments.length);
  });

  it('refuses an upload without files, an empty file, and JSON', async () => {
    const none = await upload(dev, [{ field: 'comment', value: 'no file' }]);
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ field: 'file', message: 'choose at least one file' }]);
    const empty = await upload(dev, [{ field: 'file', filename: 'empty.txt', value: '' }]);
    expect(empty.status).toBe(400);
    const json = await t.api('POST', `/api/v1/tickets/${key}/attachments`, {
      token: dev,
      body: { file: 'x' },
    });
    expect(json.status).toBe(415);
  });

  it("keeps an internal note's files from the requester", async () => {
    const response = await upload(infra, [
      { field: 'comment', value: 'internal findings' },
      { field: 'internal', value: 'true' },
      { field: 'file', filename: 'internal.txt', value: 'secret findings\n' },
    ]);
    expect(response.status).toBe(201);
    const [attachment] = response.body;
    const seen = (await t.api('GET', `/api/v1/tickets/${key}`, { token: dev })).body.attachments;
    expect(seen.map((a: { id: string }) => a.id)).not.toContain(attachment.id);
    expect((await t.api('GET', `/api/v1/attachments/${attachment.id}`, { token: dev })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/attachments/${attachment.id}`, { token: infra })).status).toBe(200);
    const byRequester = await upload(dev, [
      { field: 'internal', value: 'true' },
      { field: 'file', filename: 'a.txt', value: 'x' },
    ]);
    expect(byRequester.status).toBe(403);
  });
});

describe('files uploaded before the request is filed', () => {
  let t: TestApp;
  let dev: string;
  let pm: string;
  let infra: string;

  beforeAll(async () => {
    t = await startTestApp({
      config: { OPSDESK_ATTACHMENT_MAX_BYTES: '4096', OPSDESK_ATTACHMENT_STAGED_MAX_BYTES: '12000' },
    });
    [dev, pm, infra] = await Promise.all([
      t.login('dev@opsdesk.local'),
      t.login('pm@opsdesk.local'),
      t.login('infra@opsdesk.local'),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const stage = async (token: string, parts: Parameters<typeof form>[0]) =>
    t.api('POST', '/api/v1/attachments', { token, ...(await form(parts)) });
  const file = (token: string, attachments: unknown) =>
    t.api('POST', '/api/v1/requests', {
      token,
      body: { requestType: 'start-request-only-staging', fields: { environment: 'bugfix1x2' }, attachments },
    });
  const myTicketCount = async (token: string) =>
    (await t.api('GET', '/api/v1/tickets?requester=me&limit=100', { token })).body.items.length;

  it('files a request with the staged files, attached in its own transaction, usable once', async () => {
    const staged = await stage(dev, [
      { field: 'file', filename: 'screen.png', type: 'image/png', value: png },
      { field: 'file', filename: 'steps.txt', type: 'text/plain', value: 'open it, it fails' },
    ]);
    expect(staged.status).toBe(201);
    expect(staged.body).toMatchObject([
      { filename: 'screen.png', contentType: 'image/png', size: png.length },
      { filename: 'steps.txt', contentType: 'text/plain' },
    ]);
    const ids = staged.body.map((entry: { id: string }) => entry.id);
    const filed = await file(dev, ids);
    expect(filed.status).toBe(201);
    expect(filed.body.attachments.map((a: { id: string; filename: string }) => [a.id, a.filename])).toEqual([
      [ids[0], 'screen.png'],
      [ids[1], 'steps.txt'],
    ]);
    // The agent downloads the bytes the requester uploaded before filing.
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${ids[1]}`,
      headers: { authorization: `Bearer ${infra}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('open it, it fails');
    // Used once: naming it again files nothing.
    const before = await myTicketCount(dev);
    const again = await file(dev, [ids[0]]);
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([{ field: 'attachments.0', message: expect.any(String) }]);
    expect(await myTicketCount(dev)).toBe(before);
  });

  it("refuses someone else's staged file with a 400 naming the field, and files nothing", async () => {
    const staged = await stage(pm, [
      { field: 'file', filename: 'pm.pdf', type: 'application/pdf', value: pdf },
    ]);
    expect(staged.status).toBe(201);
    const plain = await file(dev, []);
    expect(plain.status).toBe(201);
    const before = await myTicketCount(dev);
    const stolen = await file(dev, [staged.body[0].id]);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.message).toContain('attachments.0');
    expect(stolen.body.error.details).toEqual([{ field: 'attachments.0', message: expect.any(String) }]);
    expect(await myTicketCount(dev)).toBe(before);
    const unknown = await file(dev, ['not-an-id']);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('attachments');
    // Its owner still may file it; the refusals spent no ticket number.
    const owned = await file(pm, [staged.body[0].id]);
    expect(owned.status).toBe(201);
    const number = (key: string) => Number(key.split('-')[1]);
    expect(number(owned.body.key)).toBe(number(plain.body.key) + 1);
  });

  it('checks staged files as any upload: kind and size, naming the field', async () => {
    const html = await stage(dev, [
      { field: 'file', filename: 'x.html', type: 'text/html', value: '<script>1</script>' },
    ]);
    expect(html.status).toBe(415);
    expect(html.body.error.message).toMatch(/^file: /);
    const large = await stage(dev, [
      { field: 'file', filename: 'big.txt', type: 'text/plain', value: 'x'.repeat(5000) },
    ]);
    expect(large.status).toBe(413);
  });

  it('caps what one person holds uploaded and not yet filed, naming the field; filing frees it', async () => {
    const text = (name: string, bytes: number) => ({
      field: 'file',
      filename: name,
      type: 'text/plain',
      value: 'q'.repeat(bytes),
    });
    const first = await stage(infra, [text('a.txt', 4000), text('b.txt', 4000), text('c.txt', 4000)]);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const over = await stage(infra, [text('d.txt', 100)]);
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('staged_quota_exceeded');
    expect(over.body.error.details).toEqual([{ field: 'file', message: expect.stringContaining('12000') }]);
    // Someone else's uploads are not counted against them.
    expect((await stage(pm, [text('e.txt', 100)])).status).toBe(201);
    const filed = await file(
      infra,
      first.body.map((entry: { id: string }) => entry.id),
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect((await stage(infra, [text('d.txt', 100)])).status).toBe(201);
  });

  it('deletes staged files nobody filed once they expire, bytes included', async () => {
    const staged = await stage(dev, [
      { field: 'file', filename: 'late.txt', type: 'text/plain', value: 'late' },
    ]);
    const id = staged.body[0].id as string;
    const expiresAt = new Date(staged.body[0].expiresAt);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const bytes = join(t.context.config.dataDir, 'attachments', 'staged', id);
    expect(existsSync(bytes)).toBe(true);
    // Before expiry the hourly prune keeps it; after, it is gone with its bytes.
    await ticketsModule.prune!(t.context, new Date());
    expect(existsSync(bytes)).toBe(true);
    await ticketsModule.prune!(t.context, new Date(expiresAt.getTime() + 1000));
    expect(existsSync(bytes)).toBe(false);
    const late = await file(dev, [id]);
    expect(late.status).toBe(400);
    expect(late.body.error.details).toEqual([{ field: 'attachments.0', message: expect.any(String) }]);
  });
});

describe('attachments in an S3 bucket', () => {
  const s3 = mockClient(S3Client);
  let t: TestApp;
  let dev: string;
  const objects = new Map<string, Buffer>();

  beforeAll(async () => {
    t = await startTestApp({
      config: {
        OPSDESK_ATTACHMENT_S3_BUCKET: 'opsdesk-files',
        OPSDESK_ATTACHMENT_S3_ENDPOINT: 'http://127.0.0.1:9000',
        OPSDESK_ATTACHMENT_S3_PREFIX: 'att/',
      },
    });
    dev = await t.login('dev@opsdesk.local');
  });
  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).callsFake((input) => {
      objects.set(input.Key, Buffer.from(input.Body));
      return {};
    });
    s3.on(GetObjectCommand).callsFake((input) => ({
      Body: Readable.from([objects.get(input.Key)!]) as never,
    }));
    s3.on(DeleteObjectCommand).resolves({});
  });
  afterAll(async () => {
    s3.restore();
    await t?.close();
  });

  it('puts the bytes in the bucket under the prefix and reads them back for a download', async () => {
    const { key } = await fileRequest(t, dev, 'start-request-only-staging', { environment: 'bugfix1x2' });
    const response = await t.api('POST', `/api/v1/tickets/${key}/attachments`, {
      token: dev,
      ...(await form([{ field: 'file', filename: 'report.pdf', value: pdf }])),
    });
    expect(response.status).toBe(201);
    const [attachment] = response.body;
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input).toMatchObject({
      Bucket: 'opsdesk-files',
      ContentType: 'application/pdf',
      ContentDisposition: 'attachment',
    });
    expect(puts[0]!.args[0].input.Key).toMatch(new RegExp(`^att/[0-9a-f-]{36}/${attachment.id}$`));

    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${attachment.id}`,
      headers: { authorization: `Bearer ${dev}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input.Key).toBe(puts[0]!.args[0].input.Key);
  });

  it('removes what it put when the upload fails afterwards', async () => {
    const response = await t.api('POST', '/api/v1/tickets/REQ-999999/attachments', {
      token: dev,
      ...(await form([{ field: 'file', filename: 'a.txt', value: 'x' }])),
    });
    expect(response.status).toBe(404);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
