import * as fs from 'fs';
import * as path from 'path';
import { CLASSES } from './battery';

describe('the battery covers every validation class', () => {
  const sources = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  test.each(Object.keys(CLASSES))('%s has at least one invalid case', (cls) => {
    expect(sources).toMatch(new RegExp(`cls: '${cls}'`));
  });
  test('the issue\'s classes and the further limits: at least 18 classes', () => {
    expect(Object.keys(CLASSES).length).toBeGreaterThanOrEqual(18);
  });
});
