import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { needTools } from './helpers/tools.js'

const ok = needTools('git', 'tar', 'gzip')
const DIST = resolve(import.meta.dirname, '..', 'dist', 'index.js')

/** Parses GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIM` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
      if (i >= lines.length) throw new Error(`output ${name} has no closing delimiter`)
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

describe.skipIf(!ok)('dist/index.js in a runner environment', () => {
  let work: string
  let repo: string

  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run npm run build`)
    work = mkdtempSync(join(tmpdir(), 'action-dist-'))
    repo = join(work, 'repo')
    mkdirSync(join(repo, 'app'), { recursive: true })
    writeFileSync(join(repo, 'app', 'hello.txt'), 'hello\n')
    const env = {
      ...process.env,
      GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
      GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
    }
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: repo,
        env,
        encoding: 'utf8',
      }).trim()
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'one')
  })

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  const runAction = (inputs: Record<string, string>, name: string) => {
    const outputFile = join(work, `${name}.output`)
    const summaryFile = join(work, `${name}.summary`)
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim()
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: work,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_SHA: sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_WORKSPACE: repo,
      RUNNER_TEMP: work,
    }
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
    const result = spawnSync(process.execPath, [DIST], {
      cwd: repo,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    return {
      status: result.status,
      stdout: result.stdout,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
    }
  }

  it('releases into a layout and writes outputs and the summary in the runner formats', () => {
    const out = join(work, 'out')
    const r = runAction(
      {
        command: 'release',
        image: `oci:${out}`,
        context: 'app',
        builder: 'native',
        'allow-dirty': 'false',
      },
      'ok',
    )
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.status).toBe(0)
    expect(r.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(r.outputs.image).toBe(`oci:${out}@${r.outputs.digest}`)
    expect(r.outputs.tags!.split('\n')[0]).toMatch(/^sha-[a-f0-9]{40}$/)
    const metadata = JSON.parse(r.outputs.metadata!) as { digest: string; platforms: string[] }
    expect(metadata.digest).toBe(r.outputs.digest)
    expect(metadata.platforms).toEqual(['linux/amd64'])
    expect(r.summary).toContain(r.outputs.digest)
    expect(r.summary).toMatch(/\| Builder \| native \|/)
    // One log group per phase.
    expect(r.stdout).toMatch(
      /::group::source[\s\S]*::endgroup::[\s\S]*::group::build[\s\S]*::group::push/,
    )

    // The same job again: same outputs, nothing built.
    const again = runAction(
      {
        command: 'release',
        image: `oci:${out}`,
        context: 'app',
        builder: 'native',
        'allow-dirty': 'false',
      },
      'again',
    )
    expect(again.status).toBe(0)
    expect(again.outputs).toEqual(r.outputs)
    expect(again.stdout).not.toMatch(/::group::build/)
  })

  it('exits 1 with an ::error:: naming the input when an input is bad', () => {
    const r = runAction(
      { command: 'release', image: 'oci:./x', builder: 'kaniko', 'allow-dirty': 'false' },
      'bad',
    )
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(
      /::error::input 'builder': .*kaniko.*valid: auto, native, buildah, docker/,
    )
    expect(r.outputs).toEqual({})
    expect(existsSync(join(repo, 'x'))).toBe(false)
  })
})
