import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

// The registry tests shell out to real tools; the hint tells a developer what to apt-get.
const DEBIAN_PACKAGES: Record<string, string> = {
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  skopeo: 'skopeo',
  umoci: 'umoci',
  buildah: 'buildah',
  git: 'git',
  tar: 'tar',
  gzip: 'gzip',
}

export function haveTool(name: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      if (!statSync(candidate).isFile()) continue
      accessSync(candidate, constants.X_OK)
      return true
    } catch {
      // Not in this PATH entry; keep looking.
    }
  }
  return false
}

function isCi(): boolean {
  const value = process.env.CI
  // Some tools export CI=false to opt out; treat that like "not CI" rather than failing loudly.
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

/**
 * True when every tool is on PATH. On CI a missing tool throws, so a misconfigured runner cannot
 * turn integration tests into silent skips; locally the caller skips with `describe.skipIf(!ok)`.
 */
export function needTools(...names: string[]): boolean {
  const missing = names.filter((name) => !haveTool(name))
  if (missing.length === 0) return true
  const hint = missing
    .map(
      (name) =>
        `${name} (apt-get install ${DEBIAN_PACKAGES[name] ?? `<package providing ${name}>`})`,
    )
    .join(', ')
  if (isCi()) {
    throw new Error(`Required test tools missing on CI: ${hint}`)
  }
  process.stderr.write(`Skipping tests: missing ${hint}\n`)
  return false
}
