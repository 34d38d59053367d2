import { Tokenization } from 'aws-cdk-lib';
import { invalidProp } from './validate-monitor';

/** Lambda's limit on a function's environment: all keys and values together, in bytes. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/**
 * Bytes counted for each unresolved token: the tokens the monitors place in their environment are S3 bucket names
 * (at most 63 characters) and names of their own (at most 64). A token of another kind (a key from a parameter)
 * could be longer: the estimate is then low, and CloudFormation's error at deploy is the backstop.
 */
export const ENVIRONMENT_TOKEN_BYTES = 64;

/** The size Lambda counts for an environment, with each token at ENVIRONMENT_TOKEN_BYTES. */
export function environmentBytes(env: Record<string, string>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(env)) {
    const fragments = Tokenization.reverseString(v);
    const literal = fragments.mapTokens({ mapToken: () => '' }).join({ join: (l: unknown, r: unknown) => `${l ?? ''}${r ?? ''}` });
    bytes += Buffer.byteLength(k) + Buffer.byteLength(String(literal ?? '')) + fragments.tokens.length * ENVIRONMENT_TOKEN_BYTES;
  }
  return bytes;
}

/** Fails at synth when an environment would not fit Lambda's 4 KB, naming the prop that fills it and the fix. */
export function validateEnvironmentSize(owner: string, prop: string, env: Record<string, string>, fix: string): void {
  const bytes = environmentBytes(env);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES) {
    invalidProp(owner, prop, `${bytes} bytes of Lambda environment (at most ${LAMBDA_ENVIRONMENT_MAX_BYTES} for all variables together)`, fix);
  }
}
