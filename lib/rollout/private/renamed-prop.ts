/** A prop given under its current name or its deprecated one, and the name the user gave (for error messages). */
export interface RenamedValue<T> {
  readonly value: T;
  readonly prop: string;
}

/**
 * Reads a prop that was renamed (to aws-codedeploy's name, or to say what it does) and keeps its old name working:
 * both names set is refused rather than one silently winning, and a required prop given under neither name gets a
 * message that names the current one (JavaScript callers are not stopped by the compiler).
 */
export function renamedProp<T>(builder: string, current: string, currentValue: T | undefined, deprecated: string,
  deprecatedValue: T | undefined, required: { example: string }): RenamedValue<T>;
export function renamedProp<T>(builder: string, current: string, currentValue: T | undefined, deprecated: string,
  deprecatedValue: T | undefined): RenamedValue<T> | undefined;
export function renamedProp<T>(builder: string, current: string, currentValue: T | undefined, deprecated: string,
  deprecatedValue: T | undefined, required?: { example: string }): RenamedValue<T> | undefined {
  if (currentValue !== undefined && deprecatedValue !== undefined) {
    throw new Error(`DeploymentStrategy.${builder}: both ${current} and ${deprecated} are set; ${deprecated} is the deprecated ` +
      `name of ${current}. Remove ${deprecated}.`);
  }
  if (currentValue !== undefined) return { value: currentValue, prop: current };
  if (deprecatedValue !== undefined) return { value: deprecatedValue, prop: deprecated };
  if (required) throw new Error(`DeploymentStrategy.${builder}: ${current} is required, e.g. ${required.example}.`);
  return undefined;
}
