/**
 * Where `cdk-mlops report` reads a drift window's files: a local folder or an s3:// prefix (the window's folder under
 * the monitor's report prefix), with the same file names (contracts REPORT_FILES). A file that is absent reads as
 * undefined; one that is present but not JSON is an error naming it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cliClientConfig } from '../client-config';

export type JsonReader = (location: string) => Promise<unknown | undefined>;

/** `s3://bucket/key` → [bucket, key]; undefined for a local path. */
export function s3Location(location: string): [string, string] | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  return m ? [m[1], m[2]] : undefined;
}

/** The location of `file` in the folder or prefix `folder`. */
export function inFolder(folder: string, file: string): string {
  return s3Location(folder) ? `${folder.replace(/\/?$/, '/')}${file}` : path.join(folder, file);
}

export function jsonReader(region: string | undefined, env: Readonly<Record<string, string | undefined>>): JsonReader {
  let s3: Promise<(bucket: string, key: string) => Promise<string | undefined>> | undefined;
  const s3Get = () => (s3 ??= (async () => {
    // Loaded on first use: a report from local files never loads the AWS SDK.
    const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const config = cliClientConfig(region, env, 'AWS_ENDPOINT_URL_S3');
    // An endpoint override is an emulator or a private endpoint (moto, MinIO): they serve buckets by path.
    const client = new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined });
    return async (bucket: string, key: string) => {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await out.Body!.transformToString();
      } catch (e) {
        if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    };
  })());
  return async (location) => {
    const s3Path = s3Location(location);
    const text = s3Path ? await (await s3Get())(s3Path[0], s3Path[1])
      : fs.existsSync(location) ? fs.readFileSync(location, 'utf8') : undefined;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${location} is not JSON: ${(e as Error).message}`);
    }
  };
}
