// aws-cdk-lib's built-in CloudFormation validation costs ~3.5 s per synth on a 2-core machine.
// Unit tests switch it off here; test/strict-validation.test.ts switches it back on explicitly.
process.env.CDK_VALIDATION = 'false';
