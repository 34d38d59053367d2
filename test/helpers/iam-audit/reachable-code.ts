/**
 * The code reachable from a Lambda handler's export, in the bundled JavaScript (one esbuild bundle, or the files of
 * an aws-cdk-lib asset compiled by tsc), read with the TypeScript parser (syntax only, no types):
 * - roots: the handler's definition and every top-level statement that runs at load (not a function or class
 *   definition, nor an `exports.x = y` binding, which is reached by its name);
 * - a name referenced in reached code reaches every module-level definition of that name (function, class,
 *   variable); local definitions are reached with the code around them;
 * - a property name used in reached code (`x.get`, `{ get } = x`) reaches every class member and `exports.<name>`
 *   binding of that name, whatever the receiver (names, not types: more than is called, never less, except through
 *   computed names such as `x[name]()`, which the bundles here do not use for AWS calls);
 * - a reached class reaches its constructor, fields, static blocks and base class; its methods only by name.
 * esbuild's tree shaking already drops unused top-level functions; this drops the unused methods of a class (a
 * handler that only reads the rollout table does not reach the table's writes).
 */
import * as ts from 'typescript';

type Definition = ts.Node;

interface Index {
  /** Functions, classes and variables by name. */
  readonly byName: Map<string, Definition[]>;
  /** Class members and `exports.<name> = <value>` bindings by property name. */
  readonly byProperty: Map<string, Definition[]>;
  readonly roots: ts.Node[];
}

const add = (map: Map<string, Definition[]>, name: string, def: Definition) => map.set(name, [...(map.get(name) ?? []), def]);

/** `exports.x = y` or `module.exports.x = y`: the property name, else undefined. */
function exportBinding(node: ts.Node): string | undefined {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = node.left;
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const target = left.expression.getText();
  return target === 'exports' || target === 'module.exports' ? left.name.text : undefined;
}

function indexFiles(files: ts.SourceFile[]): Index {
  const byName = new Map<string, Definition[]>();
  const byProperty = new Map<string, Definition[]>();
  const roots: ts.Node[] = [];
  const objectExports: ts.ObjectLiteralExpression[] = [];
  // Names: the module scope's definitions (one scope per file; esbuild's bundle is one scope). A local definition is
  // reached with the code around it.
  const define = (statement: ts.Statement): void => {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) add(byName, statement.name.text, statement);
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) add(byName, d.name.text, d.initializer);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isClassElement(node) && node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) {
      if (!ts.isConstructorDeclaration(node) && !ts.isPropertyDeclaration(node)) add(byProperty, node.name.text, node);
    }
    const bound = exportBinding(node);
    if (bound) {
      // `exports.a = exports.b = void 0` declares; only a value binds.
      let value = (node as ts.BinaryExpression).right;
      while (exportBinding(value)) value = (value as ts.BinaryExpression).right;
      add(byProperty, bound, value);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) {
    file.statements.forEach(define);
    visit(file);
    for (const statement of file.statements) {
      if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) continue;
      if (ts.isExpressionStatement(statement) && isOnlyExportBindings(statement.expression)) continue;
      if (ts.isVariableStatement(statement)) {
        // Initializers run at load; a function or class expression only defines.
        for (const d of statement.declarationList.declarations) {
          if (d.initializer && !ts.isFunctionExpression(d.initializer) && !ts.isArrowFunction(d.initializer) && !ts.isClassExpression(d.initializer)) {
            roots.push(d.initializer);
          }
        }
        continue;
      }
      if (ts.isExpressionStatement(statement) && moduleExportsObject(statement.expression)) {
        objectExports.push(moduleExportsObject(statement.expression)!);
        continue;
      }
      roots.push(statement);
    }
  }
  // `module.exports = { [consts.ON_EVENT]: wrap(onEvent), ... }`: bindings by their key, a constant exported as a string.
  for (const literal of objectExports) {
    for (const prop of literal.properties) {
      if (!ts.isPropertyAssignment(prop)) {
        roots.push(prop);
        continue;
      }
      const key = ts.isComputedPropertyName(prop.name) ? constantKey(prop.name.expression, byProperty) : prop.name.getText().replace(/^["']|["']$/g, '');
      if (key === undefined) roots.push(prop);
      else add(byProperty, key, prop.initializer);
    }
  }
  return { byName, byProperty, roots };
}

/** The object literal of `module.exports = { ... }`, else undefined. */
function moduleExportsObject(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && e.left.getText() === 'module.exports' &&
    ts.isObjectLiteralExpression(e.right) ? e.right : undefined;
}

/** A computed key `consts.NAME` whose NAME is exported as a string literal (`exports.NAME = "onEvent"`). */
function constantKey(e: ts.Expression, byProperty: Map<string, Definition[]>): string | undefined {
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const values = (byProperty.get(e.name.text) ?? []).filter(ts.isStringLiteral);
  return values.length === 1 ? (values[0] as ts.StringLiteral).text : undefined;
}

/**
 * `exports.a = x, exports.b = y` and `exports.a = exports.b = void 0`: bindings, reached by their property name (a
 * value such as `safeHandler(onEvent)` is evaluated at load, but what it wraps runs only when the export is called).
 */
function isOnlyExportBindings(e: ts.Expression): boolean {
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return isOnlyExportBindings(e.left) && isOnlyExportBindings(e.right);
  return exportBinding(e) !== undefined;
}

/** Whether an identifier is a name being declared or a property name (not a reference to a definition). */
function referenceKind(id: ts.Identifier): 'reference' | 'property' | 'declaration' {
  const p = id.parent;
  // `exports.x = ...` writes a property: it reaches nothing.
  if (ts.isPropertyAccessExpression(p) && p.name === id && ts.isBinaryExpression(p.parent) && p.parent.left === p &&
    p.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'declaration';
  if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isBindingElement(p) && p.propertyName === id)) return 'property';
  if (ts.isBindingElement(p) && p.name === id && !p.propertyName && ts.isObjectBindingPattern(p.parent)) return 'property';
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return 'declaration';
  if ((ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) ||
    ts.isFunctionExpression(p) || ts.isClassExpression(p) || ts.isLabeledStatement(p)) && (p as any).name === id) return 'declaration';
  return 'reference';
}

/**
 * The source text reachable from a handler (the definition named `entry`, in any of the files), plus what runs at
 * load. Returns the texts of the reached nodes (which may overlap).
 */
export function reachableCode(sources: Array<{ name: string; code: string }>, entry: string): string[] {
  const files = sources.map((s) => ts.createSourceFile(s.name, s.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
  const index = indexFiles(files);
  const reached = new Set<ts.Node>();
  const queue: ts.Node[] = [];
  const reach = (node: ts.Node) => {
    if (reached.has(node)) return;
    reached.add(node);
    queue.push(node);
  };
  const reachClass = (c: ts.ClassLikeDeclaration) => {
    for (const m of c.members) if (ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) reach(m);
    for (const h of c.heritageClauses ?? []) reach(h);
  };
  const entryDefs = [...(index.byName.get(entry) ?? []), ...(index.byProperty.get(entry) ?? [])];
  if (entryDefs.length === 0) throw new Error(`no definition of the handler '${entry}' in ${sources.map((s) => s.name).join(', ')}`);
  [...index.roots, ...entryDefs].forEach(reach);
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      reachClass(node);
      continue;
    }
    const walk = (n: ts.Node): void => {
      if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) {
        // A class defined inside reached code: its parts are reached like any class's.
        reachClass(n);
        return;
      }
      if (ts.isIdentifier(n)) {
        const kind = referenceKind(n);
        if (kind === 'reference') (index.byName.get(n.text) ?? []).forEach(reach);
        if (kind === 'property') (index.byProperty.get(n.text) ?? []).forEach(reach);
      } else if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression)) {
        (index.byProperty.get(n.argumentExpression.text) ?? []).forEach(reach);
      }
      ts.forEachChild(n, walk);
    };
    if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
      if (node.body) walk(node.body);
    } else {
      walk(node);
    }
  }
  // A class's text holds all its methods: its reached parts stand for it.
  return [...reached].filter((n) => !ts.isClassDeclaration(n) && !ts.isClassExpression(n)).map((n) => n.getText());
}
