// Resident memory while streaming: a layer written from a large file, and a large blob pushed in
// chunks. The tests count the chunks and streams instead (layer.test.ts, registry-memory.test.ts);
// what they cannot say without measuring, how much memory that costs, is measured here.
//   node bench/memory.mjs [--quick]
// Prints, for each case, the data size and how much the process's resident set grew (sampled
// every 5 ms), and their ratio: streaming keeps the growth flat while the size grows.

import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileSources } from './compile.mjs'
import {
  MiB,
  parseFlags,
  QUICK_HELP,
  runMain,
  startBenchRegistry,
  table,
  usageExit,
} from './lib.mjs'

const USAGE = `usage: node bench/memory.mjs [--quick]\n${QUICK_HELP}`

/** Runs `work` while sampling resident memory; returns the growth over the baseline in MiB. */
async function rssGrowth(work) {
  globalThis.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  peak = Math.max(peak, process.memoryUsage().rss)
  return (peak - baseline) / MiB
}

async function bigFile(path, mib) {
  for (let i = 0; i < mib; i++) await appendFile(path, randomBytes(MiB))
}

async function main() {
  let quick = false
  parseFlags(process.argv.slice(2), { '--quick': () => (quick = true) }, (message) =>
    usageExit(USAGE, message),
  )
  const sizes = quick ? [16, 64] : [64, 256]
  const build = await compileSources()
  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-memory-'))
  const registry = await startBenchRegistry()
  try {
    const { collectContext } = await import(
      pathToFileURL(join(build.src, 'builders', 'context.js')).href
    )
    const { writeLayer } = await import(pathToFileURL(join(build.src, 'builders', 'layer.js')).href)
    const oci = await import(pathToFileURL(join(build.src, 'oci', 'index.js')).href)
    const rows = [['case', 'size MiB', 'RSS growth MiB', 'growth / size']]
    for (const mib of sizes) {
      const dir = join(scratch, `ctx-${mib}`)
      await mkdir(dir)
      await bigFile(join(dir, 'big.bin'), mib)
      const entries = await collectContext(dir, { include: [], exclude: [], destination: '/' })
      const grew = await rssGrowth(() =>
        writeLayer(entries, { mtime: 1_700_000_000, outFile: join(scratch, `layer-${mib}.tgz`) }),
      )
      rows.push([`writeLayer of one file`, String(mib), grew.toFixed(1), (grew / mib).toFixed(3)])

      const path = join(dir, 'big.bin')
      const hash = createHash('sha256')
      for await (const chunk of createReadStream(path)) hash.update(chunk)
      const size = mib * MiB
      const source = {
        digest: `sha256:${hash.digest('hex')}`,
        size,
        open: async (start = 0, end = size) => createReadStream(path, { start, end: end - 1 }),
      }
      const store = new oci.RegistryStore(registry.host, `bench/memory-${mib}`, {
        chunkSize: 8 * MiB,
      })
      const pushed = await rssGrowth(() => store.putBlob(source))
      rows.push([
        `putBlob, 8 MiB chunks`,
        String(mib),
        pushed.toFixed(1),
        (pushed / mib).toFixed(3),
      ])
    }
    oci.closeIdleConnections()
    process.stdout.write(`${table(rows)}\n`)
  } finally {
    await registry.stop()
    await build.cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
}

runMain('memory', main)
