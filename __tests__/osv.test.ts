import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cyclonedxBom } from '../src/sbom/cyclonedx.js'
import { AdvisoryIndex, bomPackages, type ScanPackage } from '../src/sbom/osv.js'
import { loadAdvisoriesFromApi } from '../src/sbom/osv-api.js'
import { loadAdvisoryFiles } from '../src/sbom/osv-files.js'
import { severityOf } from '../src/sbom/severity.js'
import type { FoundPackage } from '../src/sbom/package.js'
import { UserError } from '../src/errors.js'
import {
  advisory,
  CRITICAL_V3,
  MEDIUM_V3,
  startFakeOsvApi,
  writeAdvisories,
} from './helpers/osv.js'
import { haveTool } from './helpers/tools.js'

const LAYER = `sha256:${'a'.repeat(64)}`

/** Packages as the SBOM generator writes them: the matcher reads the real CycloneDX output. */
function packagesOf(found: FoundPackage[], distro = { id: 'debian', versionId: '12' }) {
  const bom = cyclonedxBom({
    image: { repository: 'r.example/app', digest: `sha256:${'b'.repeat(64)}` },
    distro: { ...distro, prettyName: 'test' },
    packages: found,
  })
  return bomPackages(JSON.parse(bom.toString()))
}

const deb = (name: string, version: string, source?: string): FoundPackage => ({
  type: 'deb',
  name,
  version,
  arch: 'amd64',
  ...(source ? { source: { name: source, version } } : {}),
  path: 'var/lib/dpkg/status',
  layer: LAYER,
})
const npm = (name: string, version: string, namespace?: string): FoundPackage => ({
  type: 'npm',
  name,
  version,
  ...(namespace ? { namespace } : {}),
  path: `usr/app/node_modules/${name}/package.json`,
})

describe('OSV matching', () => {
  it('matches deb packages through their source, npm by semver, and reports the fixed version', () => {
    const index = new AdvisoryIndex()
    index.add(advisory('DSA-1', 'Debian:12', 'openssl', { fixed: '3.0.13-1~deb12u1' }))
    index.add(advisory('GHSA-lo', 'npm', 'lodash', { fixed: '4.17.21' }, { aliases: ['CVE-1'] }))
    index.add(advisory('GHSA-sc', 'npm', '@acme/x', { introduced: '1.0.0', fixed: '1.2.0' }))
    // Debian 11's advisory is not Debian 12's.
    index.add(advisory('DSA-old', 'Debian:11', 'openssl', { fixed: '9' }))
    const packages = packagesOf([
      deb('libssl3', '3.0.11-1~deb12u2', 'openssl'),
      // At its fixed version (the tilde sorts before the plain revision): not reported.
      deb('openssl', '3.0.13-1~deb12u1'),
      npm('lodash', '4.17.20'),
      npm('x', '1.1.9', '@acme'),
    ])
    const found = index.match(packages)
    expect(found.map((f) => `${f.id} ${f.package} ${f.installed} -> ${f.fixed}`).sort()).toEqual([
      'DSA-1 libssl3 3.0.11-1~deb12u2 -> 3.0.13-1~deb12u1',
      'GHSA-lo lodash 4.17.20 -> 4.17.21',
      'GHSA-sc @acme/x 1.1.9 -> 1.2.0',
    ])
    const dsa = found.find((f) => f.id === 'DSA-1')!
    expect(dsa).toMatchObject({
      advisoryPackage: 'openssl',
      ecosystem: 'Debian:12',
      layers: [LAYER],
    })
    expect(found.find((f) => f.id === 'GHSA-lo')!.aliases).toEqual(['CVE-1'])
  })

  it('evaluates introduced, fixed, last_affected and explicit versions in the ecosystem order', () => {
    const index = new AdvisoryIndex()
    index.add(advisory('A-range', 'npm', 'a', { introduced: '2.0.0', fixed: '2.5.0' }))
    index.add(advisory('A-last', 'npm', 'a', { introduced: '1.0.0', last_affected: '1.4.0' }))
    index.add({
      id: 'A-versions',
      affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: ['3.0.0-beta.1'] }],
    })
    // Two introduced/fixed pairs in one range, listed out of order.
    index.add({
      id: 'D-two',
      affected: [
        {
          package: { ecosystem: 'Debian:12', name: 'zlib' },
          ranges: [
            {
              type: 'ECOSYSTEM',
              events: [
                { introduced: '1:1.3' },
                { fixed: '1:1.2.13-2' },
                { introduced: '0' },
                { fixed: '1:1.3.1' },
              ],
            },
          ],
        },
      ],
    })
    const ids = (p: FoundPackage) =>
      index.match(packagesOf([p])).map((f) => `${f.id}:${f.fixed ?? '-'}`)
    expect(ids(npm('a', '1.9.0'))).toEqual([])
    expect(ids(npm('a', '1.4.0'))).toEqual(['A-last:-'])
    expect(ids(npm('a', '1.4.1'))).toEqual([])
    expect(ids(npm('a', '2.0.0'))).toEqual(['A-range:2.5.0'])
    expect(ids(npm('a', '2.5.0'))).toEqual([])
    expect(ids(npm('a', '3.0.0-beta.1'))).toEqual(['A-versions:-'])
    // Epoch 1 beats any version without one; 1.2.13-2 is fixed, 1.3 reopens, 1.3.1 fixes.
    expect(ids(deb('zlib1g', '1:1.2.13-1', 'zlib'))).toEqual(['D-two:1:1.2.13-2'])
    expect(ids(deb('zlib1g', '1:1.2.13-2', 'zlib'))).toEqual([])
    expect(ids(deb('zlib1g', '1:1.3-1', 'zlib'))).toEqual(['D-two:1:1.3.1'])
    expect(ids(deb('zlib1g', '1.9', 'zlib'))).toEqual(['D-two:1:1.2.13-2'])
  })

  it('maps Ubuntu, Alpine and PyPI ecosystems and names', () => {
    const index = new AdvisoryIndex()
    index.add(advisory('USN-1', 'Ubuntu:22.04:LTS', 'curl', { fixed: '7.81.0-1ubuntu1.15' }))
    index.add(advisory('ALPINE-1', 'Alpine:v3.19', 'busybox', { fixed: '1.36.1-r16' }))
    index.add(advisory('PYSEC-1', 'PyPI', 'Foo_Bar', { fixed: '2.0rc1' }))
    const ubuntu = packagesOf([deb('libcurl4', '7.81.0-1ubuntu1.14', 'curl')], {
      id: 'ubuntu',
      versionId: '22.04',
    })
    expect(index.match(ubuntu).map((f) => f.id)).toEqual(['USN-1'])
    const alpine = packagesOf(
      [
        {
          type: 'apk',
          name: 'busybox-binsh',
          version: '1.36.1-r15',
          source: { name: 'busybox', version: '1.36.1-r15' },
          path: 'lib/apk/db/installed',
        },
      ],
      { id: 'alpine', versionId: '3.19.1' },
    )
    expect(index.match(alpine).map((f) => f.id)).toEqual(['ALPINE-1'])
    const py = (v: string) =>
      index.match(packagesOf([{ type: 'pypi', name: 'foo-bar', version: v, path: 'x/METADATA' }]))
    expect(py('2.0b2').map((f) => f.id)).toEqual(['PYSEC-1'])
    expect(py('2.0')).toEqual([])
  })

  it('scores CVSS v4 before v3, else takes the database label', () => {
    expect(severityOf([{ type: 'CVSS_V3', score: CRITICAL_V3 }], [])).toMatchObject({
      severity: 'critical',
      score: 9.8,
    })
    expect(
      severityOf(
        [
          { type: 'CVSS_V3', score: CRITICAL_V3 },
          {
            type: 'CVSS_V4',
            score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N',
          },
        ],
        [],
      ).severity,
    ).toBe('medium')
    expect(severityOf([{ type: 'CVSS_V3', score: 'nonsense' }], ['MODERATE']).severity).toBe(
      'medium',
    )
    expect(severityOf([], [undefined, 'unimportant']).severity).toBe('low')
    expect(severityOf([{ type: 'Ubuntu', score: 'high' }], []).severity).toBe('high')
    expect(severityOf([], []).severity).toBe('unknown')
  })
})

describe('OSV sources', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'osv-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const list = [
    advisory(
      'GHSA-lo',
      'npm',
      'lodash',
      { fixed: '4.17.21' },
      {
        severity: [{ type: 'CVSS_V3', score: CRITICAL_V3 }],
      },
    ),
    advisory(
      'DSA-1',
      'Debian:12',
      'openssl',
      { fixed: '3.0.13-1~deb12u1' },
      {
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
    ),
    advisory(
      'GHSA-other',
      'npm',
      'left-pad',
      { fixed: '2.0.0' },
      {
        severity: [{ type: 'CVSS_V3', score: MEDIUM_V3 }],
      },
    ),
  ]
  const packages = (): ScanPackage[] =>
    packagesOf([deb('libssl3', '3.0.11-1~deb12u2', 'openssl'), npm('lodash', '4.17.20')])

  it('loads a folder recursively, skipping files that are not advisories', async () => {
    writeAdvisories(dir, list)
    writeFileSync(join(dir, 'notes.json'), '{"hello": 1}')
    writeFileSync(join(dir, 'broken.json'), '{')
    const index = new AdvisoryIndex()
    const report = await loadAdvisoryFiles(dir, dir, index)
    expect(report.added).toBe(3)
    expect(report.skipped.sort()).toEqual(['broken.json', 'notes.json'])
    const found = index.match(packages())
    expect(found.map((f) => `${f.id} ${f.severity}`).sort()).toEqual([
      'DSA-1 medium',
      'GHSA-lo critical',
    ])
  })

  it.skipIf(!haveTool('zip'))('loads a zip as osv.dev publishes it', async () => {
    const folder = join(dir, 'files')
    writeAdvisories(folder, list)
    const zip = join(dir, 'all.zip')
    execFileSync('zip', ['-qr', zip, '.'], { cwd: folder })
    const index = new AdvisoryIndex()
    expect((await loadAdvisoryFiles(zip, 'all.zip', index)).added).toBe(3)
    expect(
      index
        .match(packages())
        .map((f) => f.id)
        .sort(),
    ).toEqual(['DSA-1', 'GHSA-lo'])
  })

  it('names the input when the path does not exist', async () => {
    const err = await loadAdvisoryFiles(join(dir, 'nope'), 'nope', new AdvisoryIndex()).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toContain("input 'advisories'")
  })

  it('asks the OSV API one querybatch and fetches each named advisory once', async () => {
    const api = await startFakeOsvApi(list)
    try {
      const index = new AdvisoryIndex()
      const p = packages()
      // The same package twice is asked about once.
      const stats = await loadAdvisoriesFromApi(`${api.url}/`, [...p, p[1]!], index)
      expect(stats).toEqual({ queries: 2, fetched: 2 })
      expect(api.requests.filter((r) => r === 'POST /v1/querybatch')).toHaveLength(1)
      expect(api.requests.filter((r) => r.startsWith('GET /v1/vulns/')).sort()).toEqual([
        'GET /v1/vulns/DSA-1',
        'GET /v1/vulns/GHSA-lo',
      ])
      expect(api.queries[0]).toContainEqual({
        package: { name: 'openssl', ecosystem: 'Debian:12' },
        version: '3.0.11-1~deb12u2',
      })
      expect(
        index
          .match(p)
          .map((f) => f.id)
          .sort(),
      ).toEqual(['DSA-1', 'GHSA-lo'])
    } finally {
      await api.stop()
    }
  })
})
