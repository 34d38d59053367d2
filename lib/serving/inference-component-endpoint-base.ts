import { EndpointBase, IModelEndpoint } from './endpoint-base';

/**
 * An endpoint that hosts inference components: one production variant without a model, whose instances the
 * components share; callers invoke a component by name (`InferenceComponentName` of InvokeEndpoint).
 */
export interface IInferenceComponentEndpoint extends IModelEndpoint {
  /** The production variant that hosts the components. */
  readonly variantName: string;
}

/** What endpoints created here and imported ones share. */
export abstract class InferenceComponentEndpointBase extends EndpointBase implements IInferenceComponentEndpoint {
  /** The production variant that hosts the components. */
  public abstract readonly variantName: string;
}
