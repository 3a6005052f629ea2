/**
 * Progress of long work (files read, bytes compressed, bytes uploaded): a live line on a
 * terminal, and at most one line every few seconds where lines are kept (Actions logs, pipes).
 * Work reports through `progressOf(logger, task)`; a logger that has no progress of its own gets
 * the throttled lines through `info`.
 */
import type { Logger, Progress } from './logger.js'

export type { Progress }

/** Where lines are kept, one line every 5 s at most. */
export const LINE_INTERVAL_MS = 5000
/** A live line is redrawn at most this often. */
export const LIVE_INTERVAL_MS = 100

export interface ProgressOptions {
  now?: () => number
  intervalMs?: number
}

/** Lines through `write`, at most one per interval; the first update waits one interval. */
export function throttledProgress(
  task: string,
  write: (line: string) => void,
  options: ProgressOptions = {},
): Progress {
  const now = options.now ?? (() => performance.now())
  const interval = options.intervalMs ?? LINE_INTERVAL_MS
  let last = now()
  let latest: string | undefined
  let shown: string | undefined
  let ended = false
  return {
    update(text) {
      if (ended) return
      latest = text
      if (now() - last < interval) return
      last = now()
      shown = text
      write(`${task}: ${text}`)
    },
    done(text) {
      if (ended) return
      ended = true
      const final = text ?? latest
      // Quiet work that ended within one interval says nothing more than its result.
      if (final !== undefined && final !== shown) write(`${task}: ${final}`)
    },
  }
}

/** One line redrawn in place with a carriage return; the final text ends it with a newline. */
export function liveProgress(
  task: string,
  stream: NodeJS.WritableStream,
  options: ProgressOptions = {},
): Progress {
  let drawn = false
  const lines = throttledProgress(
    task,
    (line) => {
      drawn = true
      stream.write(`\r${line}\x1b[K`)
    },
    { intervalMs: LIVE_INTERVAL_MS, ...options },
  )
  return {
    update: (text) => lines.update(text),
    done(text) {
      lines.done(text)
      if (drawn) stream.write('\n')
    },
  }
}

export function progressOf(logger: Logger, task: string, options: ProgressOptions = {}): Progress {
  return logger.progress?.(task) ?? throttledProgress(task, (line) => logger.info(line), options)
}

/**
 * Bytes (and files, blobs…) read or written, with the rate since the start, as progress text:
 * "30 files, 3.00 MiB read (1.50 MiB/s)".
 */
export function byteCounter(
  progress: Progress,
  verb: string,
  options: { now?: () => number; items?: string } = {},
) {
  const now = options.now ?? (() => performance.now())
  const items = options.items ?? 'files'
  const started = now()
  let bytes = 0
  let count = 0
  const text = () => {
    const seconds = (now() - started) / 1000
    const rate = seconds > 0 ? ` (${formatBytes(bytes / seconds)}/s)` : ''
    return `${count > 0 ? `${count} ${items}, ` : ''}${formatBytes(bytes)} ${verb}${rate}`
  }
  return {
    add(byteCount: number, itemCount = 0) {
      bytes += byteCount
      count += itemCount
      progress.update(text())
    },
    done: () => progress.done(text()),
  }
}

/** 1023 B, 1.50 KiB, 12.3 MiB, 1.02 GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0
  return `${value.toFixed(digits)} ${units[unit]}`
}
