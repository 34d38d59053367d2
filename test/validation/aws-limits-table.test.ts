import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AWS_LIMITS } from '../../contracts/aws-limits.generated';

const root = path.join(__dirname, '..', '..');

describe('the generated AWS limits table', () => {
  test('equals a fresh extraction from botocore and cfn-lint (run `npm run limits` when it does not)', () => {
    const run = spawnSync('python3', [path.join(root, 'scripts', 'extract-aws-limits.py'), '--stdout'], { encoding: 'utf8', timeout: 110_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const committed = fs.readFileSync(path.join(root, 'contracts', 'aws-limits.generated.ts'), 'utf8');
    expect(run.stdout).toBe(committed);
  });

  test('holds what the constructs check, with its source', () => {
    for (const [name, l] of Object.entries(AWS_LIMITS)) {
      expect({ name, source: l.source }).toEqual({ name, source: expect.stringMatching(/botocore|cfn-lint|Guide|reference|GitHub's/) });
    }
    // botocore's hosting enum is long (every family SageMaker hosts) and includes the misspelling's right form.
    expect(AWS_LIMITS['sagemaker.ProductionVariantInstanceType'].enum.length).toBeGreaterThan(200);
    expect(AWS_LIMITS['sagemaker.ProductionVariantInstanceType'].enum).toContain('ml.m5.large');
  });

  test('classifies local NVMe storage from AWS data: families the old pattern missed are in, EBS-only inf2 is out', () => {
    const storage = AWS_LIMITS['sagemaker.instanceTypesWithInstanceStorage'].enum as readonly string[];
    // 'd' families (EC2 naming), the families botocore's ResourceConfig documentation names, and the documented GPU/Trainium ones.
    for (const t of ['ml.m5d.large', 'ml.r7gd.medium', 'ml.g4dn.xlarge', 'ml.p4d.24xlarge', 'ml.g5.xlarge', 'ml.p5en.48xlarge',
      'ml.g7e.2xlarge', 'ml.trn1n.32xlarge', 'ml.trn2.48xlarge', 'ml.dl1.24xlarge', 'ml.p6-b200.48xlarge']) {
      expect(storage).toContain(t);
    }
    for (const t of ['ml.m5.large', 'ml.c6in.large', 'ml.inf2.xlarge', 'ml.inf1.xlarge', 'ml.r8g.medium']) expect(storage).not.toContain(t);
    // Every type with storage is a hosting type.
    for (const t of storage) expect(AWS_LIMITS['sagemaker.ProductionVariantInstanceType'].enum).toContain(t);
  });
});
