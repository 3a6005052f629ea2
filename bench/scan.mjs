// npm run bench:scan [-- --rounds N] [--packages N] [--advisories N] [--storage DIR] [--quick]
//
// How long does `scan` take on a real-sized case? Three environments (dev, staging, prod) in a
// git ledger, each on its own image and with a retained previous, every image holding --packages
// packages (default 1,000: 60% Debian packages in a dpkg status file, 40% npm packages under
// node_modules) and carrying its CycloneDX SBOM referrer, as a release attaches it; matched
// against a folder of --advisories OSV files (default 50,000: half Debian:12, half npm, over
// 10,000 package names, about 1 in 10 of them naming a package of the images).
//
// Timed: the whole `scan` child process (transpiled src/, as bench/memory does), from spawn to
// exit: reading the ledger, the four SBOM referrers, loading and indexing the advisory folder,
// matching, the way out through each history, writing the SARIF. Setup is not timed.
// osv-scanner and grype are timed beside it when installed; neither is on this machine's
// Debian, so the time is printed alone.
//
// Needs git, tar, gzip and docker-registry.

import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { pathToFileURL } from 'node:url'
import { compileSources } from './compile.mjs'
import {
  cleanEnv,
  git,
  median,
  needTools,
  parseFlags,
  QUICK_HELP,
  runMain,
  sec,
  startBenchRegistry,
  table,
  timeChild,
  usageExit,
  wholeRounds,
} from './lib.mjs'

const USAGE = `usage: npm run bench:scan [-- options]
  --rounds N      timed scans (default 3)
  --packages N    packages per image (default 1000)
  --advisories N  OSV files in the folder (default 50000)
  --storage DIR   where the registry stores (default /dev/shm when there)
${QUICK_HELP}`

const exec = promisify(execFile)
const ENVIRONMENTS = ['dev', 'staging', 'prod']

/** One image's files: a dpkg status and node_modules; `variant` bumps one version per image. */
function imageFiles(packages, variant) {
  const debs = Math.round(packages * 0.6)
  const status = []
  for (let i = 0; i < debs; i++) {
    status.push(
      `Package: lib${i}-bin`,
      'Status: install ok installed',
      'Architecture: amd64',
      `Source: src${i}`,
      `Version: 1.${i % 7}.${i === 0 ? variant : 0}-1`,
      '',
    )
  }
  const files = {
    'etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian 12"\n',
    'var/lib/dpkg/status': status.join('\n'),
  }
  for (let i = 0; i < packages - debs; i++) {
    files[`app/node_modules/pkg${i}/package.json`] = JSON.stringify({
      name: `pkg${i}`,
      version: `2.${i % 5}.${i === 0 ? variant : 0}`,
    })
  }
  return files
}

async function tarGz(dir, files) {
  await rm(dir, { recursive: true, force: true })
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name)
    await mkdir(join(path, '..'), { recursive: true })
    await writeFile(path, text)
  }
  const { stdout } = await exec(
    'sh',
    ['-c', 'tar -C "$1" --sort=name --owner=0 --group=0 --mtime=@0 -cf - . | gzip -n', 'sh', dir],
    { encoding: 'buffer', maxBuffer: 1 << 30 },
  )
  return stdout
}

/** Pushes an image of `files` with its SBOM referrer (what a release attaches). */
async function pushImage(src, store, repository, files, scratch) {
  const { bufferSource, MediaType } = src.oci
  const put = async (bytes) => {
    const s = bufferSource(bytes)
    await store.putBlob(s)
    return { digest: s.digest, size: s.size }
  }
  const layer = await put(await tarGz(join(scratch, 'layer'), files))
  const config = await put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    ),
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, ...config },
      layers: [{ mediaType: MediaType.OciLayerGzip, ...layer }],
    }),
  )
  const subject = await store.putManifest(manifest, MediaType.OciManifest)
  const { bom } = await src.generate.platformSbom({ store, repository, subject })
  const type = src.cyclonedx.CYCLONEDX_MEDIA_TYPE
  await src.referrer.putReferrer(store, subject, {
    artifactType: type,
    blob: bom,
    blobMediaType: type,
  })
  return subject.digest
}

/** `count` OSV files: Debian:12 and npm, over 5,000 names each, some naming the images' packages. */
async function writeAdvisories(dir, count, packages) {
  const debs = Math.round(packages * 0.6)
  let next = 0
  const one = (i) => {
    const debian = i % 2 === 0
    const n = Math.floor(i / 2) % 5000
    // One name in ten is a package of the images (src<n> or pkg<n>, when it exists).
    const real = n % 10 === 0
    const name = debian
      ? real && n < debs
        ? `src${n}`
        : `other-src${n}`
      : real && n < packages - debs
        ? `pkg${n}`
        : `other-pkg${n}`
    const fixed = debian ? `1.${n % 7}.${1 + (i % 3)}-1` : `2.${n % 5}.${1 + (i % 3)}`
    return {
      schema_version: '1.6.0',
      id: `${debian ? 'DSA' : 'GHSA'}-bench-${i}`,
      modified: '2024-01-01T00:00:00Z',
      aliases: [`CVE-2024-${i}`],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [
        {
          package: { ecosystem: debian ? 'Debian:12' : 'npm', name },
          ranges: [
            { type: debian ? 'ECOSYSTEM' : 'SEMVER', events: [{ introduced: '0' }, { fixed }] },
          ],
        },
      ],
    }
  }
  await mkdir(join(dir, 'Debian'), { recursive: true })
  await mkdir(join(dir, 'npm'), { recursive: true })
  const worker = async () => {
    while (next < count) {
      const a = one(next++)
      const folder = a.affected[0].package.ecosystem === 'npm' ? 'npm' : 'Debian'
      await writeFile(join(dir, folder, `${a.id}.json`), JSON.stringify(a))
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
}

/** A bare ledger whose branch holds the three environments, written as promote writes them. */
async function writeLedger(dir, images) {
  const work = join(dir, 'work')
  const bare = join(dir, 'ledger.git')
  await mkdir(join(work, 'environments'), { recursive: true })
  await exec('git', ['init', '-q', '--bare', bare])
  await git(work, ['init', '-q', '-b', 'release-ledger'], cleanEnv())
  for (const env of ENVIRONMENTS) {
    const i = ENVIRONMENTS.indexOf(env)
    const placement = (digest, at) => ({ digest, at, by: 'bench', kind: 'promote' })
    const current = placement(images[i + 1], '2024-01-02T00:00:00Z')
    const previous = placement(images[i], '2024-01-01T00:00:00Z')
    await writeFile(
      join(work, 'environments', `${env}.json`),
      `${JSON.stringify({ schemaVersion: 1, environment: env, current, previous, history: [current, previous], bad: [] }, null, 2)}\n`,
    )
  }
  await git(work, ['add', '.'], cleanEnv())
  await git(work, ['commit', '-q', '-m', 'ledger'], cleanEnv())
  await git(work, ['push', '-q', bare, 'release-ledger'], cleanEnv())
  return bare
}

async function main() {
  const quick = process.argv.includes('--quick')
  let rounds = quick ? 1 : 3
  let packages = quick ? 200 : 1000
  let advisories = quick ? 5000 : 50000
  let storage
  const usage = (message) => usageExit(USAGE, message)
  parseFlags(
    process.argv.slice(2),
    {
      '--quick': () => {},
      '--rounds': (v) => (rounds = wholeRounds(v(), usage)),
      '--packages': (v) => (packages = wholeRounds(v(), usage)),
      '--advisories': (v) => (advisories = wholeRounds(v(), usage)),
      '--storage': (v) => (storage = v()),
    },
    usage,
  )
  await needTools('git', 'tar', 'gzip', 'docker-registry')
  const scratch = await mkdtemp(join(tmpdir(), 'bench-scan-'))
  const built = await compileSources()
  const registry = await startBenchRegistry(storage)
  try {
    const load = (path) => import(pathToFileURL(join(built.src, path)).href)
    const src = {
      oci: await load('oci/index.js'),
      generate: await load('sbom/generate.js'),
      cyclonedx: await load('sbom/cyclonedx.js'),
      referrer: await load('sign/referrer.js'),
    }
    const repository = 'bench/scan'
    const store = new src.oci.RegistryStore(registry.host, repository, {})
    const images = []
    for (let v = 0; v < ENVIRONMENTS.length + 1; v++) {
      images.push(await pushImage(src, store, repository, imageFiles(packages, v), scratch))
    }
    const ledger = await writeLedger(scratch, images)
    const osv = join(scratch, 'osv')
    await writeAdvisories(osv, advisories, packages)
    process.stdout.write(
      `bench:scan: ${ENVIRONMENTS.length} environments (4 images of ${packages} packages), ${advisories} OSV files, ${rounds} round(s)\n`,
    )
    const env = { ...cleanEnv(), HOME: scratch, RUNNER_TEMP: scratch }
    const args = [
      'scan',
      '--image',
      `${registry.host}/${repository}`,
      '--ledger',
      ledger,
      '--advisories',
      osv,
      '--json',
    ]
    const times = []
    let findings = 0
    for (let r = 0; r < rounds; r++) {
      const t = await timeChild(process.execPath, [join(built.src, 'index.js'), ...args], env)
      times.push(t.ms)
      const out = JSON.parse(t.stdout)
      findings = out.findings.reduce((n, i) => n + i.findings.length, 0)
    }
    const others = []
    for (const tool of ['osv-scanner', 'grype']) {
      const found = await exec('sh', ['-c', `command -v ${tool}`]).then(
        () => true,
        () => false,
      )
      others.push(`${tool}: ${found ? 'installed, not compared by this bench' : 'not installed'}`)
    }
    process.stdout.write(
      `${table([
        ['scan', 'median s', 'rounds', 'findings'],
        ['immutable-release', sec(median(times)), String(rounds), String(findings)],
      ])}\n${others.join('; ')}: time printed alone\n`,
    )
  } finally {
    await registry.stop()
    await built.cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
}

runMain('scan', main)
