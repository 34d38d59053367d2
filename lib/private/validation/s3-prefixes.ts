import { isToken } from './checks';
import { invalidProp } from './fail';
import { limit } from './limits';

/** Where a prefix is used: whether it must end with '/' (a folder) or must not (a name the code adds '/' to). */
export type PrefixEnd = 'slash' | 'no-slash' | 'either';

/**
 * An S3 key prefix: relative (no leading '/'), no empty folder ('//'), no control characters, within S3's key
 * length; `end` says whether it must end with '/'. A leading '/' writes keys like `/data/x` that the console shows
 * under an empty folder and that IAM grants on `data/*` do not match. `example` is a valid value for the message.
 */
export function checkS3Prefix(owner: string, prop: string, value: string | undefined, end: PrefixEnd, example: string): void {
  if (value === undefined || isToken(value)) return;
  const l = limit('s3.ObjectKey');
  const ending = end === 'slash' ? ", ending with '/'" : end === 'no-slash' ? " without a trailing '/'" : '';
  const fix = `Give a relative key prefix${ending}, e.g. '${example}' (${l.source}).`;
  if (typeof value !== 'string') invalidProp(owner, prop, value, fix);
  if (value.startsWith('/')) invalidProp(owner, prop, value, `A leading '/' makes keys under an empty folder that grants do not match. ${fix}`);
  if (value.includes('//')) invalidProp(owner, prop, value, `'//' makes an empty folder name. ${fix}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) invalidProp(owner, prop, value, `S3 keys should hold no control characters. ${fix}`);
  if (Buffer.byteLength(value, 'utf8') > (l.max as number)) invalidProp(owner, prop, value, `Keys are at most ${l.max} bytes. ${fix}`);
  if (value !== '' && end === 'slash' && !value.endsWith('/')) invalidProp(owner, prop, value, fix);
  if (end === 'no-slash' && value.endsWith('/')) invalidProp(owner, prop, value, fix);
}
