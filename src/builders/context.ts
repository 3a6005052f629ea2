import type { Dirent, Stats } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ReleaseError, UserError } from '../errors.js'
import { cleanPath, compileIgnore, type IgnoreMatcher } from './ignore.js'

export interface LayerEntry {
  /** Path inside the image, posix, relative, no leading '/' or './' (e.g. 'app/bin/run'). */
  path: string
  type: 'file' | 'dir' | 'symlink'
  /** Normalised: dirs 0o755; files 0o644, or 0o755 when any execute bit is set (as git stores them); symlinks 0o777. */
  mode: number
  size: number
  /** Absolute path on disk of a file's content. */
  source?: string
  linkTarget?: string
}

export interface ContextOptions {
  /** Ignore file; a relative path is taken from `dir`. Default: `<dir>/.dockerignore` if present. */
  ignoreFile?: string
  /** When non-empty, only paths matching one of these (and the folders leading to them) are kept. */
  include: string[]
  /** More ignore patterns, applied after the ignore file's (so they win). */
  exclude: string[]
  /** Folder inside the image the context lands in, e.g. '/app' or '/'. */
  destination: string
}

const DIR_MODE = 0o755
const FILE_MODE = 0o644
const EXEC_MODE = 0o755
const LINK_MODE = 0o777

/**
 * The files of a build context as layer entries: filtered like `docker build` filters its
 * context, with the metadata that must not leak into the image (owners, times, umask) dropped,
 * and sorted so that the same tree always gives the same list.
 */
export async function collectContext(dir: string, options: ContextOptions): Promise<LayerEntry[]> {
  const root = resolve(dir)
  const destination = normaliseDestination(options.destination)
  const rootStats = await lstat(root).catch((cause: unknown) => {
    throw new UserError('CONTEXT_INVALID', `cannot read ${root}`, { input: 'context', cause })
  })
  if (!rootStats.isDirectory()) {
    throw new UserError('CONTEXT_INVALID', `${root} is not a folder`, { input: 'context' })
  }

  const ignore = await loadIgnore(root, options)
  // "Matched" means "kept" here; '!' lines drop paths again, as they would in an ignore file.
  const include =
    options.include.length > 0 ? compileOrThrow(options.include, 'include') : undefined

  const found: LayerEntry[] = []
  const walk = async (relDir: string): Promise<void> => {
    const absDir = relDir === '' ? root : join(root, relDir)
    let children: Dirent[]
    try {
      children = await readdir(absDir, { withFileTypes: true })
    } catch (cause) {
      throw new UserError('CONTEXT_INVALID', `cannot read folder '${relDir}'`, {
        input: 'context',
        cause,
      })
    }
    for (const child of children) {
      // Repository metadata is never image content, at any depth (nested clones, submodules).
      if (child.name === '.git') continue
      const rel = relDir === '' ? child.name : `${relDir}/${child.name}`
      const abs = join(absDir, child.name)
      // readdir's type comes from lstat-like d_type: a symlink to a folder is not a folder here.
      const isDir = child.isDirectory()
      const ignored = ignore(rel, isDir)
      const included = include === undefined || include(rel, isDir)
      if (isDir) {
        if (included && !ignored) {
          found.push({ path: rel, type: 'dir', mode: DIR_MODE, size: 0 })
          await walk(rel)
        } else if (
          (!ignored || ignore.mayReincludeBelow(rel)) &&
          (included || include === undefined || include.mayMatchBelow(rel))
        ) {
          // Not kept itself, but something below may be; its folder entry is added then.
          await walk(rel)
        }
        continue
      }
      if (ignored || !included) continue
      const stats = await lstatEntry(abs, rel)
      if (stats.isFile()) {
        found.push({
          path: rel,
          type: 'file',
          mode: stats.mode & 0o111 ? EXEC_MODE : FILE_MODE,
          size: stats.size,
          source: abs,
        })
      } else if (stats.isSymbolicLink()) {
        const linkTarget = await readlink(abs)
        found.push({ path: rel, type: 'symlink', mode: LINK_MODE, size: 0, linkTarget })
      } else {
        throw new UserError(
          'CONTEXT_INVALID',
          `'${rel}' is a ${specialKind(stats)}, which cannot go into an image layer`,
          {
            input: 'context',
            hint: `remove it from the context folder or add '${rel}' to the ignore file or the exclude input`,
          },
        )
      }
    }
  }
  await walk('')

  return finish(found, destination)
}

/** Prefixes the destination, adds every missing parent folder once and sorts. */
function finish(found: LayerEntry[], destination: string): LayerEntry[] {
  const byPath = new Map<string, LayerEntry>()
  const addDir = (path: string): void => {
    if (!byPath.has(path)) byPath.set(path, { path, type: 'dir', mode: DIR_MODE, size: 0 })
  }
  const destParts = destination === '' ? [] : destination.split('/')
  for (let i = 1; i <= destParts.length; i++) addDir(destParts.slice(0, i).join('/'))
  for (const entry of found) {
    const path = destination === '' ? entry.path : `${destination}/${entry.path}`
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
      addDir(path.slice(0, i))
    }
    // A folder may have been added as some earlier entry's parent; the walked one is the same.
    byPath.set(path, { ...entry, path })
  }
  return sortEntries([...byPath.values()])
}

/**
 * Byte-wise by path component, so a folder comes right before its contents: 'a', 'a/b', 'a-b'
 * (a plain string sort would put 'a-b' between 'a' and 'a/b', as '-' < '/').
 */
export function sortEntries(entries: LayerEntry[]): LayerEntry[] {
  const keyed = entries.map((entry) => ({
    entry,
    key: entry.path.split('/').map((c) => Buffer.from(c, 'utf8')),
  }))
  keyed.sort((a, b) => {
    const n = Math.min(a.key.length, b.key.length)
    for (let i = 0; i < n; i++) {
      const order = Buffer.compare(a.key[i] as Buffer, b.key[i] as Buffer)
      if (order !== 0) return order
    }
    return a.key.length - b.key.length
  })
  return keyed.map((k) => k.entry)
}

/** Rooted, so '..' stops at the image root as it does in a path lookup; '' is the root. */
function normaliseDestination(value: string): string {
  return cleanPath(`/${value.trim()}`).slice(1)
}

async function loadIgnore(root: string, options: ContextOptions): Promise<IgnoreMatcher> {
  const file =
    options.ignoreFile === undefined
      ? join(root, '.dockerignore')
      : resolve(root, options.ignoreFile)
  let lines: string[] = []
  try {
    lines = (await readFile(file, 'utf8')).split(/\r?\n/)
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    if (!missing || options.ignoreFile !== undefined) {
      throw new UserError('CONTEXT_INVALID', `cannot read the ignore file ${file}`, {
        input: 'context',
        cause,
      })
    }
  }
  // Compiled apart first only so that a bad pattern is blamed on where it was written.
  compileOrThrow(lines, 'context', `in ${file}`)
  compileOrThrow(options.exclude, 'exclude')
  return compileIgnore([...lines, ...options.exclude])
}

function compileOrThrow(lines: string[], input: string, where?: string): IgnoreMatcher {
  try {
    return compileIgnore(lines)
  } catch (e) {
    if (!(e instanceof ReleaseError)) throw e
    const message = where === undefined ? e.message : `${e.message} ${where}`
    throw new UserError(e.code, message, { input, hint: e.hint, cause: e.cause })
  }
}

async function lstatEntry(abs: string, rel: string): Promise<Stats> {
  try {
    return await lstat(abs)
  } catch (cause) {
    throw new UserError('CONTEXT_INVALID', `cannot read '${rel}'`, {
      input: 'context',
      hint: 'a file that vanished during the build, or a name that is not valid UTF-8',
      cause,
    })
  }
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (fifo)'
  if (stats.isSocket()) return 'socket'
  if (stats.isCharacterDevice()) return 'character device'
  if (stats.isBlockDevice()) return 'block device'
  return 'special file'
}
