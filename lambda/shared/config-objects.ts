/**
 * Configuration a construct moved out of the Lambda environment (contracts/lambda-environment.ts): a variable that
 * holds `s3://<bucket>/<key>` is read from S3 once per container and put back into the environment as the JSON text,
 * so the handlers' configuration readers stay synchronous and see the same value either way.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CONFIG_OBJECT_SCHEME } from '../../contracts/lambda-environment';

const loaded = new Map<string, string>();

/** `s3://bucket/key` as its parts; an Error naming the variable when it is not one. */
function parseReference(name: string, value: string): { bucket: string; key: string } {
  const rest = value.slice(CONFIG_OBJECT_SCHEME.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) {
    throw new Error(`environment variable ${name} is '${value}': neither JSON nor an s3://bucket/key reference to its configuration object`);
  }
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/**
 * Replaces each named variable that references a configuration object with the object's text. Variables holding
 * JSON, or unset, are left alone. A missing or unreadable object is an error naming the variable and the object.
 */
export async function loadConfigObjects(s3: S3Client, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const value = process.env[name];
    if (!value || !value.startsWith(CONFIG_OBJECT_SCHEME)) continue;
    let text = loaded.get(value);
    if (text === undefined) {
      const { bucket, key } = parseReference(name, value);
      try {
        const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = await res.Body!.transformToString('utf-8');
      } catch (e) {
        throw new Error(`environment variable ${name}: its configuration object ${value} could not be read ` +
          `(${(e as Error).name}: ${(e as Error).message}); redeploy the stack that created this function`);
      }
      loaded.set(value, text);
    }
    process.env[name] = text;
  }
}

/** Forgets what was loaded (tests). */
export function resetConfigObjects(): void {
  loaded.clear();
}
