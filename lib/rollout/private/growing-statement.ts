import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * One statement whose resources grow as rollouts register, so the policies stay small with 30 endpoints. It joins
 * the principals' policies with its first resource (IAM rejects a statement without resources).
 */
export class GrowingStatement {
  private readonly statement: iam.PolicyStatement;
  private readonly resources = new Set<string>();
  private attached = false;

  constructor(actions: string[], private readonly principals: iam.IGrantable[]) {
    this.statement = new iam.PolicyStatement({ actions });
  }

  public add(...arns: string[]): void {
    const fresh = arns.filter((a) => !this.resources.has(a));
    if (fresh.length === 0) return;
    for (const a of fresh) this.resources.add(a);
    this.statement.addResources(...fresh);
    if (this.attached) return;
    this.attached = true;
    for (const p of this.principals) p.grantPrincipal.addToPrincipalPolicy(this.statement);
  }
}
