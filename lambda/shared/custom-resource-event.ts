/** The part of aws-cdk-lib custom-resources.Provider's onEvent event that the handlers read. */
export interface CustomResourceEvent<Properties, OldProperties = Properties> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** CloudFormation's id of the request: the same when the request is delivered again (Lambda retries included). */
  readonly RequestId?: string;
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceProperties: Properties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: OldProperties & { readonly ServiceToken?: string };
}
