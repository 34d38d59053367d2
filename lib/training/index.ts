export * from './model-registry';
export * from './registered-model';
export * from './comparison-options';
export * from './retraining-pipeline-base';
export * from './retraining-pipeline-props';
export * from './retraining-pipeline';
export * from './retraining-triggers';
export * from './model-approval-dispatch';
