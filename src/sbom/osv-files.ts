/**
 * OSV advisories from local files, for offline scans: a folder of `.json` files (searched
 * recursively) or a zip of them, such as the per-ecosystem `all.zip` osv.dev publishes
 * (https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import yauzl from 'yauzl'
import { UserError } from '../errors.js'
import type { AdvisoryIndex } from './osv.js'

export interface LoadReport {
  /** Advisories added to the index. */
  added: number
  /** Files that are not OSV JSON (unreadable, or no id and affected list). */
  skipped: string[]
}

/** Files read at once from a folder: enough to keep the disk busy, few enough for the fd limit. */
const CONCURRENCY = 32

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

async function loadFolder(dir: string, index: AdvisoryIndex): Promise<LoadReport> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.json')).sort()
  const report: LoadReport = { added: 0, skipped: [] }
  let next = 0
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!
      if (index.add(parse(await readFile(join(dir, name), 'utf8')))) report.added++
      else report.skipped.push(name)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return report
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  )
}

async function loadZip(path: string, index: AdvisoryIndex): Promise<LoadReport> {
  const zip = await openZip(path)
  const report: LoadReport = { added: 0, skipped: [] }
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    zip.on('end', () => resolve())
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('.json')) return zip.readEntry()
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err)
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('error', reject)
        stream.on('end', () => {
          if (index.add(parse(Buffer.concat(chunks).toString('utf8')))) report.added++
          else report.skipped.push(entry.fileName)
          zip.readEntry()
        })
      })
    })
    zip.readEntry()
  })
  return report
}

/** Adds the advisories of a folder or zip (`where`, as the input gave it) to the index. */
export async function loadAdvisoryFiles(
  path: string,
  where: string,
  index: AdvisoryIndex,
): Promise<LoadReport> {
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    throw new UserError('INPUT_INVALID', `${where} does not exist`, {
      input: 'advisories',
      valid: 'an https:// URL of the OSV API, a folder of OSV .json files, or a .zip of them',
    })
  }
  try {
    return info.isDirectory() ? await loadFolder(path, index) : await loadZip(path, index)
  } catch (e) {
    throw new UserError('INPUT_INVALID', `${where} could not be read: ${(e as Error).message}`, {
      input: 'advisories',
      valid: 'a folder of OSV .json files, or a .zip of them (osv.dev all.zip)',
      cause: e,
    })
  }
}
