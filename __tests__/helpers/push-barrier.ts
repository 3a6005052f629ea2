import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Installs a `pre-receive` hook in the bare repository `gitDir` that holds every push until the
 * whole round it belongs to has arrived, so racing writers collide at the ref update instead of
 * passing one by one. `rounds` are the number of pushes expected per round (for ten writers
 * that each try five times and one of whom wins each round: 10, 9, 8, 7, 6). A round that never
 * fills (a writer that gave up early) is let through after `maxPolls` polls 20 ms apart, so the
 * hook cannot hang a test; `arrivals()` reports how many pushes reached the hook.
 */
export function installPushBarrier(
  gitDir: string,
  rounds: number[],
  maxPolls = 500,
): { arrivals(): number } {
  const tickets = join(gitDir, 'barrier-tickets')
  mkdirSync(tickets)
  const script = join(gitDir, 'barrier.cjs')
  writeFileSync(
    script,
    `const fs = require('node:fs')
const path = require('node:path')
const dir = ${JSON.stringify(tickets)}
const rounds = ${JSON.stringify(rounds)}
let ticket = 0
for (;; ticket++) {
  try { fs.writeFileSync(path.join(dir, String(ticket)), '', { flag: 'wx' }); break } catch {}
}
let boundary = 0
for (const size of rounds) { boundary += size; if (ticket < boundary) break }
let polls = 0
const wait = () => {
  if (fs.readdirSync(dir).length >= boundary || ++polls > ${maxPolls}) process.exit(0)
  setTimeout(wait, 20)
}
wait()
`,
  )
  const hook = join(gitDir, 'hooks', 'pre-receive')
  writeFileSync(
    hook,
    `#!/bin/sh\ncat >/dev/null\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)}\n`,
  )
  chmodSync(hook, 0o755)
  return { arrivals: () => readdirSync(tickets).length }
}
