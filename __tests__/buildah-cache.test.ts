import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import type { Logger } from '../src/logger.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'buildah', 'busybox', 'git', 'tar', 'gzip')
const DATE = '2024-03-03T03:03:03Z'
// The RUN step prints this only when it runs: its STEP line shows the unexpanded $((6*7)).
const MARKER = 'dependency-step-ran-42'

function lineLogger(lines: string[]): Logger {
  return {
    debug: () => {},
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: (_name, fn) => fn(),
  }
}

/** Blob and manifest writes the registry completed under `repository`, from its access log. */
function writesTo(lines: string[], repository: string): number {
  const path = `/v2/${repository}/`
  return lines.filter(
    (l) => l.includes(`"PUT ${path}`) && / 201 /.test(l.slice(l.indexOf(`"PUT ${path}`))),
  ).length
}

describe.skipIf(!ok)('buildah build cache', () => {
  let work: string
  let registry: TestRegistry
  let seed: string
  let bare: string

  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE },
      encoding: 'utf8',
    })

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'buildah-cache-'))
    registry = await startRegistry('none')
    const base = await pushBusyboxBase(registry.host)
    seed = join(work, 'seed')
    mkdirSync(seed)
    writeFileSync(
      join(seed, 'Dockerfile'),
      [
        `FROM ${base.reference}`,
        'RUN mkdir -p /deps && echo installed > /deps/list && echo dependency-step-ran-$((6*7))',
        'COPY app.txt /app/app.txt',
        'CMD ["cat", "/app/app.txt"]',
        '',
      ].join('\n'),
    )
    writeFileSync(join(seed, 'app.txt'), 'version one\n')
    git(seed, 'init', '-q', '-b', 'main')
    git(seed, 'add', '.')
    git(seed, 'commit', '-q', '-m', 'one')
    bare = join(work, 'origin.git')
    execFileSync('git', ['clone', '-q', '--bare', seed, bare])
  }, 120_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  /** A release from a fresh clone: a new work folder, so buildah starts on an empty storage. */
  const releaseFrom = async (
    name: string,
    image: string,
    extra: Record<string, string> = {},
  ): Promise<{ result: CommandResult; lines: string[] }> => {
    const dir = join(work, name)
    execFileSync('git', ['clone', '-q', bare, dir])
    const inputs: Record<string, string> = {
      image,
      context: dir,
      builder: 'buildah',
      ...extra,
    }
    const env = { PATH: process.env.PATH, HOME: work }
    const lines: string[] = []
    const result = await runCommand(
      readConfig((n) => inputs[n], env),
      { logger: lineLogger(lines), env, cwd: dir },
    )
    return { result, lines }
  }

  it('skips the cached RUN step on an empty storage after a one-file change; same digest as without a cache', async () => {
    const image = `${registry.host}/apps/cached`
    const first = await releaseFrom('clone-1', image)
    // Positive control: on a cold cache the RUN step runs and prints its marker.
    expect(first.lines).toContain(MARKER)
    expect(first.lines.some((l) => /0 step\(s\) from the cache, 5 ran/.test(l))).toBe(true)
    await registry.settle()
    expect(writesTo(registry.logLines(), 'apps/cached/buildcache')).toBeGreaterThan(0)

    // A one-file change, built from a new clone with a new, empty storage folder.
    writeFileSync(join(seed, 'app.txt'), 'version two\n')
    git(seed, 'commit', '-q', '-am', 'two')
    git(seed, 'push', '-q', bare, 'main')
    const second = await releaseFrom('clone-2', image)
    expect(second.lines).not.toContain(MARKER)
    const summary = second.lines.find((l) => l.startsWith('build cache '))
    expect(summary).toMatch(/: 1 step\(s\) from the cache, 4 ran; cached: RUN mkdir -p \/deps /)
    expect(second.result.summary).toMatch(
      /\| Build cache \| 1 of 5 steps from `[^`]+\/apps\/cached\/buildcache`<br>cached: `RUN mkdir -p \/deps/,
    )
    expect(second.result.outputs.digest).not.toBe(first.result.outputs.digest)

    // The same commit without a cache runs the step again and gives the very same image.
    const uncached = await releaseFrom('clone-3', `${registry.host}/apps/uncached`, {
      cache: 'none',
    })
    expect(uncached.lines).toContain(MARKER)
    expect(uncached.lines).toContain('no build cache: cache: none was asked for')
    expect(uncached.result.outputs.digest).toBe(second.result.outputs.digest)
  })

  it('reads but does not write a cache the credentials may not push to, and says so', async () => {
    // A token that may push the image but not <image>/buildcache, as a GHCR token that cannot
    // create a package: buildah would fail the whole build on the refused cache push.
    const guarded = await startRegistry('token', { readOnly: /^apps\/guarded\/buildcache$/ })
    try {
      const creds = {
        'registry-username': guarded.username!,
        'registry-password': guarded.password!,
      }
      const refused = await releaseFrom('clone-guarded', `${guarded.host}/apps/guarded`, creds)
      expect(refused.result.outputs.digest).toMatch(/^sha256:/)
      const warning = refused.lines.filter((l) => l.includes('cannot be written'))
      expect(warning).toHaveLength(1)
      expect(warning[0]).toContain(`${guarded.host}/apps/guarded/buildcache`)
      await guarded.settle()
      expect(writesTo(guarded.logLines(), 'apps/guarded/buildcache')).toBe(0)
      expect(writesTo(guarded.logLines(), 'apps/guarded')).toBeGreaterThan(0)
      // Positive control: the same credentials on a cache they may push to write it, unwarned.
      const open = await releaseFrom('clone-open', `${guarded.host}/apps/open`, creds)
      expect(open.lines.filter((l) => l.includes('cannot be written'))).toEqual([])
      await guarded.settle()
      expect(writesTo(guarded.logLines(), 'apps/open/buildcache')).toBeGreaterThan(0)
    } finally {
      await guarded.stop()
    }
  }, 180_000)

  it('builds without a remote cache into a layout target, and says so', async () => {
    const out = await releaseFrom('clone-layout', `oci:${join(work, 'layout-out')}`)
    expect(out.lines.some((l) => l.startsWith('no build cache: the image is an OCI layout'))).toBe(
      true,
    )
    expect(out.lines).toContain(MARKER)
    expect(out.result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  })
})
