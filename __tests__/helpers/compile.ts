import { compileSources as compile, type CompiledSources } from '../../bench/compile.mjs'

let cached: Promise<CompiledSources> | undefined

/**
 * Transpiles src/**\/*.ts to plain ESM JavaScript in a temp dir (same layout, `.js` names) and
 * returns that dir, so that tests can run the product in child `node` processes. Once per process;
 * the transpiling itself is bench/compile.mjs, which the benchmarks (plain .mjs) share.
 */
export async function compileSources(): Promise<string> {
  cached ??= compile().catch((e: unknown) => {
    cached = undefined
    throw e
  })
  return (await cached).src
}

/** Deletes the compiled folder, if any; the next compileSources() builds a fresh one. */
export async function removeCompiledSources(): Promise<void> {
  const pending = cached
  cached = undefined
  await (await pending?.catch(() => undefined))?.cleanup()
}
