// End-to-end through the CLI entry: real files on disk, the real spec, the report text and the exit code.
import * as path from 'path';
import { runReviewCommand } from '../../lib/cli/review-command';
import {
  BASE_TEMPLATE,
  FIXTURES,
  IDS,
  baseTemplate,
  changeKmsKey,
  removeWrittenTemplates,
  renameResource,
  variant,
  withoutPolicies,
  writeTemplates,
  type Template,
} from './fixtures/variants';

afterAll(removeWrittenTemplates);

async function review(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReviewCommand(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** Reviews old → new, both written to disk as template files. */
async function reviewTemplates(oldTemplate: Template, newTemplate: Template, ...extraArgs: string[]) {
  const files = writeTemplates({ 'old.template.json': oldTemplate, 'new.template.json': newTemplate });
  return review(files['old.template.json'], files['new.template.json'], ...extraArgs);
}

/** The report block of one resource: its head line and the indented detail lines under it. */
function blockOf(stdout: string, logicalId: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.includes(`  ${logicalId}`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !/^ {15}/.test(l));
  return lines.slice(start, end).join('\n');
}

describe('review of a KmsKeyId change', () => {
  test('with UpdateReplacePolicy Snapshot: reported as a replacement with snapshot, exit 3', async () => {
    const result = await reviewTemplates(baseTemplate(), variant(baseTemplate(), changeKmsKey));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}REPLACE +AWS::ElastiCache::ReplicationGroup {2}CacheReplicationGroup4D2E6F10 {2}\(stateful\)/);
    expect(block).toContain(
      'KmsKeyId: {"Fn::GetAtt":["CacheKey3E5B7D1A","Arn"]} → {"Fn::GetAtt":["CacheKeyV2","Arn"]}  [create-only (Replacement)]',
    );
    expect(block).toContain('WARNING: replaced, snapshot taken (UpdateReplacePolicy: Snapshot)');
    expect(block).toContain('The new resource starts EMPTY');
    expect(result.stdout).toContain(`Result: REPLACED: 1 stateful resource comes back empty`);
    expect(result.code).toBe(3);
  });

  test('without a policy: data loss, exit 2', async () => {
    const result = await reviewTemplates(withoutPolicies(), variant(withoutPolicies(), changeKmsKey));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toContain('[create-only (Replacement)]');
    expect(block).toContain('DATA LOSS: replaced with UpdateReplacePolicy: Delete');
    expect(result.stdout).toContain(
      `Result: DATA LOSS: 1 stateful resource is replaced or deleted without snapshot or retain: ${IDS.replicationGroup}`,
    );
    expect(result.code).toBe(2);
  });

  test('dropping the Snapshot policy in the same change counts as no snapshot', async () => {
    const result = await reviewTemplates(
      baseTemplate(),
      variant(baseTemplate(), (t) => {
        changeKmsKey(t);
        delete t.Resources[IDS.replicationGroup].UpdateReplacePolicy;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('UpdateReplacePolicy: "Snapshot" → (unset)  [resource attribute]');
    expect(result.code).toBe(2);
  });

  test('--allow-replacement acknowledges it: shown as acknowledged, exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), changeKmsKey),
      '--allow-replacement',
      IDS.replicationGroup,
    );

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toContain('DATA LOSS: replaced');
    expect(block).toContain('ACKNOWLEDGED by --allow-replacement');
    expect(result.stdout).toContain('Result: safe to deploy with care');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('an --allow-replacement that matches nothing is noted and does not hide the data loss', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), changeKmsKey),
      '--allow-replacement=CacheReplicationGroup',
    );

    expect(result.stderr).toBe(
      'cdk-elasticache review: note: --allow-replacement CacheReplicationGroup matched no replaced or deleted stateful resource\n',
    );
    expect(result.code).toBe(2);
  });
});

describe('review of other replication group changes', () => {
  test('a Port change is a replacement (data loss without a policy)', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.Port = 6379;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('Port: 6380 → 6379  [create-only (Replacement)]');
    expect(result.code).toBe(2);
  });

  test('a CacheNodeType change updates in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.CacheNodeType = 'cache.r7g.xlarge';
      }),
    );

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}UPDATE /);
    expect(block).toContain('CacheNodeType: "cache.r7g.large" → "cache.r7g.xlarge"  [in-place update]');
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });

  test('a NumCacheClusters change updates in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.NumCacheClusters = 3;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('NumCacheClusters: 2 → 3  [in-place update]');
    expect(result.code).toBe(0);
  });

  test('a replaced subnet group replaces the group through its Ref', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.subnetGroup].Properties.CacheSubnetGroupName = 'cache-subnets';
      }),
    );

    expect(blockOf(result.stdout, IDS.subnetGroup)).toContain(
      'CacheSubnetGroupName: (unset) → "cache-subnets"  [create-only (Replacement)]',
    );
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain(
      'CacheSubnetGroupName: {"Ref":"CacheSubnetGroup8F1C2A44"} → {"Ref":"CacheSubnetGroup8F1C2A44 (replaced)"}' +
        '  [create-only (Replacement), because a resource it references is replaced]',
    );
    expect(result.code).toBe(2);
  });
});

describe('review of a changed logical id (delete + create)', () => {
  const rename = (t: Template) => renameResource(t, IDS.replicationGroup, 'CacheReplicationGroupV2');

  test('without a policy: the old group is deleted, exit 2', async () => {
    const result = await reviewTemplates(withoutPolicies(), variant(withoutPolicies(), rename));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}DELETE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain('a AWS::ElastiCache::ReplicationGroup was added as CacheReplicationGroupV2');
    expect(block).toContain('DATA LOSS: deleted with DeletionPolicy: Delete');
    expect(blockOf(result.stdout, 'CacheReplicationGroupV2')).toMatch(/^ {2}ADD +AWS::ElastiCache::ReplicationGroup/);
    expect(result.code).toBe(2);
  });

  test('with DeletionPolicy Snapshot: deleted, snapshot taken, still flagged with exit 3', async () => {
    const result = await reviewTemplates(baseTemplate(), variant(baseTemplate(), rename));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('WARNING: deleted, snapshot taken (DeletionPolicy: Snapshot)');
    expect(result.stdout).toContain(`Result: REPLACED: 1 stateful resource comes back empty`);
    expect(result.code).toBe(3);
  });

  test('a deleted KMS key with DeletionPolicy Retain is orphaned and retained; the group it encrypts is replaced: exit 3', async () => {
    const result = await reviewTemplates(
      baseTemplate(),
      variant(baseTemplate(), (t) => {
        renameResource(t, IDS.key, 'CacheKeyRenamed');
        t.Resources[IDS.replicationGroup].Properties.KmsKeyId = { 'Fn::GetAtt': ['CacheKeyRenamed', 'Arn'] };
      }),
    );

    expect(blockOf(result.stdout, IDS.key)).toContain('WARNING: deleted, old resource orphaned and retained (DeletionPolicy: Retain)');
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('WARNING: replaced, snapshot taken');
    // The retained key alone would pass; the replacement of the group is what fails.
    expect(result.stdout).toContain(
      `Result: REPLACED: 1 stateful resource comes back empty (the old data survives only in a snapshot or a retained copy): ${IDS.replicationGroup}`,
    );
    expect(result.code).toBe(3);
  });
});

describe('review of security group changes', () => {
  test('an inline ingress rule change updates the security group in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.securityGroup].Properties.SecurityGroupIngress[0].CidrIp = '10.1.0.0/16';
      }),
    );

    const block = blockOf(result.stdout, IDS.securityGroup);
    expect(block).toMatch(/^ {2}UPDATE +AWS::EC2::SecurityGroup/);
    expect(block).toContain('SecurityGroupIngress:');
    expect(block).toContain('[in-place update]');
    expect(result.code).toBe(0);
  });

  test('a standalone ingress rule is replaced, which loses no data: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.ingress].Properties.SourceSecurityGroupId = 'sg-0a1b2c3d4e5f6000a';
      }),
    );

    const block = blockOf(result.stdout, IDS.ingress);
    expect(block).toMatch(/^ {2}REPLACE +AWS::EC2::SecurityGroupIngress/);
    expect(block).not.toContain('(stateful)');
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });
});

describe('review inputs', () => {
  test('cdk.out directories: stacks are paired by file name', async () => {
    const oldOut = writeTemplates({
      'CacheStack.template.json': withoutPolicies(),
      'OtherStack.template.json': baseTemplate(),
      'manifest.json': {},
    });
    const newOut = writeTemplates({
      'CacheStack.template.json': variant(withoutPolicies(), changeKmsKey),
      'OtherStack.template.json': baseTemplate(),
      'NewStack.template.json': baseTemplate(),
    });

    const result = await review(oldOut.dir, newOut.dir);

    expect(result.stdout).toContain('Stack CacheStack: 1 added, 0 removed, 1 modified (1 replacement)');
    expect(result.stdout).toContain('Stack OtherStack: no resource changes');
    expect(result.stdout).toContain('Stack NewStack: only in the new input, a new stack');
    expect(result.code).toBe(2);
  });

  test('a Jest .snap file as the old side, a template file as the new side', async () => {
    const files = writeTemplates({
      'new.template.json': variant(baseTemplate(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.Port = 6379;
      }),
    });

    const result = await review(path.join(FIXTURES, 'sample.snap'), files['new.template.json']);

    expect(result.stdout).toContain('Stack sample 1 → new: 0 added, 0 removed, 1 modified (1 replacement)');
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('Port: 6380 → 6379  [create-only (Replacement)]');
    expect(result.code).toBe(3);
  });

  test('identical inputs: nothing changes, exit 0', async () => {
    const result = await review(BASE_TEMPLATE, BASE_TEMPLATE);

    expect(result.stdout).toBe(
      'Stack replication-group: no resource changes\n\nResult: safe: no stateful resource is replaced or deleted\n',
    );
    expect(result.code).toBe(0);
  });
});

describe('usage and input errors exit 1 with one line', () => {
  const emptyDir = () => writeTemplates({ 'manifest.json': {} }).dir;
  test.each<[string, () => string[], RegExp]>([
    ['no inputs', () => [], /^cdk-elasticache review: expected an old and a new input, got 0 \(usage: .*\)\n$/],
    ['one input', () => [BASE_TEMPLATE], /^cdk-elasticache review: expected an old and a new input, got 1 \(usage: /],
    [
      '--allow-replacement without an id',
      () => [BASE_TEMPLATE, BASE_TEMPLATE, '--allow-replacement'],
      /^cdk-elasticache review: --allow-replacement needs a logical id \(usage: /,
    ],
    ['an unknown option', () => [BASE_TEMPLATE, BASE_TEMPLATE, '--force'], /^cdk-elasticache review: unknown option '--force' \(usage: /],
    [
      'a missing file',
      () => ['/nonexistent/old.json', BASE_TEMPLATE],
      /^cdk-elasticache review: \/nonexistent\/old.json: no such file or directory\n$/,
    ],
    [
      'a directory without templates',
      () => [emptyDir(), BASE_TEMPLATE],
      /: no \*\.template\.json files \(expected a cdk\.out directory\)\n$/,
    ],
    ['a file that is not JSON', () => [path.join(FIXTURES, 'variants.ts'), BASE_TEMPLATE], /variants\.ts: not valid JSON \(/],
  ])('%s', async (_name, args, message) => {
    const result = await review(...args());

    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  test('stacks with no name in common', async () => {
    const oldOut = writeTemplates({ 'A.template.json': baseTemplate(), 'B.template.json': baseTemplate() });
    const newOut = writeTemplates({ 'C.template.json': baseTemplate(), 'D.template.json': baseTemplate() });

    const result = await review(oldOut.dir, newOut.dir);

    expect(result.stderr).toBe('cdk-elasticache review: no stack is in both inputs (old: A, B; new: C, D)\n');
    expect(result.code).toBe(1);
  });

  test('--help prints the usage and exit codes, exit 0', async () => {
    const result = await review('--help');

    expect(result.stdout).toContain('usage: cdk-elasticache review');
    expect(result.stdout).toContain('2  a stateful resource is replaced or deleted without a Snapshot or Retain policy');
    expect(result.code).toBe(0);
  });
});
