import type * as cdk from 'aws-cdk-lib';

export interface ResourcesPerEndpoint {
  readonly endpoints: number;
  /** Resources each more endpoint (with its models and rollout) adds. */
  readonly perEndpoint: number;
  readonly perEndpointByType: Record<string, number>;
  /** Resources independent of the number of endpoints. */
  readonly shared: number;
  /** Resources of the stack with `endpoints` endpoints. */
  readonly total: number;
}

export function scaleStack(lib: unknown, cdkLib: typeof cdk, endpoints: number, stackName?: string): cdk.Stack;
export function countResources(cdkLib: typeof cdk, stack: cdk.Stack): { total: number; byType: Record<string, number> };
export function resourcesPerEndpoint(lib: unknown, cdkLib: typeof cdk, n?: number): ResourcesPerEndpoint;
