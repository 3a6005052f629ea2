import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')

/** Every relative module specifier of a file: static, type-only, re-export and `await import`. */
function specifiers(text: string): string[] {
  const found: string[] = []
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!)
  return found.filter((s) => s.startsWith('.'))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

/** file -> the src files it imports (`./x.js` names `./x.ts`). */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8')
    const targets = specifiers(text)
      .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'))
      .filter((t) => t.startsWith(root) && t.endsWith('.ts'))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Each circle once, as the list of files around it (depth-first search, grey/black marks). */
export function circles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return found
}

describe('imports of src/', () => {
  it('form no circle, counting type-only imports and lazy import() calls', () => {
    const graph = importGraph(SRC)
    expect(graph.size).toBeGreaterThan(50)
    const shown = circles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' -> '))
    expect(shown).toEqual([])
  })

  it('finds a circle when there is one (the walker can fail)', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ])
    expect(circles(graph)).toEqual([['/a.ts', '/b.ts', '/c.ts', '/a.ts']])
    expect(
      circles(
        new Map([
          ['/a.ts', ['/b.ts']],
          ['/b.ts', []],
        ]),
      ),
    ).toEqual([])
  })

  it('reads every form of import the project writes', () => {
    const text = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      "export { c } from './c.js'",
      "import './d.js'",
      "const e = await import('./e.js')",
      'import {',
      '  f,',
      "} from './f.js'",
      "import { readFile } from 'node:fs/promises'",
    ].join('\n')
    expect(specifiers(text).sort()).toEqual([
      '../b.js',
      './a.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
    ])
  })

  it('keeps @actions/* out of domain code', () => {
    const domain = ['oci', 'builders', 'sign', 'release', 'commands', 'sbom']
    const offenders = sourceFiles(SRC)
      .filter((f) => domain.includes(relative(SRC, f).split('/')[0]!))
      .filter((f) =>
        /from\s+['"]@actions\/|import\(\s*['"]@actions\//.test(readFileSync(f, 'utf8')),
      )
      .map((f) => relative(SRC, f))
    expect(offenders).toEqual([])
  })

  it('send HTTP to the GitHub API only through @actions/github', () => {
    const files = sourceFiles(SRC).map((f) => ({
      name: relative(SRC, f),
      text: readFileSync(f, 'utf8'),
    }))
    expect(files.filter((f) => talksToGitHubApi(f.text)).map((f) => f.name)).toEqual([])
    // Octokit lives in src/github/ only, and that is where the API calls are.
    const octokit = files.filter((f) =>
      /from\s+['"]@actions\/github['"]|import\(\s*['"]@actions\/github['"]/.test(f.text),
    )
    expect(octokit.length).toBeGreaterThan(0)
    expect(octokit.filter((f) => !f.name.startsWith('github/')).map((f) => f.name)).toEqual([])
    // The check can fail: a hand-written client is caught.
    expect(talksToGitHubApi('await fetch(`${env.GITHUB_API_URL}/repos/${repo}/deployments`)')).toBe(
      true,
    )
    expect(talksToGitHubApi('await fetch(tokenUrl)')).toBe(false)
  })
})

/** A file that both makes HTTP requests itself and names the GitHub REST API. */
function talksToGitHubApi(text: string): boolean {
  const http = /\bfetch\(|\bhttps?\.request\(|from\s+['"]undici['"]/.test(text)
  const github = /GITHUB_API_URL|api\.github\.com|x-github-api-version|\/repos\/\$\{/.test(text)
  return http && github
}
