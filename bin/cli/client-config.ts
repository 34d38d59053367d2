/**
 * The AWS SDK client settings of every CLI command: the region from --region, else AWS_REGION or AWS_DEFAULT_REGION
 * of the CLI's environment (else the SDK's own chain: the profile), and an emulator's endpoint when
 * AWS_ENDPOINT_URL (or a service's own variable, e.g. AWS_ENDPOINT_URL_CLOUDFORMATION, first) is set there.
 */
export function cliClientConfig(region: string | undefined, env: Readonly<Record<string, string | undefined>>,
  serviceEndpointVariable?: string): { region?: string; endpoint?: string } {
  const endpoint = (serviceEndpointVariable ? env[serviceEndpointVariable] : undefined) ?? env.AWS_ENDPOINT_URL;
  return { region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION, ...(endpoint ? { endpoint } : {}) };
}
