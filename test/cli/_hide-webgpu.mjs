// Loaded with `node --import` by test/cli/webgpu.test.ts: the `webgpu` package resolves as if not installed,
// to check what the CLI says then. Changes nothing else.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'webgpu') throw Object.assign(new Error("Cannot find package 'webgpu'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
