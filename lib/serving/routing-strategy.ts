/** How an endpoint spreads requests over the instances (and, with inference components, the copies) that can answer. */
export class RoutingStrategy {
  /** To the instances with the most capacity left (fewest requests in flight): steadier latency under load. */
  public static readonly LEAST_OUTSTANDING_REQUESTS = new RoutingStrategy('LEAST_OUTSTANDING_REQUESTS');
  /** To an instance chosen at random. */
  public static readonly RANDOM = new RoutingStrategy('RANDOM');

  private constructor(
    /** SageMaker's `RoutingStrategy` value. */
    public readonly name: string,
  ) {}
}
