/**
 * The logging port: domain code logs through this, so the action (github/actions-io.ts), the CLI
 * (consoleLogger) and tests (nullLogger) each decide where the words go.
 */
import { escapeLog } from './log-escape.js'

export interface WarningProperties {
  file?: string
  line?: number
  title?: string
}

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string, properties?: WarningProperties): void
  error(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /**
   * Progress of long work (see progress.ts, whose `progressOf` callers use): a logger that can
   * redraw a live line returns it; without one, throttled `info` lines stand in.
   */
  progress?(task: string): Progress | undefined
}

/** One task's progress: `update` as often as convenient, `done` once. */
export interface Progress {
  update(text: string): void
  done(text?: string): void
}

export interface ConsoleLogger extends Logger {
  /** Replaces these values with `***` in everything logged from now on, as the runner's masks do. */
  addSecrets(values: readonly string[]): void
}

/**
 * The CLI's logger. Everything goes to stderr by default, so that stdout carries only outputs and
 * can be piped.
 */
export function consoleLogger(
  options: { debug?: boolean; stream?: NodeJS.WritableStream } = {},
): ConsoleLogger {
  const stream = options.stream ?? process.stderr
  const secrets: string[] = []
  const write = (text: string) => {
    let out = text
    for (const secret of secrets) out = out.split(secret).join('***')
    // After masking, so that a secret is matched as the user gave it.
    stream.write(`${escapeLog(out, 'terminal')}\n`)
  }
  return {
    addSecrets(values) {
      for (const value of values) if (value !== '' && !secrets.includes(value)) secrets.push(value)
      // Longest first, so that a secret containing another is replaced whole.
      secrets.sort((a, b) => b.length - a.length)
    },
    debug(message) {
      if (options.debug) write(`debug: ${message}`)
    },
    info(message) {
      write(message)
    },
    warning(message, properties = {}) {
      const where = properties.file
        ? `${properties.file}${properties.line === undefined ? '' : `:${properties.line}`}: `
        : ''
      const title = properties.title ? `${properties.title}: ` : ''
      write(`warning: ${where}${title}${message}`)
    },
    error(message) {
      write(`error: ${message}`)
    },
    async group(name, fn) {
      write(`== ${name} ==`)
      const start = performance.now()
      const elapsed = () => `${((performance.now() - start) / 1000).toFixed(1)}s`
      try {
        const result = await fn()
        write(`== ${name}: done in ${elapsed()} ==`)
        return result
      } catch (e) {
        write(`== ${name}: failed after ${elapsed()} ==`)
        throw e
      }
    },
  }
}

/** Swallows everything; groups still run their function. */
export const nullLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warning() {},
  error() {},
  group: <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn(),
})
