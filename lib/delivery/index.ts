export * from './github-deploy-role-props';
export * from './github-oidc-provider';
export * from './github-deploy-role';
