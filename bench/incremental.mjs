// npm run bench:incremental [-- --deps-mib N] [--quick]
//
// What a one-file source change costs to push: a context with a dependency folder
// (node_modules, 24 MiB of files; --quick: 4 MiB) and a few source files is released, one source
// file changes, and the next commit is released to the same repository. Printed for the layered
// native build (the default: dependency folders get layers of their own) against one layer for
// the whole context (`layers: none`, what every build did before): the bytes the second release
// had to upload against the image's size, and their ratio.
// Goal (issue 14): a one-file change uploads at most 5 % of the image's bytes.
//
// Uploaded bytes are the sizes of the blobs (layers and config) the second image has and the
// first had not: what a registry that holds the first image must receive. The CLI's own
// "blobs: N uploaded" line is checked against that count. The registry is the local Debian
// docker-registry (lib.mjs), storing in /dev/shm when there is one.

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ACCEPT,
  checkDist,
  cleanEnv,
  contextGit,
  ensureContext,
  MiB,
  needTools,
  parseFlags,
  QUICK_HELP,
  repoRoot,
  runMain,
  sec,
  seededNoise,
  startBenchRegistry,
  table,
  timeCli,
  usageExit,
  withCleanup,
} from './lib.mjs'

const usage = (message) =>
  usageExit(
    'usage: node bench/incremental.mjs [--deps-mib N] [--quick]\n' +
      '  --deps-mib N   size of node_modules (default 24)\n' +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = { depsMiB: 24 }
  parseFlags(
    argv,
    {
      '--deps-mib': (value) => {
        const n = Number(value())
        if (!Number.isInteger(n) || n <= 0) usage(`--deps-mib needs a positive whole number`)
        options.depsMiB = n
      },
      '--quick': () => (options.depsMiB = 4),
    },
    usage,
  )
  return options
}

/** Package-like files: text (most of node_modules) with some noise, so gzip leaves real bytes. */
function depFile(label, size) {
  const line = `module.exports.${label.replace(/\W/g, '_')} = function () { return '${label}' }\n`
  const text = Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size))
  const noise = seededNoise(`bench-incremental ${label}`, Math.floor(size / 4))
  return Buffer.concat([text.subarray(0, size - noise.length), noise])
}

async function fill(dir, depsMiB) {
  let bytes = 0
  const perFile = 64 * 1024
  for (let i = 0; bytes < depsMiB * MiB; i++) {
    const pkg = join(dir, 'node_modules', `pkg-${Math.floor(i / 20)}`, 'lib')
    await mkdir(pkg, { recursive: true })
    await writeFile(join(pkg, `part-${i}.js`), depFile(`dep ${i}`, perFile))
    bytes += perFile
  }
  await mkdir(join(dir, 'src'), { recursive: true })
  for (let i = 0; i < 20; i++) {
    await writeFile(join(dir, 'src', `module-${i}.js`), depFile(`src ${i}`, 4096))
  }
  await writeFile(join(dir, 'package.json'), '{"name":"bench-incremental","version":"1.0.0"}\n')
  return { bytes }
}

async function manifestOf(host, repository, digest) {
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${digest}`, {
    headers: { accept: ACCEPT },
  })
  if (res.status !== 200) throw new Error(`${repository}@${digest} answered ${res.status}`)
  return res.json()
}

async function release(ctx, dir, repository, layers) {
  const args = ['release', '--image', `${ctx.registry.host}/${repository}`, '--context', dir]
  args.push('--builder', 'native', ...(layers ? [] : ['--layers', 'none']))
  const { ms, stdout, stderr } = await timeCli(args, ctx.env)
  const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!digest) throw new Error(`ours printed no digest:\n${stdout}\n${stderr}`)
  const uploaded = Number(/^blobs: (\d+) uploaded/m.exec(stderr)?.[1])
  const manifest = await manifestOf(ctx.registry.host, repository, digest)
  return { ms, digest, uploaded, manifest }
}

/** Two releases, the second after a one-file change: bytes uploaded the second time. */
async function measure(ctx, layers) {
  const name = layers ? 'layered' : 'one-layer'
  const dir = join(ctx.scratch, name)
  await cp(ctx.context, dir, { recursive: true })
  const repository = `bench/${name}`
  const first = await release(ctx, dir, repository, layers)
  await writeFile(join(dir, 'src', 'module-3.js'), 'module.exports = "changed"\n')
  await contextGit(dir, ['commit', '-q', '-am', 'one file'])
  const second = await release(ctx, dir, repository, layers)
  const before = new Set(
    [first.manifest.config, ...first.manifest.layers].map((blob) => blob.digest),
  )
  const blobs = [second.manifest.config, ...second.manifest.layers]
  const fresh = blobs.filter((blob) => !before.has(blob.digest))
  if (fresh.length !== second.uploaded) {
    throw new Error(`${name}: ${fresh.length} new blobs, but the CLI uploaded ${second.uploaded}`)
  }
  const imageBytes = blobs.reduce((n, b) => n + b.size, 0)
  const uploadedBytes = fresh.reduce((n, b) => n + b.size, 0)
  return {
    name,
    layers: second.manifest.layers.length,
    imageBytes,
    uploadedBytes,
    share: uploadedBytes / imageBytes,
    ms: second.ms,
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('git', 'docker-registry')
  await checkDist()
  const context = join(repoRoot, '.bench', `incremental-${options.depsMiB}`)
  const t0 = performance.now()
  const { made } = await ensureContext(context, {
    shape: { version: 1, depsMiB: options.depsMiB },
    marker: 'bench-incremental.json',
    message: 'bench/incremental context',
    fill: (dir) => fill(dir, options.depsMiB),
  })
  console.log(
    `context: ${context} (${made ? `made in ${sec(performance.now() - t0)} s` : 'cached'}), node_modules ${options.depsMiB} MiB`,
  )
  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-incremental-'))
  let registry
  await withCleanup(
    async () => {
      await registry?.stop()
      await rm(scratch, { recursive: true, force: true })
    },
    async () => {
      registry = await startBenchRegistry()
      const ctx = { context, scratch, registry, env: cleanEnv() }
      const layered = await measure(ctx, true)
      const single = await measure(ctx, false)
      const kib = (n) => (n / 1024).toFixed(0)
      console.log(
        table([
          ['build', 'layers', 'image (KiB)', 'uploaded (KiB)', 'uploaded/image', 'release (s)'],
          ...[layered, single].map((r) => [
            r.name,
            r.layers,
            kib(r.imageBytes),
            kib(r.uploadedBytes),
            `${(r.share * 100).toFixed(1)} %`,
            sec(r.ms),
          ]),
        ]),
      )
      const ratio = single.uploadedBytes / layered.uploadedBytes
      console.log(
        [
          '',
          'uploaded: bytes of the blobs the second release (after a one-file change) had to send;',
          'image: bytes of all its blobs. release (s): the second release, spawn to exit.',
          `one-layer/layered uploaded bytes: ${ratio.toFixed(1)}x.`,
          `layered uploads ${(layered.share * 100).toFixed(1)} % of the image (goal <= 5 %): ${layered.share <= 0.05 ? 'met' : 'NOT met'}`,
        ].join('\n'),
      )
    },
  )
}

runMain('incremental', main)
