/**
 * The request hook's output check (contracts/hook-check.ts), pure: parse it from the environment, pick a value from a
 * JSON answer with a small JSONPath subset ($, .name, ['name'], [index]), and say what is wrong with an answer.
 */
import type { HookOutputSpec, HookPayloadSpec, HookValueSpec } from '../../../contracts/hook-check';

export type { HookOutputSpec, HookPayloadSpec, HookValueSpec };

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** The path's steps (property names and indexes); throws on anything outside the subset. */
export function parseJsonPath(path: string): Array<string | number> {
  if (!path.startsWith('$')) throw new Error(`JSON path ${JSON.stringify(path)} must start with $ (e.g. $.predictions[0].score)`);
  const steps: Array<string | number> = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`JSON path ${JSON.stringify(path)}: cannot read ${JSON.stringify(rest)}; use .name, ['name'] or [index]`);
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4]));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** The value at `path`, or undefined when a step is missing. */
export function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const step of parseJsonPath(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = typeof step === 'number' ? (Array.isArray(v) ? v[step] : undefined) : (v as Record<string, unknown>)[step];
  }
  return v;
}

function valueProblem(v: unknown, check: HookValueSpec, where: string): string | undefined {
  const shown = JSON.stringify(v)?.slice(0, 80) ?? 'nothing';
  switch (check.kind) {
    case 'exists':
      return v === undefined || v === null ? `${where} is missing` : undefined;
    case 'equals':
      return v === undefined || String(v) !== check.value ? `${where} is ${shown}, expected ${JSON.stringify(check.value)}` : undefined;
    case 'between': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return `${where} is ${shown}, not a number`;
      return n < check.min || n > check.max ? `${where} is ${n}, outside [${check.min}, ${check.max}]` : undefined;
    }
    case 'matches':
      return v === undefined || !new RegExp(check.pattern).test(String(v)) ? `${where} is ${shown}, does not match /${check.pattern}/` : undefined;
  }
}

/** What is wrong with an answer's body, empty when it has the expected shape. */
export function outputProblems(body: string, spec: HookOutputSpec): string[] {
  const text = body.trim();
  const shown = JSON.stringify(text.slice(0, 80));
  switch (spec.kind) {
    case 'any':
      return [];
    case 'regex':
      return new RegExp(spec.pattern).test(text) ? [] : [`output ${shown} does not match /${spec.pattern}/`];
    case 'number': {
      const n = text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) return [`output ${shown} is not a single number`];
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      return n < min || n > max ? [`output ${n} is outside [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`] : [];
    }
    case 'jsonPath': {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        return [`output ${shown} is not JSON`];
      }
      const p = valueProblem(valueAt(doc, spec.path), spec.check, spec.path);
      return p ? [p] : [];
    }
  }
}

/** Parses and checks HOOK_EXPECTED_OUTPUT; errors say what to fix. */
export function parseOutputSpec(raw: string): HookOutputSpec {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new Error(`HOOK_EXPECTED_OUTPUT must be JSON: ${(e as Error).message}`);
  }
  const spec = v as HookOutputSpec;
  const bad = (why: string) => new Error(`HOOK_EXPECTED_OUTPUT ${raw}: ${why}`);
  switch (spec?.kind) {
    case 'any':
      return spec;
    case 'regex':
      if (typeof spec.pattern !== 'string') throw bad('a regex check needs a string "pattern"');
      new RegExp(spec.pattern);
      return spec;
    case 'number':
      if ((spec.min !== undefined && typeof spec.min !== 'number') || (spec.max !== undefined && typeof spec.max !== 'number')) {
        throw bad('min and max must be numbers');
      }
      return spec;
    case 'jsonPath': {
      if (typeof spec.path !== 'string') throw bad('a jsonPath check needs a string "path"');
      parseJsonPath(spec.path);
      const c = spec.check;
      const ok = c?.kind === 'exists' || (c?.kind === 'equals' && typeof c.value === 'string')
        || (c?.kind === 'between' && typeof c.min === 'number' && typeof c.max === 'number')
        || (c?.kind === 'matches' && typeof c.pattern === 'string');
      if (!ok) throw bad('"check" must be exists, equals (value), between (min, max) or matches (pattern)');
      return spec;
    }
    default:
      throw bad('"kind" must be any, regex, number or jsonPath');
  }
}

/** Parses HOOK_PAYLOADS (a JSON array of HookPayloadSpec). */
export function parseInlinePayloads(raw: string): HookPayloadSpec[] {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new Error(`HOOK_PAYLOADS must be a JSON array of payloads: ${(e as Error).message}`);
  }
  if (!Array.isArray(v) || v.length === 0) throw new Error('HOOK_PAYLOADS must be a non-empty JSON array of payloads');
  return v.map((p, i) => {
    if (!p || typeof p !== 'object' || typeof (p as HookPayloadSpec).body !== 'string') throw new Error(`HOOK_PAYLOADS[${i}] has no string "body"`);
    return p as HookPayloadSpec;
  });
}
