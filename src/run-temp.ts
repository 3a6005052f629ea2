/**
 * One temp folder per run. Builds, ledger clones and check plans put hundreds of MB under the
 * temp folder; a run killed by a cancelled job or Ctrl-C must not leave them there. Everything a
 * command writes to temp goes below this folder, which is removed when the run ends, on SIGINT,
 * SIGTERM and SIGHUP, and, for runs killed outright (SIGKILL, a lost runner), by the next run:
 * per-run folders older than a day are swept at start.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

export const RUN_FOLDER_PREFIX = 'immutable-release-run-'
const STALE_MS = 24 * 60 * 60 * 1000
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Run folders of this process that are still in use: one set of handlers removes them all. */
const live = new Set<string>()

const removeLive = (): void => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true })
}

const onSignal = (signal: NodeJS.Signals): void => {
  removeLive()
  detach()
  // With our listener gone, the signal's default action (exit) applies, with its exit code.
  process.kill(process.pid, signal)
}

// Attached while a run folder is live, however many commands run at once in one process.
function attach(): void {
  for (const s of SIGNALS) process.on(s, onSignal)
  process.on('exit', removeLive)
}

function detach(): void {
  for (const s of SIGNALS) process.off(s, onSignal)
  process.off('exit', removeLive)
}

export async function withRunFolder<T>(
  base: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  await sweepStaleRunFolders(base)
  const dir = await mkdtemp(join(base, RUN_FOLDER_PREFIX))
  if (live.size === 0) attach()
  live.add(dir)
  try {
    return await work(dir)
  } finally {
    live.delete(dir)
    if (live.size === 0) detach()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Removes per-run folders under `base` not touched for a day: their runs were killed. */
export async function sweepStaleRunFolders(base: string, now = Date.now()): Promise<void> {
  const names = await readdir(base).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(RUN_FOLDER_PREFIX)) continue
    const path = join(base, name)
    const s = await stat(path).catch(() => undefined)
    if (s?.isDirectory() && now - s.mtimeMs > STALE_MS) {
      await rm(path, { recursive: true, force: true }).catch(() => undefined)
    }
  }
}
