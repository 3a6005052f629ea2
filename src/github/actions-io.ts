/**
 * The only module that imports @actions/core: the logger adapter, outputs, masks and the job
 * summary. Everything else takes a Logger and returns plain values.
 */
import * as core from '@actions/core'
import { EOL } from 'node:os'
import { escapeLog } from '../log-escape.js'
import type { Logger } from '../logger.js'

/** GitHub drops a step summary over 1 MiB whole; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 900 * 1024

/**
 * Writes the workflow commands itself rather than through core.info and friends: core.info passes
 * text through untouched, and every line of a message may carry a reason, a tag or a registry's
 * answer. Each piece goes through escapeLog, the one function that decides what the runner sees.
 */
export function actionsLogger(
  write: (text: string) => void = (t) => process.stdout.write(t),
): Logger {
  const command = (name: string, message: string, properties: Record<string, unknown> = {}) => {
    const props = Object.entries(properties)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${escapeLog(String(v), 'property')}`)
      .join(',')
    write(`::${name}${props ? ` ${props}` : ''}::${escapeLog(message, 'data')}${EOL}`)
  }
  return {
    debug: (message) => command('debug', message),
    info: (message) => write(`${escapeLog(message, 'line')}${EOL}`),
    warning: (message, properties = {}) =>
      command('warning', message, {
        file: properties.file,
        line: properties.line,
        title: properties.title,
      }),
    error: (message) => command('error', message),
    group: async (name, fn) => {
      command('group', name)
      try {
        return await fn()
      } finally {
        command('endgroup', '')
      }
    },
  }
}

export function writeOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

export function maskSecrets(values: readonly string[]): void {
  for (const value of values) if (value !== '') core.setSecret(value)
}

/** Best effort: a summary that cannot be written is a warning, never a failed release. */
export async function appendSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(capSummary(markdown), true).write()
  } catch (e) {
    core.summary.emptyBuffer()
    core.warning(`could not write the job summary: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** Cuts at a line boundary under the limit, closes an open code fence, and says it was cut. */
export function capSummary(markdown: string, limit = SUMMARY_LIMIT_BYTES): string {
  if (Buffer.byteLength(markdown) <= limit) return markdown
  const note = `\n\n> **Note:** this summary was cut at ${Math.floor(limit / 1024)} KiB; GitHub drops summaries over 1 MiB.\n`
  const room = limit - Buffer.byteLength(note) - 4
  // Decoding a byte prefix may split a character: drop the replacement character it leaves.
  let text = Buffer.from(markdown)
    .subarray(0, Math.max(0, room))
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const newline = text.lastIndexOf('\n')
  if (newline > 0) text = text.slice(0, newline)
  const fences = text.match(/^\s*```/gm)?.length ?? 0
  if (fences % 2 === 1) text += '\n```'
  return `${text}${note}`
}
