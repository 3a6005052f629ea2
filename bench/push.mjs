// npm run bench:push [-- --rounds N] [--chunk-mib N] [--concurrency N] [--storage DIR] [--no-skopeo] [--quick]
//
// Pushes the same three-layer image (about 200 MiB) from an OCI layout to a local Debian
// docker-registry with our client and with `skopeo copy`, alternating, and prints both times and
// their ratio. Our goal is to be faster than skopeo.
//
// Fairness:
// - Both tools run as a child process and are timed from spawn to exit, so both pay their
//   start-up (Node + module loading for us, Go runtime + policy/registries.conf for skopeo): that
//   is what a user pays. Our in-process copyImage() time is printed too.
// - Registry storage is wiped before every push and every push goes to a new repository, so
//   every blob is really uploaded: no "exists", no cross-repository mount, no server-side dedupe
//   (the runner checks stats.blobs.uploaded). skopeo's blob-info cache may still remember
//   repositories of earlier rounds and try to mount from them; the wiped registry refuses, which
//   costs it a round trip or two per blob (well under a millisecond on loopback).
// - Which tool goes first alternates by round.
// - The registry stores in /dev/shm when there is one (--storage to change): the registry's disk
//   writes are the same for both tools, and on a disk they mostly add noise to the comparison.
// - The image is made once and cached in .bench/push-layout (gitignored). Its layers are real
//   tar+gzip (gzip level 1 over one file of random bytes, so the blob is about as big as its
//   content): skopeo looks at a layer's first bytes and would gzip anything that is not
//   compressed on its way to a registry, which would not be a copy at all.

import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import { compileSources } from './compile.mjs'
import {
  median,
  MiB,
  needTools,
  OCI_MANIFEST,
  parseFlags,
  QUICK_HELP,
  repoRoot,
  run,
  runMain,
  sec,
  startBenchRegistry,
  table,
  timeChild,
  usageExit,
  withCleanup,
  writeInsecurePolicy,
} from './lib.mjs'

// --quick (CI): a tenth of the bytes, in a layout of its own so that neither cache remakes the other.
const QUICK = process.argv.includes('--quick')
const LAYER_MIB = QUICK ? [12, 6, 2] : [120, 60, 20]
const TAG = 'bench'
const LAYOUT = join(repoRoot, '.bench', QUICK ? 'push-layout-quick' : 'push-layout')
const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'push-ours.mjs')
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

const usage = (message) =>
  usageExit(
    'usage: node bench/push.mjs [--rounds N] [--chunk-mib N] [--concurrency N] [--storage DIR] [--no-skopeo]\n' +
      '  --rounds N       pushes per tool (default 3)\n' +
      '  --chunk-mib N    our RegistryStore chunkSize (default: its own)\n' +
      '  --concurrency N  our copyImage concurrency (default: its own)\n' +
      '  --storage DIR    where the registry stores (default /dev/shm when there, else the temp dir)\n' +
      '  --no-skopeo      only our client, for tuning\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = {
    rounds: 3,
    chunkMiB: undefined,
    concurrency: undefined,
    storage: undefined,
    skopeo: true,
  }
  const positive = (name, value) => {
    const n = Number(value)
    if (!Number.isFinite(n) || n <= 0) usage(`${name} needs a positive number, got '${value}'`)
    return n
  }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = Math.round(positive('--rounds', value()))),
      '--chunk-mib': (value) => (options.chunkMiB = positive('--chunk-mib', value())),
      '--concurrency': (value) =>
        (options.concurrency = Math.round(positive('--concurrency', value()))),
      '--storage': (value) => (options.storage = value()),
      '--no-skopeo': () => (options.skopeo = false),
      '--quick': () => (options.rounds = 1),
    },
    usage,
  )
  return options
}

// ---------------------------------------------------------------------------------------------
// The image, made once.

/** A ustar header for one regular file. */
function tarHeader(name, size) {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write('0000644\0', 100) // mode
  h.write('0000000\0', 108) // uid
  h.write('0000000\0', 116) // gid
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  h.write('00000000000\0', 136) // mtime
  h.write('        ', 148) // checksum, counted as spaces
  h.write('0', 156) // regular file
  h.write('ustar\0', 257)
  h.write('00', 263)
  let sum = 0
  for (const byte of h) sum += byte
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return h
}

async function* tarOfRandomFile(name, size) {
  yield tarHeader(name, size)
  for (let done = 0; done < size; done += MiB) yield randomBytes(Math.min(MiB, size - done))
  yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024) // padding, then two empty blocks
}

function hashing(hash, counter) {
  return new Transform({
    transform(chunk, _enc, done) {
      hash.update(chunk)
      counter.bytes += chunk.length
      done(null, chunk)
    },
  })
}

async function writeBlob(layout, bytes) {
  const hex = createHash('sha256').update(bytes).digest('hex')
  await writeFile(join(layout, 'blobs', 'sha256', hex), bytes)
  return { digest: `sha256:${hex}`, size: bytes.length }
}

async function makeLayout(dir) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  const layers = []
  const diffIds = []
  for (const [i, mib] of LAYER_MIB.entries()) {
    const tmp = join(dir, `layer-${i}.tmp`)
    const tarHash = createHash('sha256')
    const gzHash = createHash('sha256')
    const gz = { bytes: 0 }
    await pipeline(
      Readable.from(tarOfRandomFile(`data/random-${i}.bin`, mib * MiB)),
      hashing(tarHash, { bytes: 0 }),
      createGzip({ level: 1 }),
      hashing(gzHash, gz),
      createWriteStream(tmp),
    )
    const hex = gzHash.digest('hex')
    await rename(tmp, join(dir, 'blobs', 'sha256', hex))
    layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: `sha256:${hex}`,
      size: gz.bytes,
    })
    diffIds.push(`sha256:${tarHash.digest('hex')}`)
  }
  const config = await writeBlob(
    dir,
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
      }),
    ),
  )
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    }),
  )
  const manifest = await writeBlob(dir, manifestBytes)
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        ...manifest,
        annotations: { 'org.opencontainers.image.ref.name': TAG },
      },
    ],
  }
  await writeFile(join(dir, 'index.json'), JSON.stringify(index))
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const image = { layerMiB: LAYER_MIB, manifest, config, layers }
  await writeFile(join(dir, 'bench-image.json'), JSON.stringify(image, null, 2)) // written last
  return image
}

/** The cached image when it is complete and of the current shape; otherwise a new one. */
async function ensureImage(dir) {
  try {
    const image = JSON.parse(await readFile(join(dir, 'bench-image.json'), 'utf8'))
    if (JSON.stringify(image.layerMiB) !== JSON.stringify(LAYER_MIB)) throw new Error('other sizes')
    for (const blob of [image.manifest, image.config, ...image.layers]) {
      const s = await stat(join(dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length)))
      if (s.size !== blob.size) throw new Error(`${blob.digest} has the wrong size`)
    }
    return { image, made: false }
  } catch {
    return { image: await makeLayout(dir), made: true }
  }
}

// ---------------------------------------------------------------------------------------------
// The pushes.

/** Checks that the push left the very image in `repository`, every blob included. */
async function verifyPushed(host, repository, image) {
  const base = `http://${host}/v2/${repository}`
  const res = await fetch(`${base}/manifests/${TAG}`, {
    method: 'HEAD',
    headers: { accept: OCI_MANIFEST },
  })
  const digest = res.headers.get('docker-content-digest')
  if (res.status !== 200 || digest !== image.manifest.digest) {
    throw new Error(
      `${repository}:${TAG} answered ${res.status} ${digest}, expected ${image.manifest.digest}`,
    )
  }
  for (const blob of [image.config, ...image.layers]) {
    const b = await fetch(`${base}/blobs/${blob.digest}`, { method: 'HEAD' })
    if (b.status !== 200) throw new Error(`${repository}: blob ${blob.digest} answered ${b.status}`)
  }
}

async function pushOurs(ctx, round) {
  const repository = `bench/ours-${round}`
  const job = {
    build: ctx.build,
    layout: LAYOUT,
    host: ctx.registry.host,
    repository,
    tag: TAG,
    chunkSize: ctx.options.chunkMiB ? Math.round(ctx.options.chunkMiB * MiB) : undefined,
    concurrency: ctx.options.concurrency,
  }
  const before = await ctx.registry.cpuSeconds()
  const { ms, cpu, stdout } = await timeChild(
    process.execPath,
    [RUNNER, JSON.stringify(job)],
    process.env,
  )
  const registryCpu = (await ctx.registry.cpuSeconds()) - before
  const report = JSON.parse(stdout.trim().split('\n').pop())
  const blobs = 1 + ctx.image.layers.length
  if (report.stats.blobs.uploaded !== blobs) {
    throw new Error(`our push uploaded ${JSON.stringify(report.stats.blobs)}, expected ${blobs}`)
  }
  if (report.digest !== ctx.image.manifest.digest) {
    throw new Error(`our push copied ${report.digest}, expected ${ctx.image.manifest.digest}`)
  }
  await verifyPushed(ctx.registry.host, repository, ctx.image)
  return { ms, cpu, registryCpu, copyMs: report.copyMs, loadMs: report.loadMs }
}

async function pushSkopeo(ctx, round) {
  const repository = `bench/skopeo-${round}`
  const args = [
    'copy',
    '--quiet',
    '--policy',
    ctx.policy,
    '--dest-tls-verify=false',
    `oci:${LAYOUT}:${TAG}`,
    `docker://${ctx.registry.host}/${repository}:${TAG}`,
  ]
  const before = await ctx.registry.cpuSeconds()
  const { ms, cpu } = await timeChild('skopeo', args, process.env)
  const registryCpu = (await ctx.registry.cpuSeconds()) - before
  await verifyPushed(ctx.registry.host, repository, ctx.image)
  return { ms, cpu, registryCpu }
}

// ---------------------------------------------------------------------------------------------
// Report.

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('docker-registry', ...(options.skopeo ? ['skopeo'] : []))

  const t0 = performance.now()
  const { image, made } = await ensureImage(LAYOUT)
  const totalBytes =
    image.manifest.size + image.config.size + image.layers.reduce((n, l) => n + l.size, 0)
  const mib = totalBytes / MiB
  console.log(
    `image: ${image.manifest.digest} in ${LAYOUT} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'})`,
  )
  console.log(
    `       ${image.layers.length} layers ${image.layers.map((l) => (l.size / MiB).toFixed(1)).join(' + ')} MiB, ${mib.toFixed(1)} MiB in all`,
  )

  const compiled = await compileSources()
  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-'))
  const policy = await writeInsecurePolicy(scratch)
  let registry
  const cleanup = async () => {
    await registry?.stop()
    await compiled.cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
  await withCleanup(cleanup, async () => {
    registry = await startBenchRegistry(options.storage)
    const ctx = { options, image, registry, build: compiled.dir, policy }
    const skopeoVersion = options.skopeo ? (await run('skopeo', ['--version'])).stdout.trim() : ''
    console.log(
      `registry: docker-registry at ${registry.host} storing in ${registry.dataDir}; ${skopeoVersion || 'skopeo skipped'}; node ${process.version}`,
    )
    console.log(
      `ours: chunk ${options.chunkMiB ? `${options.chunkMiB} MiB` : 'default'}, concurrency ${options.concurrency ?? 'default'}; ${options.rounds} rounds\n`,
    )

    const results = []
    for (let round = 1; round <= options.rounds; round++) {
      const order = options.skopeo
        ? round % 2
          ? ['ours', 'skopeo']
          : ['skopeo', 'ours']
        : ['ours']
      const result = { round, first: order[0] }
      for (const tool of order) {
        await registry.wipe()
        result[tool] = tool === 'ours' ? await pushOurs(ctx, round) : await pushSkopeo(ctx, round)
      }
      await registry.wipe()
      results.push(result)
      process.stderr.write(
        `round ${round}: ours ${sec(result.ours.ms)} s${result.skopeo ? `, skopeo ${sec(result.skopeo.ms)} s` : ''}\n`,
      )
    }

    const tools = options.skopeo ? ['ours', 'skopeo'] : ['ours']
    const head = ['round', 'first', 'ours (s)', 'ours copy (s)']
    if (options.skopeo) head.push('skopeo (s)', 'skopeo/ours')
    for (const t of tools) head.push(`${t} cpu (s)`)
    for (const t of tools) head.push(`registry cpu, ${t} (s)`)
    const rows = [head]
    const cells = (v) => {
      const row = [sec(v.ours.ms), sec(v.ours.copyMs)]
      if (options.skopeo) row.push(sec(v.skopeo.ms), v.ratio.toFixed(2))
      for (const t of tools) row.push(v[t].cpu.toFixed(2))
      for (const t of tools) row.push(v[t].registryCpu.toFixed(2))
      return row
    }
    for (const r of results) {
      const ratio = options.skopeo ? r.skopeo.ms / r.ours.ms : 0
      rows.push([r.round, r.first, ...cells({ ...r, ratio })])
    }
    const mid = (tool, key) => median(results.map((r) => r[tool][key]))
    const med = { ratio: options.skopeo ? median(results.map((r) => r.skopeo.ms / r.ours.ms)) : 0 }
    for (const t of tools) {
      med[t] = { ms: mid(t, 'ms'), cpu: mid(t, 'cpu'), registryCpu: mid(t, 'registryCpu') }
    }
    med.ours.copyMs = mid('ours', 'copyMs')
    rows.push(['median', '', ...cells(med)])
    const rate = (ms) => (mib / (ms / 1000)).toFixed(0)
    const rateRow = ['MiB/s', '', rate(med.ours.ms), rate(med.ours.copyMs)]
    if (options.skopeo) rateRow.push(rate(med.skopeo.ms), '')
    rows.push(rateRow.concat(Array(head.length - rateRow.length).fill('')))
    console.log(table(rows))
    console.log(
      [
        '',
        'ours (s), skopeo (s): wall time of the whole process, spawn to exit (the headline figures).',
        'ours copy (s): copyImage() alone, inside that process. cpu: user + system time of the',
        'process; registry cpu: what the registry spent serving that push.',
      ].join('\n'),
    )
    if (options.skopeo) {
      console.log(
        `skopeo/ours > 1 means we are faster. Median: ${med.ratio.toFixed(2)} (${med.ratio >= 1 ? 'faster than' : 'slower than'} skopeo).`,
      )
    }
  })
}

runMain('push', main)
