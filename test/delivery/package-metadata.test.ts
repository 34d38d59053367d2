/**
 * Package metadata: what package.json says (repository, homepage, issues, author, license, engines) is what the
 * README says, and the LICENSE file is the licence package.json names.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const project = readme.slice(readme.indexOf('\n## Project'));

test('the README names the repository, issues, author and licence of package.json', () => {
  const repo = (pkg.repository.url as string).replace(/^git\+/, '').replace(/\.git$/, '');
  expect(project).toContain(`- Source: ${repo}\n`);
  expect(pkg.homepage).toBe(`${repo}#readme`);
  expect(project).toContain(`- Issues: ${pkg.bugs.url}\n`);
  expect(pkg.bugs.url).toBe(`${repo}/issues`);
  expect(project).toContain(`- Author: ${pkg.author.name}\n`);
  expect(project).toContain(`- License: ${pkg.license} ([LICENSE](LICENSE))`);
});

test('LICENSE is the Apache License 2.0 that package.json names, and ships in the package', () => {
  expect(pkg.license).toBe('Apache-2.0');
  expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  expect(pkg.files).toContain('LICENSE');
});

test('engines start at the oldest Node.js major the pull-request workflow tests, open upwards like aws-cdk-lib\'s', () => {
  const pr = fs.readFileSync(path.join(root, '.github', 'workflows', 'pull-request.yml'), 'utf8');
  const tested = /node: \[([^\]]+)\]/.exec(pr)![1].split(',').map((n) => Number(n.trim()));
  // No upper bound: it would only make npm warn (EBADENGINE) on a newer Node.js, as aws-cdk-lib (>= 20.0.0) does not.
  expect(pkg.engines.node).toBe(`>=${Math.min(...tested)}.0.0`);
  expect(readme).toContain(`Node.js ${tested.join(' and ')}`);
});
