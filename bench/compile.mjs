// Transpiles src/**/*.ts to plain ESM JavaScript in a temp folder, so that plain `node` (20 has no
// type stripping, and the repository has no TS runner) can import the product code.
//
// Types are not checked here (`npm run typecheck` does that): each file is transpiled on its own
// (`isolatedModules` in tsconfig.json guarantees that is sound). The output mirrors the repository:
//   <dir>/package.json    a copy of ours ("type": "module"; src/cli.ts imports it)
//   <dir>/src/**.js       the transpiled sources
//   <dir>/node_modules -> the repository's node_modules, for bare imports
// It lives outside the repository so that `eslint .` never sees generated JavaScript.

import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { repoRoot } from './lib.mjs'

export { repoRoot }

// As in __tests__/helpers/compile.ts: stack traces point at the TypeScript lines (with
// `node --enable-source-maps`).
const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  inlineSourceMap: true,
  inlineSources: true,
}

async function* tsFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* tsFiles(path)
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path
  }
}

/**
 * Transpiles every `src/**\/*.ts` into `outDir` (a fresh temp folder by default). Returns the
 * folder, its `src` (import `${src}/oci/index.js` etc.) and a `cleanup` that removes it.
 */
export async function compileSources(options = {}) {
  const root = options.root ?? repoRoot
  const srcDir = join(root, 'src')
  const dir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'ir-build-')))
  await mkdir(dir, { recursive: true })
  await copyFile(join(root, 'package.json'), join(dir, 'package.json'))
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir').catch((e) => {
    if (e.code !== 'EEXIST') throw e
  })
  const problems = []
  for await (const file of tsFiles(srcDir)) {
    const rel = relative(root, file)
    const out = join(dir, rel.replace(/\.ts$/, '.js'))
    const result = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: COMPILER_OPTIONS,
      fileName: file,
      reportDiagnostics: true,
    })
    if (result.diagnostics?.length) {
      const text = ts.formatDiagnostics(result.diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => '\n',
      })
      problems.push(`${rel}:\n${text}`)
    }
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, result.outputText)
  }
  if (problems.length) {
    if (!options.outDir) await rm(dir, { recursive: true, force: true })
    throw new Error(`could not transpile src/:\n${problems.join('\n')}`)
  }
  return {
    dir,
    src: join(dir, 'src'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}
