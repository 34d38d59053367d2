import { Token } from 'aws-cdk-lib';
import { invalidProp } from './fail';
import { limit } from './limits';
import { anchored } from './checks';

/**
 * An SSM parameter name (SSM PutParameter's naming constraints): letters, digits, '_', '.', '-' and '/' for the
 * hierarchy, no 'aws' or 'ssm' prefix, at most 15 levels, within the length SSM allows.
 */
export function checkSsmParameterName(owner: string, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  const l = limit('ssm.ParameterName');
  const fix = `Give a parameter name such as '/cdk-mlops/github-token': letters, digits, '_', '.', '-' and '/' (${l.source}).`;
  if (typeof name !== 'string' || name.length < (l.min as number) || name.length > (l.max as number) || !anchored(l.pattern as string).test(name)) {
    invalidProp(owner, prop, name, fix);
  }
  const first = name.replace(/^\//, '').split('/')[0].toLowerCase();
  const reserved = (l.reservedPrefixes as string[]).find((p) => first.startsWith(p));
  if (reserved) invalidProp(owner, prop, name, `SSM reserves names starting with '${reserved}'. ${fix}`);
  if (name.includes('//')) invalidProp(owner, prop, name, `'//' makes an empty level. ${fix}`);
  const depth = name.replace(/^\//, '').split('/').length;
  if (depth > (l.maxDepth as number)) invalidProp(owner, prop, name, `It has ${depth} levels; SSM allows ${l.maxDepth}. ${fix}`);
}

/**
 * A Redshift user or database name (CreateCluster's documented rules, which CreateNamespace's admin user and first
 * database follow): length, characters, and neither a reserved word nor (for users) `PUBLIC`, which Redshift refuses
 * at deploy.
 */
export function checkRedshiftName(owner: string, prop: string, value: string | undefined, name: 'redshift.AdminUsername' | 'redshift.DatabaseName',
  what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const l = limit(name);
  const words = limit('redshift.ReservedWords');
  const fix = `Use ${l.min}-${l.max} characters matching ${l.pattern}, not a reserved word (${l.source}).`;
  if (typeof value !== 'string' || value.length < (l.min as number) || value.length > (l.max as number) || !anchored(l.pattern as string).test(value)) {
    invalidProp(owner, prop, value, fix);
  }
  const reserved = [...((l.reservedNames as string[] | undefined) ?? []), ...(words.enum ?? [])];
  if (reserved.includes(value.toLowerCase())) {
    invalidProp(owner, prop, value, `It is reserved by Redshift, which refuses it as ${what} at deploy (${words.source}); choose another, e.g. 'warehouse_admin'.`);
  }
}
