/* global __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script preloaded with node -r */
/**
 * Lets a test's child process run the TypeScript sources without a build, the way ts-jest runs them under
 * jest (isolatedModules): each .ts file is transpiled when required, and the @lle/* aliases resolve as in
 * tsconfig.base.json. Type errors are the business of tsc and of the jest run that spawns the child.
 *
 *   node -r ./libs/read-models/test/register-typescript.js some-script.ts
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const { config, error } = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const compilerOptions = {
  ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options,
  module: ts.ModuleKind.CommonJS,
  sourceMap: false,
  declaration: false,
};
const aliases = new Map(
  Object.entries(config.compilerOptions.paths ?? {}).map(([alias, [target]]) => [
    alias,
    path.join(root, target),
  ]),
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
