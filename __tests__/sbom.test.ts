import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as zlib from 'node:zlib'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { nullLogger } from '../src/logger.js'
import { LayoutStore, MediaType } from '../src/oci/index.js'
import {
  parseDistInfoMetadata,
  parseInstalledPackageJson,
  parsePackageLock,
} from '../src/sbom/app-packages.js'
import { cyclonedxBom, packagePurl, PROPERTY } from '../src/sbom/cyclonedx.js'
import { contextPackages, imagePackages, platformSbom } from '../src/sbom/generate.js'
import { GO_BUILDINFO_MAGIC, parseGoBuildInfo } from '../src/sbom/go-binaries.js'
import { parseApkInstalled, parseDpkgStatus, parseOsRelease } from '../src/sbom/os-packages.js'
import { tarEntries } from '../src/sbom/tar.js'
import { putBytes, writeImage } from './helpers/images.js'
import { needTools } from './helpers/tools.js'

const dirs: string[] = []
const temp = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `sbom-${name}-`))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

export const DPKG_STATUS = `Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation.

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14+deb12u1
Description: GCC support library

Package: removed-pkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: base-files
Status: install ok installed
Architecture: amd64
Version: 12.4+deb12u5
`

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
`

describe('package databases', () => {
  it('reads installed dpkg packages with their source package and source version', () => {
    const found = parseDpkgStatus(DPKG_STATUS, 'var/lib/dpkg/status', 'sha256:l')
    expect(found.map((p) => [p.name, p.version, p.arch, p.source])).toEqual([
      ['libssl3', '3.0.11-1~deb12u2', 'amd64', { name: 'openssl', version: '3.0.11-1~deb12u2' }],
      ['libgcc-s1', '12.2.0-14+deb12u1', 'amd64', { name: 'gcc-12', version: '12.2.0-14' }],
      ['base-files', '12.4+deb12u5', 'amd64', { name: 'base-files', version: '12.4+deb12u5' }],
    ])
  })

  it('reads os-release with quotes', () => {
    expect(parseOsRelease(OS_RELEASE)).toEqual({
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    })
    expect(parseOsRelease('NAME=x\n')).toBeUndefined()
  })

  it("reads apk's installed database with origins", () => {
    const db = [
      'C:Q1abc=',
      'P:libcrypto3',
      'V:3.1.4-r5',
      'A:x86_64',
      'L:Apache-2.0',
      'o:openssl',
      'F:usr/lib',
      'R:libcrypto.so.3',
      '',
      'P:musl',
      'V:1.2.4_git20230717-r4',
      'A:x86_64',
      'o:musl',
      '',
    ].join('\n')
    const found = parseApkInstalled(db, 'lib/apk/db/installed', 'sha256:l')
    expect(found.map((p) => [p.name, p.version, p.arch, p.source?.name, p.licenses])).toEqual([
      ['libcrypto3', '3.1.4-r5', 'x86_64', 'openssl', ['Apache-2.0']],
      ['musl', '1.2.4_git20230717-r4', 'x86_64', 'musl', undefined],
    ])
  })

  it('reads package-lock v2/v3 (scopes, nesting, aliases, dev) and refuses v1 by name', () => {
    const lock = {
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/lodash': { version: '4.17.20', license: 'MIT' },
        'node_modules/@types/node': { version: '20.1.0', dev: true },
        'node_modules/a/node_modules/lodash': { version: '3.10.1' },
        'node_modules/alias': { name: 'real-pkg', version: '2.0.0' },
        'node_modules/ws-link': { resolved: 'packages/ws', link: true },
        'packages/ws': { name: 'ws', version: '0.0.1' },
      },
    }
    const found = parsePackageLock(Buffer.from(JSON.stringify(lock)), 'context:package-lock.json')
    expect(found.map((p) => [p.namespace, p.name, p.version, p.dev === true])).toEqual([
      [undefined, 'lodash', '4.17.20', false],
      ['@types', 'node', '20.1.0', true],
      [undefined, 'lodash', '3.10.1', false],
      [undefined, 'real-pkg', '2.0.0', false],
    ])
    expect(() =>
      parsePackageLock(
        Buffer.from(JSON.stringify({ lockfileVersion: 1, dependencies: {} })),
        'package-lock.json',
      ),
    ).toThrow(/lockfileVersion 1; only 2 and 3/)
  })

  it('reads installed package.json and dist-info METADATA', () => {
    expect(
      parseInstalledPackageJson(
        Buffer.from('{"name":"@scope/x","version":"1.2.3","license":"ISC"}'),
        'p',
        'l',
      ),
    ).toMatchObject({ type: 'npm', namespace: '@scope', name: 'x', version: '1.2.3' })
    expect(parseInstalledPackageJson(Buffer.from('{"name":"x"}'), 'p', 'l')).toBeUndefined()
    const meta =
      'Metadata-Version: 2.1\nName: Requests_OAuth\nVersion: 1.3.1\nLicense: ISC\n\nName: body\n'
    const py = parseDistInfoMetadata(Buffer.from(meta), 'p', 'l')!
    expect(py).toMatchObject({ type: 'pypi', name: 'Requests_OAuth', version: '1.3.1' })
    expect(packagePurl(py)).toBe('pkg:pypi/requests-oauth@1.3.1')
  })
})

describe('purls', () => {
  it('names deb packages with arch and distro, npm with scope', () => {
    const [ssl] = parseDpkgStatus(DPKG_STATUS, 's', 'l')
    expect(packagePurl(ssl!, { id: 'debian', versionId: '12' })).toBe(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    )
    expect(packagePurl({ type: 'npm', name: 'lodash', version: '4.17.20', path: 'p' })).toBe(
      'pkg:npm/lodash@4.17.20',
    )
    expect(
      packagePurl({ type: 'npm', namespace: '@types', name: 'node', version: '20.1.0', path: 'p' }),
    ).toBe('pkg:npm/%40types/node@20.1.0')
    expect(
      packagePurl(
        { type: 'apk', name: 'musl', version: '1.2.4-r4', arch: 'x86_64', path: 'p' },
        { id: 'alpine', versionId: '3.19.1' },
      ),
    ).toBe('pkg:apk/alpine/musl@1.2.4-r4?arch=x86_64&distro=alpine-3.19.1')
  })
})

/** A tar made by GNU tar in posix format: PAX headers for long names. */
function posixTar(files: Record<string, string>): Buffer {
  const dir = temp('tar')
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  symlinkSync('../usr/lib/os-release', join(dir, 'link'))
  return execFileSync('tar', ['-C', dir, '--format=posix', '--sort=name', '-cf', '-', '.'], {
    maxBuffer: 1 << 26,
  })
}

describe('tar reader', () => {
  it('reads PAX long names, symlinks and only the wanted files, gzipped or not', async () => {
    const long = `${'d'.repeat(120)}/node_modules/${'p'.repeat(90)}/package.json`
    const tar = posixTar({ [long]: '{"name":"p","version":"1.0.0"}', 'big.bin': 'x'.repeat(5000) })
    for (const bytes of [tar, gzipSync(tar)]) {
      const seen: { path: string; type: string; data?: string }[] = []
      for await (const e of tarEntries(Readable.from([bytes]), (f) => f.path.endsWith('.json'))) {
        seen.push({ path: e.path, type: e.type, data: e.data?.toString() })
      }
      expect(seen.find((e) => e.path === long)?.data).toBe('{"name":"p","version":"1.0.0"}')
      expect(seen.find((e) => e.path === 'big.bin')).toEqual({
        path: 'big.bin',
        type: 'file',
        data: undefined,
      })
      expect(seen.find((e) => e.path === 'link')?.type).toBe('symlink')
    }
  })

  it('reads zstd layers where Node has zstd, and otherwise says what to do', async () => {
    const tar = posixTar({ 'etc/os-release': OS_RELEASE })
    const z = zlib as typeof zlib & { zstdCompressSync?: (b: Buffer) => Buffer }
    const read = async (bytes: Buffer) => {
      const paths: string[] = []
      for await (const e of tarEntries(Readable.from([bytes]), () => true)) paths.push(e.path)
      return paths
    }
    if (z.zstdCompressSync) {
      expect(await read(z.zstdCompressSync(tar))).toContain('etc/os-release')
    } else {
      const zstdMagic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0])
      await expect(read(zstdMagic)).rejects.toMatchObject({
        message: expect.stringMatching(/zstd/),
        hint: expect.stringMatching(/sbom: false/),
      })
    }
  })

  it("fails with the source stream's error (a digest mismatch) inside a gzip layer", async () => {
    const gz = gzipSync(posixTar({ 'a.txt': 'x'.repeat(100_000) }))
    const source = new Readable({ read() {} })
    source.push(gz.subarray(0, 1000))
    setImmediate(() => source.destroy(new Error('digest mismatch at the end')))
    const read = async () => {
      for await (const _ of tarEntries(source, () => true)) void _
    }
    await expect(read()).rejects.toThrow(/digest mismatch at the end/)
  })

  it('refuses a stream that is not tar', async () => {
    const read = async () => {
      for await (const _ of tarEntries(Readable.from([Buffer.alloc(1024, 7)]), () => true)) void _
    }
    await expect(read()).rejects.toThrow(/not a tar archive/)
  })
})

describe('image packages', () => {
  it('stacks layers: whiteouts and opaque folders hide lower files, the top layer is named', async () => {
    const store = await LayoutStore.open(temp('layout'), { create: true })
    const lodash = '{"name":"lodash","version":"4.17.20"}'
    const image = await writeImage(store, [
      {
        'etc/os-release': OS_RELEASE,
        'var/lib/dpkg/status': DPKG_STATUS,
        'app/node_modules/lodash/package.json': lodash,
        'app/node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.0.0"}',
        'opt/node_modules/gone/package.json': '{"name":"gone","version":"1.0.0"}',
        // Distroless keeps one stanza per package here, without a Status field.
        'var/lib/dpkg/status.d/tzdata':
          'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
        'var/lib/dpkg/status.d/tzdata.md5sums': 'abc  usr/share/zoneinfo/UTC\n',
        'usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA':
          'Name: six\nVersion: 1.16.0\n',
      },
      {
        'app/node_modules/.wh.left-pad': '',
        'opt/node_modules/.wh..wh..opq': '',
        'opt/node_modules/kept/package.json': '{"name":"kept","version":"2.0.0"}',
        'app/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.21"}',
      },
    ])
    const found = await imagePackages(store, image.layers)
    expect(found.distro).toMatchObject({ id: 'debian', versionId: '12' })
    const npm = found.packages.filter((p) => p.type === 'npm')
    expect(npm.map((p) => `${p.name}@${p.version}:${p.layer}`).sort()).toEqual([
      `kept@2.0.0:${image.layers[1]!.digest}`,
      `lodash@4.17.21:${image.layers[1]!.digest}`,
    ])
    expect(found.packages.filter((p) => p.type === 'deb').map((p) => p.name)).toEqual([
      'libssl3',
      'libgcc-s1',
      'base-files',
      'tzdata',
    ])
    expect(found.packages.find((p) => p.type === 'pypi')).toMatchObject({
      name: 'six',
      layer: image.layers[0]!.digest,
    })
  })

  it('writes the same CycloneDX 1.6 bytes twice, with purls, layers, base and sources', async () => {
    const store = await LayoutStore.open(temp('layout'), { create: true })
    const image = await writeImage(store, [
      { 'etc/os-release': OS_RELEASE, 'var/lib/dpkg/status': DPKG_STATUS },
    ])
    const ctx = temp('ctx')
    writeFileSync(
      join(ctx, 'package-lock.json'),
      JSON.stringify({
        lockfileVersion: 2,
        packages: { '': {}, 'node_modules/lodash': { version: '4.17.20' } },
      }),
    )
    const extra = await contextPackages(ctx, nullLogger)
    const req = {
      store,
      repository: 'registry.test/app',
      subject: image.descriptor,
      annotations: {
        'org.opencontainers.image.base.name': 'registry.test/base/debian:12',
        'org.opencontainers.image.base.digest': `sha256:${'b'.repeat(64)}`,
      },
      extra,
      created: 1_714_564_800,
    }
    const a = await platformSbom(req)
    const b = await platformSbom(req)
    expect(b.bom.equals(a.bom)).toBe(true)
    const bom = JSON.parse(a.bom.toString()) as {
      specVersion: string
      serialNumber: string
      metadata: { timestamp: string; component: { purl: string } }
      components: { name: string; purl?: string; properties?: { name: string; value: string }[] }[]
    }
    expect(bom.specVersion).toBe('1.6')
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/)
    expect(bom.metadata.timestamp).toBe('2024-05-01T12:00:00.000Z')
    expect(bom.metadata.component.purl).toBe(
      `pkg:oci/app@${image.descriptor.digest}?arch=amd64&repository_url=registry.test%2Fapp`,
    )
    const purls = bom.components.map((c) => c.purl)
    expect(purls).toContain('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12')
    expect(purls).toContain('pkg:npm/lodash@4.17.20')
    expect(purls).toContain(
      `pkg:oci/debian@sha256:${'b'.repeat(64)}?arch=amd64&repository_url=registry.test%2Fbase%2Fdebian&tag=12`,
    )
    const ssl = bom.components.find((c) => c.name === 'libssl3')!
    expect(ssl.properties).toEqual(
      expect.arrayContaining([
        { name: PROPERTY.sourceName, value: 'openssl' },
        { name: PROPERTY.layer, value: image.layers[0]!.digest },
      ]),
    )
    const gcc = bom.components.find((c) => c.name === 'libgcc-s1')!
    expect(gcc.properties).toEqual(
      expect.arrayContaining([{ name: PROPERTY.sourceVersion, value: '12.2.0-14' }]),
    )
    // The order packages were found in does not show; another image gets another serial number.
    const packages = parseDpkgStatus(DPKG_STATUS, 's', 'l')
    const image1 = { repository: 'r', digest: image.descriptor.digest }
    const forward = cyclonedxBom({ image: image1, packages })
    expect(cyclonedxBom({ image: image1, packages: [...packages].reverse() })).toEqual(forward)
    const other = cyclonedxBom({
      image: { ...image1, digest: `sha256:${'c'.repeat(64)}` },
      packages,
    })
    expect(JSON.parse(other.toString()).serialNumber).not.toBe(
      JSON.parse(forward.toString()).serialNumber,
    )
  })
})

/** Go's embedded build information (Go 1.18+ layout), as the linker writes it. */
function goBuildInfo(goVersion: string, modinfo: string): Buffer {
  const varint = (n: number): Buffer => {
    const out: number[] = []
    for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80)
    out.push(n)
    return Buffer.from(out)
  }
  const header = Buffer.alloc(32)
  GO_BUILDINFO_MAGIC.copy(header)
  header[14] = 8 // pointer size
  header[15] = 2 // strings inline
  const sentinel = Buffer.alloc(16, 0xf9)
  const mod = Buffer.concat([sentinel, Buffer.from(modinfo), sentinel])
  const version = Buffer.from(goVersion)
  return Buffer.concat([header, varint(version.length), version, varint(mod.length), mod])
}

describe('Go binaries', () => {
  const MODINFO = [
    'path\texample.com/app/cmd/app',
    'mod\texample.com/app\tv1.4.0\th1:abc=',
    'dep\tgithub.com/gorilla/mux\tv1.8.0\th1:x=',
    'dep\tgolang.org/x/net\tv0.10.0\th1:y=',
    '=>\tgithub.com/fork/net\tv0.10.1\th1:z=',
    'build\tGOOS=linux',
    '',
  ].join('\n')

  it('parses module build information: main module, dependencies, replacements', () => {
    expect(parseGoBuildInfo(goBuildInfo('go1.22.3', MODINFO))).toEqual({
      goVersion: 'go1.22.3',
      path: 'example.com/app/cmd/app',
      main: { path: 'example.com/app', version: 'v1.4.0' },
      deps: [
        { path: 'github.com/gorilla/mux', version: 'v1.8.0' },
        { path: 'github.com/fork/net', version: 'v0.10.1' },
      ],
    })
    // Before Go 1.18 the strings were pointers: not read.
    const old = goBuildInfo('go1.16', MODINFO)
    old[15] = 0
    expect(parseGoBuildInfo(old)).toBeUndefined()
  })

  it.skipIf(!needTools('umoci', 'tar'))(
    'finds Go binaries among the executables of a layer, Debian-built ones too',
    async () => {
      const root = temp('go-root')
      const elf = (body: Buffer) =>
        Buffer.concat([
          Buffer.from('\x7fELF', 'latin1'),
          Buffer.alloc(300_000, 1),
          body,
          Buffer.alloc(70_000),
        ])
      mkdirSync(join(root, 'usr/local/bin'), { recursive: true })
      writeFileSync(join(root, 'usr/local/bin/app'), elf(goBuildInfo('go1.22.3', MODINFO)), {
        mode: 0o755,
      })
      // The marker in a file that is no ELF executable, and in one without an exec bit: not Go binaries.
      writeFileSync(
        join(root, 'usr/local/bin/script'),
        Buffer.concat([
          Buffer.from('#!/bin/sh\n'),
          goBuildInfo('go1.0', MODINFO),
          Buffer.alloc(5000),
        ]),
        { mode: 0o755 },
      )
      writeFileSync(join(root, 'usr/local/bin/data'), elf(goBuildInfo('go1.1', MODINFO)), {
        mode: 0o644,
      })
      execFileSync('cp', ['/usr/bin/umoci', join(root, 'usr/local/bin/umoci')])
      const tar = execFileSync('tar', ['-C', root, '--sort=name', '-cf', '-', '.'], {
        maxBuffer: 1 << 28,
      })
      const store = await LayoutStore.open(temp('layout'), { create: true })
      const layer = { mediaType: MediaType.OciLayerGzip, ...(await putBytes(store, gzipSync(tar))) }
      const found = await imagePackages(store, [layer])
      const purls = found.packages.map((p) => `${p.path} ${packagePurl(p)}`)
      expect(purls.filter((p) => p.startsWith('usr/local/bin/app '))).toEqual([
        'usr/local/bin/app pkg:golang/stdlib@1.22.3',
        'usr/local/bin/app pkg:golang/example.com/app@v1.4.0',
        'usr/local/bin/app pkg:golang/github.com/gorilla/mux@v1.8.0',
        'usr/local/bin/app pkg:golang/github.com/fork/net@v0.10.1',
      ])
      // Debian's umoci: built without modules, so the toolchain is what it names.
      expect(purls.filter((p) => p.startsWith('usr/local/bin/umoci '))).toEqual([
        expect.stringMatching(/^usr\/local\/bin\/umoci pkg:golang\/stdlib@1\.\d+(\.\d+)?$/),
      ])
      expect(purls.some((p) => /bin\/(script|data) /.test(p))).toBe(false)
    },
  )
})

describe('bundling', () => {
  it('imports CycloneDX by subpath: the package root loads validators that break the ESM bundle', () => {
    const dir = join(import.meta.dirname, '..', 'src', 'sbom')
    const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))
    const all = sources.join('\n')
    expect(all).toContain("from '@cyclonedx/cyclonedx-library/Models'")
    expect(all).not.toMatch(/from '@cyclonedx\/cyclonedx-library'/)
  })
})
