import * as fs from 'fs';
import * as path from 'path';
import { CLASSES } from './battery';

describe('the battery covers every validation class', () => {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts'));
  const sources = files.map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  // A class is covered by battery cases of that class, or by a test file of its own (required-props.test.ts).
  test.each(Object.keys(CLASSES))('%s has at least one invalid case', (cls) => {
    expect({ cls, covered: new RegExp(`cls: '${cls}'`).test(sources) || files.includes(`${cls}.test.ts`) }).toEqual({ cls, covered: true });
  });
  test('the issue\'s classes and the further limits: at least 18 classes', () => {
    expect(Object.keys(CLASSES).length).toBeGreaterThanOrEqual(18);
  });
});
