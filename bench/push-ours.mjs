// One push with our client, in a process of its own so that its time includes Node's start-up and
// module loading, as skopeo's includes its own. Run by bench/push.mjs:
//   node bench/push-ours.mjs '{"build":"/tmp/ir-build-x","layout":".bench/push-layout","host":"127.0.0.1:5000",
//                              "repository":"bench/ours-1","tag":"bench","chunkSize":16777216,"concurrency":4}'
// Prints one JSON line: { loadMs, copyMs, stats, digest }.

import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const job = JSON.parse(process.argv[2] ?? '{}')
const started = performance.now()
const oci = await import(pathToFileURL(join(job.build, 'src', 'oci', 'index.js')).href)
const loaded = performance.now()

const src = await oci.LayoutStore.open(job.layout)
const dst = new oci.RegistryStore(
  job.host,
  job.repository,
  job.chunkSize ? { chunkSize: job.chunkSize } : {},
)
const options = { tags: [job.tag] }
if (job.concurrency) options.concurrency = job.concurrency
const result = await oci.copyImage(src, dst, job.tag, options)
const done = performance.now()
oci.closeIdleConnections()

process.stdout.write(
  JSON.stringify({
    loadMs: loaded - started,
    copyMs: done - loaded,
    stats: result.stats,
    digest: result.descriptor.digest,
  }) + '\n',
)
