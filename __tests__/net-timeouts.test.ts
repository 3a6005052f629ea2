/**
 * A registry that goes silent costs a bounded number of attempts, each abandoned after
 * `network-timeout` without a byte, and the error names the host and what was being done.
 * Counted at the hostile registry, never timed: the timeout is made small instead.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { RegistryError } from '../src/errors.js'
import { RegistryStore } from '../src/oci/index.js'
import { callBoundMs, networkBound, withNetwork } from '../src/oci/network.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { startHostileRegistry, type HostileRegistry } from './helpers/hostile-registry.js'
import { needTools } from './helpers/tools.js'

const RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const TIMEOUT_MS = 200

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function hostile(): Promise<HostileRegistry> {
  const server = await startHostileRegistry()
  stops.push(() => server.stop())
  return server
}

const count = (registry: HostileRegistry, fragment: string): number =>
  registry.requests.filter((r) => r.path.includes(fragment)).length

describe('network-timeout', () => {
  it.each([
    ['sends the headers and then stalls the body', 'body'],
    ['accepts and never answers', 'silent'],
  ] as const)('a registry that %s is abandoned after each silence and retried', async (_, mode) => {
    const registry = await hostile()
    const image = registry.addImage('shop/app', 'v1')
    const retries: string[] = []
    const store = new RegistryStore(registry.host, 'shop/app', {
      retry: RETRY,
      timeoutMs: TIMEOUT_MS,
      onRetry: (m) => retries.push(m),
    })
    // Positive control: the same store reads it while the registry answers.
    expect((await store.getManifest('v1')).digest).toBe(image.manifest.digest)
    const before = count(registry, '/manifests/')

    registry.behaviour.stall = { match: (_m, path) => path.includes('/manifests/'), mode }
    const err = await store.getManifest('v1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as RegistryError).code).toBe('REGISTRY_UNREACHABLE')
    const message = (err as Error).message
    expect(message).toContain(registry.host)
    expect(message).toContain(`GET manifest v1 from ${registry.host}: no data for 0.2 s`)
    expect(message).toMatch(/after 3 attempts/)
    expect(count(registry, '/manifests/') - before).toBe(RETRY.attempts)
    // One log line per retry, each naming the host.
    expect(retries).toHaveLength(RETRY.attempts - 1)
    for (const line of retries) expect(line).toContain(registry.host)
  })

  it('a blob whose body stalls is fetched afresh, and fails naming the blob and host', async () => {
    const registry = await hostile()
    const image = registry.addImage('shop/app', 'v1')
    registry.behaviour.stall = { match: (_m, path) => path.includes('/blobs/'), mode: 'body' }
    const store = new RegistryStore(registry.host, 'shop/app', {
      retry: RETRY,
      timeoutMs: TIMEOUT_MS,
    })
    const err = await store.readBlob(image.layer).catch((e: unknown) => e)
    expect((err as Error).message).toContain(
      `GET blob ${image.layer.digest} from ${registry.host}: no data for 0.2 s`,
    )
    expect(count(registry, '/blobs/')).toBe(RETRY.attempts)
    registry.behaviour.stall = undefined
    expect((await store.readBlob(image.layer)).equals(image.layer.bytes)).toBe(true)
  })

  it('a streamed blob that stalls errors with the host and the blob, not a bare abort', async () => {
    const registry = await hostile()
    const image = registry.addImage('shop/app', 'v1')
    registry.behaviour.stall = { match: (_m, path) => path.includes('/blobs/'), mode: 'body' }
    const store = new RegistryStore(registry.host, 'shop/app', {
      retry: RETRY,
      timeoutMs: TIMEOUT_MS,
    })
    const stream = await store.openBlob(image.layer)
    const err = await (async () => {
      for await (const chunk of stream) void chunk
    })().catch((e: unknown) => e)
    expect((err as Error).message).toContain(`from ${registry.host}: no data for 0.2 s`)
  })

  it("clients a command opens without options (a base image's registry) use the command's settings and log its retries", async () => {
    const registry = await hostile()
    registry.addImage('shop/app', 'v1')
    registry.behaviour.stall = { match: (_m, path) => path.includes('/manifests/'), mode: 'silent' }
    const log: string[] = []
    const err = await withNetwork(
      { timeoutMs: TIMEOUT_MS, retry: RETRY, onRetry: (m) => log.push(m) },
      // As the native builder opens the base: no timeout, retry or log of its own.
      () => new RegistryStore(registry.host, 'shop/app').getManifest('v1'),
    ).catch((e: unknown) => e)
    expect((err as Error).message).toContain(`${registry.host}: GET manifest v1`)
    expect(count(registry, '/manifests/')).toBe(RETRY.attempts)
    expect(log).toHaveLength(RETRY.attempts - 1)
    expect(log[0]).toMatch(new RegExp(`^${registry.host}: GET manifest v1: .*retry 1 of 2`))
  })

  it('states the bound it keeps: attempts x timeout plus the pauses, within the issue bound', () => {
    const settings = {
      timeoutMs: 60_000,
      retry: { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 },
    }
    const bound = callBoundMs(settings)
    // network-timeout x (retries + 1) + 10 s
    expect(bound).toBeLessThanOrEqual(60_000 * 5 + 10_000)
    expect(bound).toBeGreaterThanOrEqual(60_000 * 5)
    expect(networkBound(settings)).toMatch(/no data for 60 s .*5 attempts.*within 309 s/)
  })

  it('reads network-timeout in seconds, 60 by default', () => {
    const read = (inputs: Record<string, string>) =>
      readConfig((name) => inputs[name], { GITHUB_ACTIONS: '' }).networkTimeoutMs
    expect(read({ image: 'ghcr.io/acme/shop' })).toBe(60_000)
    expect(read({ image: 'ghcr.io/acme/shop', 'network-timeout': '2.5' })).toBe(2_500)
  })
})

describe.skipIf(!needTools('git'))('a command against a silent base registry', () => {
  it('release fails naming the base host, with one log line per retry and the bound logged', async () => {
    const registry = await hostile()
    registry.addImage('base/img', 'v1')
    registry.behaviour.stall = { match: (_m, path) => path.includes('/manifests/'), mode: 'body' }
    const work = await mkdtemp(join(tmpdir(), 'net-command-'))
    stops.push(() => rm(work, { recursive: true, force: true }))
    const repo = join(work, 'repo')
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
      })
    }
    execFileSync('git', ['init', '-q', '-b', 'main', repo])
    await writeFile(join(repo, 'app.txt'), 'app\n')
    git('add', '.')
    git('commit', '-q', '-m', 'first')
    const inputs: Record<string, string> = {
      command: 'release',
      image: `oci:${join(work, 'out')}`,
      context: repo,
      builder: 'native',
      base: `${registry.host}/base/img:v1`,
      'network-timeout': '0.2',
    }
    const lines: string[] = []
    const logger: Logger = { ...nullLogger, info: (m) => lines.push(m) }
    const config = readConfig((name) => inputs[name], { PATH: process.env.PATH })
    const err = await runCommand(config, {
      logger,
      env: { PATH: process.env.PATH, HOME: work },
      cwd: repo,
    }).catch((e: unknown) => e)
    expect((err as Error).message).toContain(
      `GET manifest v1 from ${registry.host}: no data for 0.2 s`,
    )
    // The default policy: 5 attempts, so 4 retries, each logged and naming the base's host.
    expect(count(registry, '/manifests/')).toBe(5)
    const retries = lines.filter((l) => l.startsWith(`${registry.host}: GET manifest v1:`))
    expect(retries).toHaveLength(4)
    expect(
      lines.filter((l) => /^network: .*no data for 0.2 s.*fails the command within 5 s/.test(l)),
    ).toHaveLength(1)
  }, 30_000)
})
