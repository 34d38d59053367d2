/** Required and optional environment of the handlers (names in contracts/rollout-env.ts). */
export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set; the construct that deploys this Lambda sets it`);
  return v;
}

export function optionalEnv(name: string): string | undefined {
  const v = process.env[name];
  return v ? v : undefined;
}
