/**
 * Application dependencies: npm packages (an installed `node_modules/<name>/package.json`, or
 * a `package-lock.json` v2/v3) and Python distributions (`*.dist-info/METADATA`).
 */
import type { FoundPackage } from './package.js'

/** `node_modules/[@scope/]<name>/package.json`, at any depth. */
export const NODE_PACKAGE_JSON = /(^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/
export const DIST_INFO_METADATA = /(^|\/)[^/]+\.dist-info\/METADATA$/

/** `@scope/name` into purl's namespace and name. */
function npmName(full: string): { namespace?: string; name: string } {
  const slash = full.indexOf('/')
  return full.startsWith('@') && slash > 0
    ? { namespace: full.slice(0, slash), name: full.slice(slash + 1) }
    : { name: full }
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''))
  } catch {
    return undefined
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function npmLicenses(license: unknown): string[] | undefined {
  if (typeof license === 'string' && license) return [license]
  if (isObject(license) && typeof license.type === 'string') return [license.type]
  return undefined
}

/** An installed package's own package.json; undefined when it names no name and version. */
export function parseInstalledPackageJson(
  data: Buffer,
  path: string,
  layer: string,
): FoundPackage | undefined {
  const json = parseJson(data)
  if (!isObject(json) || typeof json.name !== 'string' || typeof json.version !== 'string')
    return undefined
  if (!json.name || !json.version) return undefined
  return {
    type: 'npm',
    ...npmName(json.name),
    version: json.version,
    licenses: npmLicenses(json.license),
    path,
    layer,
  }
}

export class LockfileError extends Error {}

/**
 * The packages of a `package-lock.json` (or `npm-shrinkwrap.json`) of lockfileVersion 2 or 3:
 * the `packages` map, keyed by install path. The root project (key ""), linked workspace
 * folders and entries without a version are left out. Version 1 lockfiles have no such map:
 * they are refused with a message saying so.
 */
export function parsePackageLock(data: Buffer, path: string): FoundPackage[] {
  const json = parseJson(data)
  if (!isObject(json)) throw new LockfileError(`${path} is not JSON`)
  const version = json.lockfileVersion
  if (version !== 2 && version !== 3) {
    throw new LockfileError(
      `${path} has lockfileVersion ${JSON.stringify(version)}; ` +
        'only 2 and 3 are read (npm 7 and later write them)',
    )
  }
  const packages = isObject(json.packages) ? json.packages : {}
  const out: FoundPackage[] = []
  for (const [key, value] of Object.entries(packages)) {
    const at = key.lastIndexOf('node_modules/')
    if (at < 0 || !isObject(value) || value.link === true) continue
    if (typeof value.version !== 'string' || !value.version) continue
    // An alias (`"x": "npm:y@1"`) installs y under x's folder: `name` says which package it is.
    const full =
      typeof value.name === 'string' ? value.name : key.slice(at + 'node_modules/'.length)
    out.push({
      type: 'npm',
      ...npmName(full),
      version: value.version,
      licenses: npmLicenses(value.license),
      ...(value.dev === true ? { dev: true } : {}),
      path,
    })
  }
  return out
}

/** Core metadata (PEP 566): the headers before the first blank line; Name and Version. */
export function parseDistInfoMetadata(
  data: Buffer,
  path: string,
  layer: string,
): FoundPackage | undefined {
  const head = data.toString('utf8').split(/\r?\n\r?\n/, 1)[0]!
  const fields: Record<string, string> = {}
  for (const line of head.split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line)
    if (m && !(m[1]!.toLowerCase() in fields)) fields[m[1]!.toLowerCase()] = m[2]!.trim()
  }
  if (!fields.name || !fields.version) return undefined
  const license = fields['license-expression'] || fields.license
  return {
    type: 'pypi',
    name: fields.name,
    version: fields.version,
    licenses: license && license !== 'UNKNOWN' ? [license] : undefined,
    path,
    layer,
  }
}
