import { Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { ModelEndpoint } from '../../serving/endpoint';
import { rolloutError } from './slot-validation';

/**
 * The endpoint's name as a literal: the drain guard runs before the endpoint and cannot reference it. An endpoint
 * without a name gets a deterministic one (SageMaker: alphanumerics and hyphens, at most 63 characters).
 */
export function literalEndpointName(endpoint: ModelEndpoint): string {
  const cfn = endpoint.node.defaultChild as sagemaker.CfnEndpoint;
  // An endpoint without a name carries a lazy physical name that resolves to nothing.
  const given: unknown = Stack.of(endpoint).resolve(cfn.endpointName);
  if (typeof given === 'string' && !Token.isUnresolved(given)) return given;
  if (given !== undefined) {
    rolloutError('endpoint', `${endpoint.node.path} has a token as its endpointName; the drain guard needs a literal name. ` +
      'Give the ModelEndpoint a literal endpointName, or none (one is then generated).');
  }
  const name = Names.uniqueResourceName(endpoint, { maxLength: 63, separator: '-', allowedSpecialCharacters: '-' });
  cfn.endpointName = name;
  return name;
}

/**
 * The alarm's name as a literal when it was given one, else its token: a literal costs its own length in the
 * EventBridge pattern, a token is budgeted at CloudWatch's maximum of 255 characters.
 */
export function literalAlarmName(alarm: cloudwatch.IAlarm): string {
  const cfn = alarm.node.defaultChild;
  if (cfn instanceof cloudwatch.CfnAlarm && typeof cfn.alarmName === 'string' && !Token.isUnresolved(cfn.alarmName)) {
    return cfn.alarmName;
  }
  return alarm.alarmName;
}

/** The alarms in order, each once: one listed twice would be rendered and routed twice. */
export function uniqueAlarms(alarms: cloudwatch.IAlarm[]): cloudwatch.IAlarm[] {
  return alarms.filter((a, i) => alarms.indexOf(a) === i);
}
