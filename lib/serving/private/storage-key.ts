import { Annotations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { InstanceType } from '../instance-type';
import { sharedStorageKey } from './render-variant';

/** What the storage key depends on: a fleet's name, instance type and whether it is serverless. */
export interface StorageFleet {
  readonly variantName: string;
  readonly instanceType?: InstanceType;
  readonly serverless?: unknown;
}

/**
 * The key of an endpoint configuration's storage volumes (`KmsKeyId`): none where SageMaker rejects one (instance
 * types with local instance storage, encrypted by the hardware; serverless fleets, which have no volume), else the
 * given key or the stack's shared one. `owner` names the construct in errors.
 */
export function resolveStorageKey(scope: Construct, owner: string, key: kms.IKey | undefined, fleets: StorageFleet[]): kms.IKey | undefined {
  const withStorage = fleets.filter((v) => v.instanceType?.hasInstanceStorage);
  if (withStorage.length > 0) {
    if (key) {
      throw new Error(`${owner}: encryptionKey is set, but variant '${withStorage[0].variantName}' uses ${withStorage[0].instanceType}, which has instance storage and SageMaker rejects a KMS key for it; remove encryptionKey (that storage is encrypted by the hardware) or pick an instance type without local storage.`);
    }
    Annotations.of(scope).addInfo(`Instance storage of ${withStorage[0].instanceType} is encrypted by the hardware; no KMS key is set on the endpoint configuration.`);
    return undefined;
  }
  if (fleets.every((v) => v.serverless)) {
    // Serverless endpoints have no storage volume to encrypt with a key; SageMaker rejects KmsKeyId for them.
    if (key) {
      throw new Error(`${owner}: encryptionKey is set on an endpoint whose variants are all serverless; SageMaker rejects a KMS key there. Remove encryptionKey.`);
    }
    return undefined;
  }
  return key ?? sharedStorageKey(scope);
}
