/* global __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script preloaded with node -r */
/**
 * Runs the benchmarks (and the API they start) from the TypeScript sources without a build: each .ts file is
 * transpiled when required (isolated modules, as ts-jest does), and the @lle/* aliases resolve as in
 * tsconfig.base.json. Type errors are the business of `npm run typecheck`.
 *
 *   node -r ./bench/register.js bench/run.ts --quick
 *
 * Transpiled files are cached in node_modules/.cache/lle-bench, keyed by path, source, compiler options and
 * TypeScript version, and the runner (any process without LLE_BENCH_CHILD=1) fills the cache for every source
 * file first. So the servers a benchmark starts never load the TypeScript compiler: their memory is their own.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const tsconfigText = fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8');
const tsconfig = JSON.parse(tsconfigText);
const typescriptVersion = JSON.parse(
  fs.readFileSync(require.resolve('typescript/package.json', { paths: [root] }), 'utf8'),
).version;
const cacheDir = path.join(root, 'node_modules', '.cache', 'lle-bench');
const SOURCE_DIRS = ['apps', 'libs', 'bench'];

const aliases = new Map(
  Object.entries(tsconfig.compilerOptions.paths ?? {}).map(([alias, [target]]) => [
    alias,
    path.join(root, target),
  ]),
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

let compiler;
function transpile(source, fileName) {
  if (!compiler) {
    const ts = require('typescript');
    compiler = {
      ts,
      compilerOptions: {
        ...ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root).options,
        module: ts.ModuleKind.CommonJS,
        sourceMap: false,
        declaration: false,
      },
    };
  }
  return compiler.ts.transpileModule(source, { compilerOptions: compiler.compilerOptions, fileName })
    .outputText;
}

function compiled(fileName) {
  const source = fs.readFileSync(fileName, 'utf8');
  const key = crypto
    .createHash('sha256')
    .update(`${typescriptVersion}\0${tsconfigText}\0${fileName}\0${source}`)
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const output = transpile(source, fileName);
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
    return output;
  }
}

Module._extensions['.ts'] = function (module, fileName) {
  module._compile(compiled(fileName), fileName);
};

function* sourceFiles(directory) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* sourceFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

if (process.env.LLE_BENCH_CHILD !== '1') {
  for (const directory of SOURCE_DIRS) {
    const full = path.join(root, directory);
    if (!fs.existsSync(full)) continue;
    for (const file of sourceFiles(full)) if (!file.endsWith('.spec.ts')) compiled(file);
  }
}
