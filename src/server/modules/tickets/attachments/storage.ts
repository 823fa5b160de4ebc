// Where attachment bytes live: files under the data dir by default, or an S3-compatible bucket
// when OPSDESK_ATTACHMENT_S3_BUCKET is set. Keys are Opsdesk's own (the attachment id), never a
// name the uploader chose, so no path can be walked out of the store.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../../config.js';

export interface BlobStore {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

const safeKey = (key: string) => {
  if (!/^[a-z0-9][a-z0-9/-]*$/.test(key) || key.includes('..')) throw new Error(`bad blob key ${key}`);
  return key;
};

export function localBlobStore(root: string): BlobStore {
  return {
    kind: 'local',
    async put(key, bytes) {
      const path = join(root, safeKey(key));
      await mkdir(join(path, '..'), { recursive: true });
      const partial = `${path}.partial`;
      await writeFile(partial, bytes, { mode: 0o600 });
      await rename(partial, path);
    },
    async get(key) {
      const stream = createReadStream(join(root, safeKey(key)));
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream;
    },
    async delete(key) {
      await rm(join(root, safeKey(key)), { force: true });
    },
  };
}

export function s3BlobStore(
  settings: { bucket: string; region: string; endpoint: string | undefined; prefix: string },
  client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
  }),
): BlobStore {
  const keyOf = (key: string) => `${settings.prefix}${safeKey(key)}`;
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: keyOf(key),
          Body: bytes,
          ContentType: contentType,
          ContentDisposition: 'attachment',
        }),
      );
    },
    async get(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: keyOf(key) }));
      if (!answer.Body) throw new Error(`the bucket returned no body for ${keyOf(key)}`);
      return answer.Body as Readable;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: keyOf(key) }));
    },
  };
}

const stores = new WeakMap<Config, BlobStore>();

/** The store the configuration names (one per configuration, so one S3 client per process). */
export function blobStoreFor(config: Config): BlobStore {
  let store = stores.get(config);
  if (!store) {
    store = config.attachments.s3
      ? s3BlobStore(config.attachments.s3)
      : localBlobStore(join(config.dataDir, 'attachments'));
    stores.set(config, store);
  }
  return store;
}
