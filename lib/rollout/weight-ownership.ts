import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { IModelEndpoint } from '../serving/endpoint-base';

/** One claim on some of an endpoint's production-variant weights. */
export interface WeightClaim {
  /** Path of the construct that moves these weights. */
  readonly ownerPath: string;
  /** What it does with them, for error messages (e.g. 'a VariantRollout', 'adaptive A/B allocation'). */
  readonly purpose: string;
  /** The variants whose weights it changes. */
  readonly variants: string[];
}

const claims = new WeakMap<IConstruct, WeightClaim[]>();

/**
 * One owner of each production-variant weight of an endpoint. Anything that changes weights at run time (a
 * VariantRollout on its two slots, an A/B reweighter on its arms) claims the variants it moves at synth; a second
 * claim on any of them is refused with both owners named, because two controllers moving the same weights undo each
 * other (a rollout's rollback would be re-weighted away, or an A/B test ended by the first rollout). Claims on
 * disjoint variants of the same endpoint coexist: a rollout moves only the share its two slots hold together.
 *
 * @example
 * // In a construct that reweights variants 'a' and 'b' of an endpoint at run time:
 * WeightOwnership.claim(this, endpoint, ['a', 'b'], 'adaptive A/B allocation');
 */
export class WeightOwnership {
  /**
   * Claims `variants` of `endpoint` for `owner`. Throws when another owner claimed one of them.
   *
   * @param owner the construct that moves the weights
   * @param endpoint the endpoint whose variants it moves
   * @param variants the production variants whose weights it changes
   * @param purpose what it does with them, named in the error a conflicting claim gets
   */
  public static claim(owner: IConstruct, endpoint: IModelEndpoint, variants: string[], purpose: string): void {
    if (variants.length === 0) {
      throw new Error(`WeightOwnership.claim: ${owner.node.path} claims no variants of ${endpoint.node.path}; name the variants it moves.`);
    }
    if (variants.some((v) => Token.isUnresolved(v))) {
      throw new Error(`WeightOwnership.claim: ${owner.node.path} names a variant of ${endpoint.node.path} with a token; use the literal variant names.`);
    }
    const existing = claims.get(endpoint) ?? [];
    for (const c of existing) {
      if (c.ownerPath === owner.node.path) continue;
      const shared = variants.filter((v) => c.variants.includes(v));
      if (shared.length > 0) {
        throw new Error(`${owner.node.path} (${purpose}) would move the weights of ${shared.join(', ')} on ${endpoint.node.path}, ` +
          `which ${c.ownerPath} (${c.purpose}) already moves; two owners of the same weights undo each other. Give each its ` +
          'own variants (e.g. a rollout on two slots of one A/B arm, the A/B reweighter on the arms), or keep only one of them.');
      }
    }
    const mine = existing.find((c) => c.ownerPath === owner.node.path);
    const merged: WeightClaim = { ownerPath: owner.node.path, purpose,
      variants: [...new Set([...(mine?.variants ?? []), ...variants])] };
    claims.set(endpoint, [...existing.filter((c) => c !== mine), merged]);
  }

  /**
   * The claims on `endpoint`'s weights, in the order they were made.
   * @param endpoint the endpoint
   */
  public static claimsOn(endpoint: IModelEndpoint): WeightClaim[] {
    return [...(claims.get(endpoint) ?? [])];
  }

  private constructor() {}
}
