/** The part of aws-cdk-lib custom-resources.Provider's onEvent event that the handlers read. */
export interface CustomResourceEvent<Properties, OldProperties = Properties> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceProperties: Properties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: OldProperties & { readonly ServiceToken?: string };
}
