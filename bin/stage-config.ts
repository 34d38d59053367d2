/**
 * Which environments the reference app deploys to (pure): one CDK Stage per entry, read from configuration so that
 * no account or region is written in the code.
 *
 * Sources, first found wins:
 *   - context `stages`:  cdk synth -c stages=Staging,Production   or, in cdk.context.json / cdk.json,
 *                        "stages": { "Staging": { "account": "111111111111", "region": "eu-west-1" }, "Production": {...} }
 *   - environment:       CDK_MLOPS_STAGES=Staging,Production, with CDK_MLOPS_<NAME>_ACCOUNT / _REGION per stage
 *                        (e.g. CDK_MLOPS_STAGING_ACCOUNT) — what the GitHub workflows set.
 * A stage without an account or region is environment-agnostic: it deploys where the credentials in use point.
 * Without any configuration the app has no stage and one top-level stack, `CdkMlops` (the workstation default).
 */
export interface StageConfig {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export class StageConfigError extends Error {
  constructor(message: string) {
    super(`stage configuration: ${message}`);
    this.name = 'StageConfigError';
  }
}

/** `context` is the value of the `stages` context key (string or object); `env` the process environment. */
export function stagesFromConfig(context: unknown, env: Readonly<Record<string, string | undefined>>): StageConfig[] {
  if (context !== undefined && context !== null && context !== '') return fromContext(context, env);
  const names = env.CDK_MLOPS_STAGES;
  if (names === undefined || names.trim() === '') return [];
  return check(names.split(',').map((n) => n.trim()).filter((n) => n !== '').map((name) => withEnv(name, env)),
    'CDK_MLOPS_STAGES');
}

function fromContext(context: unknown, env: Readonly<Record<string, string | undefined>>): StageConfig[] {
  let value = context;
  if (typeof value === 'string') {
    const text = value.trim();
    // `-c stages='{"Staging":{...}}'` arrives as a string too.
    if (text.startsWith('{')) {
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new StageConfigError(`context stages is not valid JSON: ${(e as Error).message}`);
      }
    } else {
      return check(text.split(',').map((n) => n.trim()).filter((n) => n !== '').map((name) => withEnv(name, env)),
        'context stages');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StageConfigError('context stages must be "Name1,Name2" or {"Name": {"account": "...", "region": "..."}}');
  }
  return check(Object.entries(value as Record<string, unknown>).map(([name, v]) => {
    const o = (v ?? {}) as { account?: unknown; region?: unknown };
    if (typeof o !== 'object' || (o.account !== undefined && typeof o.account !== 'string') ||
      (o.region !== undefined && typeof o.region !== 'string')) {
      throw new StageConfigError(`stage ${name}: use {"account": "<12 digits>", "region": "<region>"} (both optional)`);
    }
    const fromEnv = withEnv(name, env);
    return { name, account: o.account ?? fromEnv.account, region: o.region ?? fromEnv.region };
  }), 'context stages');
}

function withEnv(name: string, env: Readonly<Record<string, string | undefined>>): StageConfig {
  const key = name.toUpperCase();
  return { name, account: env[`CDK_MLOPS_${key}_ACCOUNT`] || undefined, region: env[`CDK_MLOPS_${key}_REGION`] || undefined };
}

function check(stages: StageConfig[], source: string): StageConfig[] {
  if (stages.length === 0) throw new StageConfigError(`${source} names no stage`);
  const seen = new Set<string>();
  for (const s of stages) {
    if (!NAME.test(s.name)) {
      throw new StageConfigError(`${source}: stage name '${s.name}' must start with a letter and use only letters and ` +
        'digits (it becomes a stack name prefix), e.g. Staging');
    }
    if (seen.has(s.name.toLowerCase())) throw new StageConfigError(`${source}: stage '${s.name}' appears twice`);
    seen.add(s.name.toLowerCase());
    if (s.account !== undefined && !ACCOUNT.test(s.account)) {
      throw new StageConfigError(`stage ${s.name}: account '${s.account}' is not a 12-digit AWS account id`);
    }
    if (s.region !== undefined && !REGION.test(s.region)) {
      throw new StageConfigError(`stage ${s.name}: region '${s.region}' is not an AWS region name such as eu-west-1`);
    }
  }
  return stages;
}
