import { execFileSync } from 'node:child_process'
import { createPublicKey } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, type CommandResult } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { UserError } from '../src/errors.js'
import { nullLogger } from '../src/logger.js'
import { MediaType, RegistryStore } from '../src/oci/index.js'
import { RECORD_ARTIFACT_TYPE } from '../src/release/record.js'
import { CYCLONEDX_MEDIA_TYPE, CYCLONEDX_PREDICATE_TYPE, PROPERTY } from '../src/sbom/cyclonedx.js'
import { verifyKeyBundle } from '../src/sign/bundle.js'
import { BUNDLE_MEDIA_TYPE, type SerializedBundle } from '../src/sign/bundle-signer.js'
import { generateKeyPair } from '../src/sign/keys.js'
import { readReferrers } from '../src/sign/referrer.js'
import { pushBusyboxBase } from './helpers/busybox-base.js'
import { writeImage } from './helpers/images.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'buildah', 'busybox')
const DATE = '2024-05-01T12:00:00Z'
const PASS = 'sbom-pass'

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
const DPKG_STATUS = [
  'Package: libssl3',
  'Status: install ok installed',
  'Architecture: amd64',
  'Source: openssl',
  'Version: 3.0.11-1~deb12u2',
  '',
  'Package: libgcc-s1',
  'Status: install ok installed',
  'Architecture: amd64',
  'Source: gcc-12 (12.2.0-14)',
  'Version: 12.2.0-14+deb12u1',
  '',
].join('\n')
const LOCK = JSON.stringify({
  name: 'shop',
  lockfileVersion: 3,
  packages: {
    '': { name: 'shop', version: '1.0.0' },
    'node_modules/lodash': { version: '4.17.20' },
    'node_modules/@types/node': { version: '20.1.0', dev: true },
  },
})

interface Bom {
  specVersion: string
  metadata: { component: { version: string } }
  components: {
    name: string
    version?: string
    purl?: string
    properties?: { name: string; value: string }[]
  }[]
}

function commitAll(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE },
    })
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-q', '-m', 'app')
}

describe.skipIf(!ok)('SBOM of a release', () => {
  let work: string
  let registry: TestRegistry
  let keyFile: string
  let publicKeyPem: string
  let debianBase: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sbom-release-'))
    registry = await startRegistry('none')
    const pair = await generateKeyPair(PASS)
    keyFile = join(work, 'cosign.key')
    writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 })
    publicKeyPem = pair.publicKeyPem
    // A Debian-like base: just the files a package scanner reads.
    await writeImage(
      new RegistryStore(registry.host, 'base/debian', {}),
      [{ 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS }],
      { tag: '12' },
    )
    debianBase = `${registry.host}/base/debian:12`
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  const run = (context: string, inputs: Record<string, string>): Promise<CommandResult> => {
    const env = { PATH: process.env.PATH, HOME: work, COSIGN_PASSWORD: PASS }
    const all: Record<string, string> = { context, ...inputs }
    return runCommand(
      readConfig((n) => all[n], env),
      { logger: nullLogger, env, cwd: context },
    )
  }
  const store = (repository: string) => new RegistryStore(registry.host, repository, {})
  const sboms = async (repository: string, digest: string) =>
    (await readReferrers(store(repository), digest, CYCLONEDX_MEDIA_TYPE)).map((r) => ({
      digest: r.descriptor.digest,
      bom: JSON.parse(r.blob.toString('utf8')) as Bom,
    }))

  it('native release on a Debian base with a package-lock.json: deb packages with their sources, npm purls, a signed attestation, named by the record', async () => {
    const repo = join(work, 'native')
    commitAll(repo, { 'package-lock.json': LOCK, 'index.js': 'console.log(1)\n' })
    const first = await run(repo, {
      image: `${registry.host}/apps/shop`,
      base: debianBase,
      'signing-key': keyFile,
    })
    const digest = first.outputs.digest!

    const found = await sboms('apps/shop', digest)
    expect(found).toHaveLength(1)
    const { bom } = found[0]!
    expect(bom.specVersion).toBe('1.6')
    expect(bom.metadata.component.version).toBe(digest)
    const byName = new Map(bom.components.map((c) => [c.name, c]))
    const ssl = byName.get('libssl3')!
    expect(ssl.purl).toBe('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12')
    expect(ssl.properties).toContainEqual({ name: PROPERTY.sourceName, value: 'openssl' })
    expect(byName.get('libgcc-s1')!.properties).toEqual(
      expect.arrayContaining([
        { name: PROPERTY.sourceName, value: 'gcc-12' },
        { name: PROPERTY.sourceVersion, value: '12.2.0-14' },
      ]),
    )
    // The packages' layer is the base's, as the image's manifest lists it.
    const manifest = JSON.parse(
      (await store('apps/shop').getManifest(digest)).bytes.toString(),
    ) as {
      layers: { digest: string }[]
      annotations: Record<string, string>
    }
    expect(ssl.properties).toContainEqual({
      name: PROPERTY.layer,
      value: manifest.layers[0]!.digest,
    })
    expect(byName.get('lodash')!.purl).toBe('pkg:npm/lodash@4.17.20')
    expect(byName.get('node')!.purl).toBe('pkg:npm/%40types/node@20.1.0')
    const base = bom.components.find((c) => c.purl?.startsWith('pkg:oci/debian@'))!
    expect(base.version).toBe(manifest.annotations['org.opencontainers.image.base.digest'])

    // Written before any tag: a reader who finds the tag finds the SBOM.
    const commit = (JSON.parse(first.outputs.metadata!) as { commit: string }).commit
    const put = (ref: string) =>
      registry.logLines().findIndex((l) => l.includes(`"PUT /v2/apps/shop/manifests/${ref} `))
    for (let i = 0; i < 100 && put(`sha-${commit}`) < 0; i++)
      await new Promise((r) => setTimeout(r, 20))
    expect(put(found[0]!.digest)).toBeGreaterThan(-1)
    expect(put(found[0]!.digest)).toBeLessThan(put(`sha-${commit}`))

    // The record names the SBOM referrer.
    const [record] = await readReferrers(store('apps/shop'), digest, RECORD_ARTIFACT_TYPE)
    const parsed = JSON.parse(record!.blob.toString()) as { sbom: { digests: string[] } }
    expect(parsed.sbom).toEqual({ mediaType: CYCLONEDX_MEDIA_TYPE, digests: [found[0]!.digest] })

    // Signed: an in-toto attestation of the same BOM, in a Sigstore bundle.
    const bundles = (await readReferrers(store('apps/shop'), digest, BUNDLE_MEDIA_TYPE)).filter(
      (r) =>
        r.manifest.annotations?.['dev.sigstore.bundle.predicateType'] === CYCLONEDX_PREDICATE_TYPE,
    )
    expect(bundles).toHaveLength(1)
    const statement = await verifyKeyBundle(
      JSON.parse(bundles[0]!.blob.toString()) as SerializedBundle,
      createPublicKey(publicKeyPem),
      digest,
      CYCLONEDX_PREDICATE_TYPE,
    )
    expect((JSON.parse(statement.toString()) as { predicate: Bom }).predicate).toEqual(bom)

    // A re-run writes nothing new: the same SBOM bytes are found and kept.
    const second = await run(repo, {
      image: `${registry.host}/apps/shop`,
      base: debianBase,
      'signing-key': keyFile,
    })
    expect(second.outputs.digest).toBe(digest)
    expect(await sboms('apps/shop', digest)).toEqual(found)
    const bundlesAfter = await readReferrers(store('apps/shop'), digest, BUNDLE_MEDIA_TYPE)
    expect(
      bundlesAfter.filter(
        (r) =>
          r.manifest.annotations?.['dev.sigstore.bundle.predicateType'] ===
          CYCLONEDX_PREDICATE_TYPE,
      ),
    ).toHaveLength(1)
  })

  it('gives every platform manifest of a two-platform release its own SBOM, in the record in platform order', async () => {
    const baseStore = store('base/multi')
    const amd = await writeImage(baseStore, [
      { 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS },
    ])
    const arm = await writeImage(
      baseStore,
      [
        {
          'etc/os-release': OS_RELEASE,
          'var/lib/dpkg/status': DPKG_STATUS.replace(/amd64/g, 'arm64'),
        },
      ],
      { platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
    )
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciIndex,
        manifests: [amd.descriptor, arm.descriptor],
      }),
    )
    await baseStore.putManifest(index, MediaType.OciIndex, 'v1')
    const repo = join(work, 'multi')
    commitAll(repo, { 'package-lock.json': LOCK })
    const result = await run(repo, {
      image: `${registry.host}/apps/multi`,
      base: `${registry.host}/base/multi:v1`,
    })
    const top = JSON.parse(
      (await store('apps/multi').getManifest(result.outputs.digest!)).bytes.toString(),
    ) as { manifests: { digest: string; platform: { architecture: string } }[] }
    expect(top.manifests).toHaveLength(2)
    // The index itself is no image: its SBOMs hang off the platform manifests.
    expect(await sboms('apps/multi', result.outputs.digest!)).toHaveLength(0)
    const perPlatform = await Promise.all(top.manifests.map((m) => sboms('apps/multi', m.digest)))
    expect(perPlatform.map((f) => f.length)).toEqual([1, 1])
    const arches = perPlatform.map(
      (f) => f[0]!.bom.components.find((c) => c.name === 'libssl3')!.purl,
    )
    expect(arches).toEqual([
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64&distro=debian-12',
    ])
    const [record] = await readReferrers(
      store('apps/multi'),
      result.outputs.digest!,
      RECORD_ARTIFACT_TYPE,
    )
    expect(
      (JSON.parse(record!.blob.toString()) as { sbom: { digests: string[] } }).sbom.digests,
    ).toEqual(perPlatform.map((f) => f[0]!.digest))
  })

  it('refuses an sbom input that is not a boolean, naming it', () => {
    const config = (sbom?: string) => {
      const inputs: Record<string, string | undefined> = { image: 'oci:out', sbom }
      return readConfig((n) => inputs[n], {})
    }
    expect(() => config('maybe')).toThrow(UserError)
    expect(() => config('maybe')).toThrow(/'sbom'/)
    expect(config('no').sbom).toBe(false)
    expect(config().sbom).toBe(true)
  })

  it('sbom: false attaches none and the record names none; the default attaches one', async () => {
    const repo = join(work, 'off')
    commitAll(repo, { 'package-lock.json': LOCK })
    const off = await run(repo, {
      image: `${registry.host}/apps/off`,
      base: debianBase,
      sbom: 'false',
    })
    const on = await run(repo, { image: `${registry.host}/apps/on`, base: debianBase })
    expect(on.outputs.digest).toBe(off.outputs.digest)
    expect(await sboms('apps/off', off.outputs.digest!)).toHaveLength(0)
    expect(await sboms('apps/on', on.outputs.digest!)).toHaveLength(1)
    const [record] = await readReferrers(
      store('apps/off'),
      off.outputs.digest!,
      RECORD_ARTIFACT_TYPE,
    )
    expect(JSON.parse(record!.blob.toString())).not.toHaveProperty('sbom')
  })

  it('a buildah release of a Dockerfile gets an SBOM of what its layers hold, not of the lockfile', async () => {
    const busybox = await pushBusyboxBase(registry.host)
    const repo = join(work, 'buildah')
    commitAll(repo, {
      Dockerfile: [
        `FROM ${busybox.reference}`,
        'COPY os-release /etc/os-release',
        'COPY status /var/lib/dpkg/status',
        'COPY node_modules /app/node_modules',
        'RUN echo built > /app/built',
        '',
      ].join('\n'),
      'os-release': OS_RELEASE,
      status: DPKG_STATUS,
      'node_modules/express/package.json': '{"name":"express","version":"4.18.2"}',
      // Only the lockfile names it: a Dockerfile build copies what it chooses, so it is not listed.
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: { 'node_modules/only-in-lock': { version: '1.0.0' } },
      }),
    })
    const result = await run(repo, { image: `${registry.host}/apps/built`, builder: 'buildah' })
    expect(JSON.parse(result.outputs.metadata!)).toMatchObject({ builder: 'buildah' })
    const found = await sboms('apps/built', result.outputs.digest!)
    expect(found).toHaveLength(1)
    const purls = found[0]!.bom.components.map((c) => c.purl)
    expect(purls).toContain('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12')
    expect(purls).toContain('pkg:npm/express@4.18.2')
    expect(purls.some((p) => p?.includes('only-in-lock'))).toBe(false)
    expect(purls.some((p) => p?.startsWith('pkg:oci/busybox@'))).toBe(true)
  }, 180_000)
})
