import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { nullLogger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools(
  'docker-registry',
  'buildah',
  'busybox',
  'git',
  'tar',
  'gzip',
  'htpasswd',
  'openssl',
)
const DATE = '2024-03-03T03:03:03Z'

describe.skipIf(!ok)('buildah release', () => {
  let work: string
  let registry: TestRegistry
  let bare: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'release-buildah-'))
    registry = await startRegistry('htpasswd')
    const base = await pushBusyboxBase(registry.host, {
      username: registry.username!,
      password: registry.password!,
    })
    const seed = join(work, 'seed')
    mkdirSync(seed)
    writeFileSync(
      join(seed, 'Dockerfile'),
      [
        `FROM ${base.reference}`,
        'RUN mkdir -p /out && echo built > /out/file && chmod 0644 /out/file',
        'COPY app.txt /app/app.txt',
        'CMD ["cat", "/app/app.txt"]',
        '',
      ].join('\n'),
    )
    writeFileSync(join(seed, 'app.txt'), 'hello from buildah\n')
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: seed,
        env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE },
        encoding: 'utf8',
      })
    git('init', '-q', '-b', 'main')
    git('add', '.')
    git('commit', '-q', '-m', 'app')
    bare = join(work, 'origin.git')
    execFileSync('git', ['clone', '-q', '--bare', seed, bare])
  }, 120_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const releaseFrom = async (name: string, repository: string) => {
    const dir = join(work, name)
    execFileSync('git', ['clone', '-q', bare, dir])
    const inputs: Record<string, string> = {
      image: `${registry.host}/${repository}`,
      context: dir,
      builder: 'auto',
      'registry-username': registry.username!,
      'registry-password': registry.password!,
    }
    const env = { PATH: process.env.PATH, HOME: work }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger: nullLogger, env, cwd: dir },
    )
  }

  it('builds a Dockerfile with a RUN step at the commit time, the same digest from two clones', async () => {
    const first = await releaseFrom('clone-1', 'apps/one')
    const second = await releaseFrom('clone-2', 'apps/two')
    const metadata = JSON.parse(first.outputs.metadata!) as {
      builder: string
      base: { name: string }
    }
    expect(metadata.builder).toBe('buildah')
    expect(metadata.base.name).toContain('base/busybox')
    // Same commit, same source date, another folder and repository: the same image.
    expect(second.outputs.digest).toBe(first.outputs.digest)

    const store = new RegistryStore(registry.host, 'apps/one', {
      credentials: { username: registry.username!, password: registry.password! },
    })
    const manifest = JSON.parse(
      (await store.getManifest(first.outputs.digest!)).bytes.toString(),
    ) as {
      config: { digest: string; size: number }
      annotations: Record<string, string>
    }
    const config = JSON.parse((await store.readBlob(manifest.config)).toString()) as {
      created: string
      config: { Labels: Record<string, string> }
    }
    expect(config.created).toBe(DATE)
    expect(manifest.annotations['org.opencontainers.image.created']).toBe(DATE)
    expect(config.config.Labels['org.opencontainers.image.revision']).toMatch(/^[a-f0-9]{40}$/)
    expect(first.summary).toMatch(/\| Builder \| buildah \|/)
  })
})
