import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import type { ScannedImage } from '../src/commands/scan.js'
import { readConfig } from '../src/config.js'
import { ReleaseError } from '../src/errors.js'
import { nullLogger, type Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { CYCLONEDX_MEDIA_TYPE } from '../src/sbom/cyclonedx.js'
import { readReferrers } from '../src/sign/referrer.js'
import { generateKeyPair } from '../src/sign/keys.js'
import { cloneRepository } from './helpers/clone-repository.js'
import { writeImage } from './helpers/images.js'
import { advisory, CRITICAL_V3, startFakeOsvApi, writeAdvisories } from './helpers/osv.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip')
const PASS = 'pw'
const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
const DPKG_STATUS = [
  'Package: libssl3',
  'Status: install ok installed',
  'Architecture: amd64',
  'Source: openssl',
  'Version: 3.0.11-1~deb12u2',
  '',
  'Package: zlib1g',
  'Status: install ok installed',
  'Architecture: amd64',
  'Source: zlib',
  'Version: 1:1.2.13.dfsg-1',
  '',
].join('\n')
const lock = (lodash: string) =>
  JSON.stringify({
    name: 'shop',
    lockfileVersion: 3,
    packages: {
      '': { name: 'shop', version: '1.0.0' },
      'node_modules/lodash': { version: lodash },
      'node_modules/minimist': { version: '1.2.8' },
    },
  })

/** An npm advisory (critical) fixed in lodash 4.17.21, a Debian one (medium) on the source package openssl, and two that must not match: minimist at its fixed version and zlib at its fixed version. */
const ADVISORIES = [
  advisory(
    'GHSA-lodash',
    'npm',
    'lodash',
    { fixed: '4.17.21' },
    { aliases: ['CVE-2021-23337'], severity: [{ type: 'CVSS_V3', score: CRITICAL_V3 }] },
  ),
  advisory('GHSA-minimist', 'npm', 'minimist', { fixed: '1.2.8' }),
  {
    ...advisory('DSA-5532-1', 'Debian:12', 'openssl', { fixed: '3.0.13-1~deb12u1' }),
    aliases: ['CVE-2023-5678'],
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        ranges: [
          { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] },
        ],
        ecosystem_specific: { urgency: 'medium' },
      },
    ],
  },
  advisory('DSA-zlib', 'Debian:12', 'zlib', { fixed: '1:1.2.13.dfsg-1' }),
]

describe.skipIf(!ok)('scan', () => {
  let work: string
  let registry: TestRegistry
  let repo: string
  let pub: string
  let osv: string
  let ledger: string
  let repository: string
  let image: string
  let tests = 0
  const SEED = 'seed/scan'
  const digests: Record<string, string> = {}

  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
        GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
      },
    }).trim()

  const run = (
    inputs: Record<string, string>,
    logger: Logger = nullLogger,
  ): Promise<CommandResult> => {
    const env = { PATH: process.env.PATH, HOME: work, GITHUB_ACTOR: 'tester', RUNNER_TEMP: work }
    return runCommand(
      readConfig((n) => inputs[n], env),
      { logger, env, cwd: repo },
    )
  }
  const promote = (digest: string, extra: Record<string, string> = {}) =>
    run({
      command: 'promote',
      image,
      ledger,
      'verify-key': pub,
      environment: 'prod',
      digest,
      ...extra,
    })
  const scan = (extra: Record<string, string> = {}) =>
    run({ command: 'scan', image, ledger, advisories: osv, ...extra })

  const snapshot = async (): Promise<string> => {
    const refs = execFileSync(
      'git',
      ['-C', ledger, 'for-each-ref', '--format=%(refname) %(objectname)'],
      {
        encoding: 'utf8',
      },
    )
    const store = new RegistryStore(registry.host, repository, {})
    const tags = (await store.listTags()).sort()
    const pointed = await Promise.all(
      tags.map(async (t) => `${t}=${(await store.headManifest(t))?.digest}`),
    )
    return `${refs}\n${pointed.join('\n')}`
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'scan-'))
    registry = await startRegistry('none')
    const pair = await generateKeyPair(PASS)
    const key = join(work, 'cosign.key')
    pub = join(work, 'cosign.pub')
    writeFileSync(key, pair.privateKeyPem)
    writeFileSync(pub, pair.publicKeyPem)
    osv = writeAdvisories(join(work, 'osv'), ADVISORIES)
    await writeImage(
      new RegistryStore(registry.host, 'base/debian', {}),
      [{ 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS }],
      { tag: '12' },
    )
    repo = join(work, 'repo')
    mkdirSync(repo)
    git('init', '-q', '-b', 'main')
    // OLD has the vulnerable lodash, NEW the fixed one; both carry the base's openssl.
    for (const [name, lodash] of [
      ['NEW', '4.17.21'],
      ['OLD', '4.17.20'],
    ] as const) {
      writeFileSync(join(repo, 'package-lock.json'), lock(lodash))
      git('add', '.')
      git('commit', '-q', '-m', name)
      digests[name] = (
        await run({
          image: `${registry.host}/${SEED}`,
          context: repo,
          base: `${registry.host}/base/debian:12`,
          'signing-key': key,
          'signing-key-passphrase': PASS,
        })
      ).outputs.digest!
    }
  }, 180_000)

  beforeEach(() => {
    tests++
    ledger = join(work, `ledger-${tests}.git`)
    execFileSync('git', ['init', '-q', '--bare', ledger])
    repository = `apps/shop-${tests}`
    image = `${registry.host}/${repository}`
    cloneRepository(registry, SEED, repository)
  })

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('finds the npm and the Debian advisory, names the previous image and the rollback, and writes SARIF', async () => {
    // The releases carry SBOM referrers: the scan reads those, it builds none.
    const store = new RegistryStore(registry.host, repository, {})
    expect(await readReferrers(store, digests.OLD!, CYCLONEDX_MEDIA_TYPE)).toHaveLength(1)
    await promote(digests.NEW!)
    await promote(digests.OLD!)

    const result = await scan()
    expect(result.failure).toBeUndefined()
    expect(result.outputs.environments).toBe('prod')
    const images = JSON.parse(result.outputs.findings!) as ScannedImage[]
    const current = images.find((i) => i.role === 'current')!
    expect(current).toMatchObject({ environment: 'prod', digest: digests.OLD })
    expect(current.sbom.every((p) => p.from === 'referrer')).toBe(true)
    const byId = new Map(current.findings.map((f) => [f.id, f]))
    expect([...byId.keys()].sort()).toEqual(['DSA-5532-1', 'GHSA-lodash'])
    // At their fixed versions: minimist 1.2.8 and zlib 1:1.2.13.dfsg-1 are not reported.
    expect(byId.get('GHSA-lodash')).toMatchObject({
      package: 'lodash',
      installed: '4.17.20',
      fixed: '4.17.21',
      severity: 'critical',
      aliases: ['CVE-2021-23337'],
      wayOut: {
        kind: 'rollback',
        digest: digests.NEW,
        command: `immutable-release rollback --image ${image} --environment prod --to ${digests.NEW}`,
      },
    })
    // Matched through the source package; the previous has it too: the base must move.
    expect(byId.get('DSA-5532-1')).toMatchObject({
      package: 'libssl3',
      advisoryPackage: 'openssl',
      installed: '3.0.11-1~deb12u2',
      fixed: '3.0.13-1~deb12u1',
      severity: 'medium',
      wayOut: { kind: 'release', fixed: '3.0.13-1~deb12u1', base: true },
    })
    expect(byId.get('DSA-5532-1')!.wayOut!.text).toContain('the base must move')
    const previous = images.find((i) => i.role === 'previous')!
    expect(previous.findings.map((f) => f.id)).toEqual(['DSA-5532-1'])
    expect(result.summary).toContain(`--to ${digests.NEW}`)

    // SARIF 2.1.0 with the schema's required fields, one result per current finding.
    expect(result.outputs.sarif).toBe(join(work, 'immutable-release-scan.sarif'))
    const sarif = JSON.parse(readFileSync(result.outputs.sarif!, 'utf8')) as {
      version: string
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } }
        results: {
          ruleId: string
          message: { text: string }
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[]
        }[]
      }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs).toHaveLength(1)
    const run0 = sarif.runs[0]!
    expect(run0.tool.driver.name).toBe('immutable-release')
    expect(run0.tool.driver.rules.map((r) => r.id).sort()).toEqual(['DSA-5532-1', 'GHSA-lodash'])
    expect(run0.results.map((r) => r.ruleId).sort()).toEqual(['DSA-5532-1', 'GHSA-lodash'])
    for (const r of run0.results) {
      expect(r.message.text).toContain('prod')
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).not.toBe('')
    }
  })

  it('never suggests a rollback to an image marked bad everywhere, which rollback would refuse', async () => {
    await promote(digests.NEW!)
    await promote(digests.OLD!)
    const lodash = async () =>
      (JSON.parse((await scan()).outputs.findings!) as ScannedImage[])
        .find((i) => i.role === 'current')!
        .findings.find((f) => f.id === 'GHSA-lodash')!.wayOut
    // Positive control: before the mark, NEW is the way out.
    expect(await lodash()).toMatchObject({ kind: 'rollback', digest: digests.NEW })

    const marked = await run({ command: 'mark-bad', image, ledger, digest: digests.NEW! })
    expect(marked.outputs.changed).toBe('true')
    expect(await lodash()).toMatchObject({ kind: 'release', fixed: '4.17.21', base: false })
    // The rollback it no longer suggests is indeed refused.
    await expect(
      run({
        command: 'rollback',
        image,
        ledger,
        'verify-key': pub,
        environment: 'prod',
        to: digests.NEW!,
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/marked bad/) })
  })

  it('fail-on-severity sets the exit; ignore-advisories leaves a finding out', async () => {
    await promote(digests.OLD!)
    const high = await scan({ 'fail-on-severity': 'high' })
    expect(high.failure).toContain('GHSA-lodash')
    expect((await scan({ 'fail-on-severity': 'none' })).failure).toBeUndefined()
    const ignored = await scan({
      'fail-on-severity': 'high',
      'ignore-advisories': 'CVE-2021-23337 lodash templates are never built from user input',
    })
    expect(ignored.failure).toBeUndefined()
    const images = JSON.parse(ignored.outputs.findings!) as ScannedImage[]
    expect(images[0]!.findings.map((f) => f.id)).toEqual(['DSA-5532-1'])
    expect(images[0]!.ignored).toBe(1)
    // The medium Debian finding still fails at medium.
    expect((await scan({ 'fail-on-severity': 'medium' })).failure).toContain('DSA-5532-1')
  })

  it('the command line exits 1 at the threshold, 0 below it, and prints its outputs either way', async () => {
    await promote(digests.OLD!)
    const cli = async (threshold: string) => {
      const out = new PassThrough()
      const err = new PassThrough()
      const chunks: string[] = []
      const errors: string[] = []
      out.on('data', (c: Buffer) => chunks.push(c.toString()))
      err.on('data', (c: Buffer) => errors.push(c.toString()))
      process.exitCode = undefined
      await main(
        [
          'scan',
          '--image',
          image,
          '--ledger',
          ledger,
          '--advisories',
          osv,
          '--fail-on-severity',
          threshold,
          '--json',
        ],
        {
          stdout: out,
          stderr: err,
          env: { PATH: process.env.PATH, HOME: work, RUNNER_TEMP: work },
        },
      )
      await new Promise((r) => setImmediate(r))
      const code = process.exitCode ?? 0
      process.exitCode = undefined
      return { code, stdout: chunks.join(''), stderr: errors.join('') }
    }
    const failing = await cli('critical')
    expect(failing.code).toBe(1)
    expect(failing.stderr).toContain('at or above critical: GHSA-lodash')
    expect(JSON.parse(failing.stdout)).toHaveProperty('sarif')
    const passing = await cli('none')
    expect(passing.code).toBe(0)
    expect(JSON.parse(passing.stdout)).toHaveProperty('sarif')
  })

  it('promote refuses at the threshold and moves nothing; rollback only warns', async () => {
    await promote(digests.NEW!)
    const before = await snapshot()
    const err = await promote(digests.OLD!, {
      advisories: osv,
      'fail-on-severity': 'critical',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReleaseError)
    expect((err as ReleaseError).code).toBe('GATE_REFUSED')
    expect((err as Error).message).toContain("gate 'vulnerabilities'")
    expect((err as Error).message).toContain('GHSA-lodash')
    expect(await snapshot()).toBe(before)
    // Positive control: below the threshold the same promote moves.
    const moved = await promote(digests.OLD!, {
      advisories: osv,
      'fail-on-severity': 'high',
      'ignore-advisories': 'GHSA-lodash accepted for this test',
    })
    expect(moved.outputs.promoted).toBe('true')
    expect(await snapshot()).not.toBe(before)
    // A rollback to a vulnerable image is never refused for it.
    await promote(digests.NEW!)
    const logged: { info: string[]; warning: string[] } = { info: [], warning: [] }
    const collecting: Logger = {
      ...nullLogger,
      info: (m) => logged.info.push(m),
      warning: (m) => logged.warning.push(m),
    }
    const back = await run(
      {
        command: 'rollback',
        image,
        ledger,
        'verify-key': pub,
        environment: 'prod',
        to: digests.OLD!,
        advisories: osv,
        'fail-on-severity': 'low',
        'ignore-advisories': 'DSA-5532-1 waiting for the base image',
      },
      collecting,
    )
    expect(back.outputs['rolled-back']).toBe('true')
    expect(logged.warning.filter((w) => w.includes('GHSA-lodash (critical)'))).toHaveLength(1)
    expect(logged.warning.some((w) => w.includes('DSA-5532-1'))).toBe(false)
    expect(logged.info).toContain(
      'ignore-advisories: DSA-5532-1 (1 finding(s) left out): waiting for the base image',
    )
  })

  it('asks the OSV API (a local stand-in) and fetches each advisory once for all images', async () => {
    await promote(digests.NEW!)
    await promote(digests.OLD!)
    const api = await startFakeOsvApi(ADVISORIES)
    try {
      const result = await scan({ advisories: api.url })
      const images = JSON.parse(result.outputs.findings!) as ScannedImage[]
      expect(
        images
          .find((i) => i.role === 'current')!
          .findings.map((f) => f.id)
          .sort(),
      ).toEqual(['DSA-5532-1', 'GHSA-lodash'])
      // Both images are asked about (the second only for packages the first did not have), and
      // each advisory the answers name is fetched once.
      expect(api.requests.filter((r) => r === 'POST /v1/querybatch')).toHaveLength(2)
      expect(api.queries[1]!.map((q) => `${q.package.name}@${q.version}`)).toEqual([
        'lodash@4.17.21',
      ])
      const fetched = api.requests.filter((r) => r.startsWith('GET /v1/vulns/')).sort()
      expect(fetched).toEqual([...new Set(fetched)])
      expect(fetched).toContain('GET /v1/vulns/DSA-5532-1')
    } finally {
      await api.stop()
    }
  })

  it('scans an image reference without a ledger, building the SBOM from the layers when none is attached', async () => {
    // An image pushed by someone else: no SBOM referrer.
    const store = new RegistryStore(registry.host, repository, {})
    await writeImage(
      store,
      [
        { 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS },
        {
          'app/node_modules/lodash/package.json': JSON.stringify({
            name: 'lodash',
            version: '4.17.20',
          }),
        },
      ],
      { tag: 'foreign' },
    )
    const result = await run({ command: 'scan', image: `${image}:foreign`, advisories: osv })
    const [only] = JSON.parse(result.outputs.findings!) as ScannedImage[]
    expect(only!.role).toBe('image')
    expect(only!.sbom.map((p) => p.from)).toEqual(['layers'])
    expect(only!.findings.map((f) => f.id).sort()).toEqual(['DSA-5532-1', 'GHSA-lodash'])
    expect(await readReferrers(store, only!.digest, CYCLONEDX_MEDIA_TYPE)).toHaveLength(0)
  })
})
