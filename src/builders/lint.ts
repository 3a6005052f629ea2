/**
 * Immutability lint: base images that are not pinned by digest. A tag can be moved, so a build
 * that starts from one is not reproducible; `pin-base` decides whether that is a warning
 * (annotated on the Dockerfile line) or an error.
 */
import { UserError } from '../errors.js'
import type { Logger } from '../logger.js'
import { parseReference } from '../oci/reference.js'

export interface Finding {
  /** Path relative to the working folder, as GitHub annotations want. */
  file?: string
  /** 1-based line of the instruction (its first line when continued). */
  line?: number
  image: string
  message: string
}

export type PinMode = 'off' | 'warn' | 'require'

import { walkDockerfile } from './dockerfile.js'

const TITLE = 'Unpinned base image'

/** True when the reference carries a sha256 digest. */
function pinned(image: string): boolean {
  try {
    return parseReference(image, 'base').digest?.startsWith('sha256:') ?? false
  } catch {
    return /@sha256:[0-9a-f]{64}$/.test(image)
  }
}

const fix = (image: string): string => {
  let name = image
  try {
    const ref = parseReference(image, 'base')
    name = image.slice(0, image.length - (ref.tag ? ref.tag.length + 1 : 0))
  } catch {
    // Keep the text as written.
  }
  return `${name}@sha256:<digest>`
}

/**
 * The base images not pinned by digest: every Dockerfile FROM that names an image (not
 * `scratch`, not an earlier stage) without `@sha256:`, with its line; and the native builder's
 * `base` input. A FROM whose variables cannot be resolved is reported as written.
 */
export function unpinnedBases(options: {
  dockerfile?: { path: string; text: string; displayPath: string }
  base?: string
  buildArgs: Record<string, string>
}): Finding[] {
  const findings: Finding[] = []
  const { dockerfile, base, buildArgs } = options
  if (dockerfile) {
    const stages: (string | undefined)[] = []
    const isStage = (name: string): boolean =>
      (/^\d+$/.test(name) && Number(name) < stages.length) || stages.includes(name.toLowerCase())
    for (const { line, written, image, stage } of walkDockerfile(dockerfile.text, buildArgs)
      .froms) {
      if (written !== undefined) {
        const shown = image ?? written
        if (shown !== 'scratch' && !isStage(shown) && !pinned(shown)) {
          const unresolved =
            image === undefined ? ' (a variable in it has no value, so it cannot be checked)' : ''
          findings.push({
            file: dockerfile.displayPath,
            line,
            image: shown,
            message:
              `FROM ${shown} is not pinned by digest${unresolved}; the tag can move, so the ` +
              `build is not reproducible. Pin it: FROM ${fix(shown)}`,
          })
        }
      }
      stages.push(stage)
    }
  }
  // An `oci:` layout is a local folder, not a registry tag that can move under the build.
  if (base && base !== 'scratch' && !base.startsWith('oci:') && !pinned(base)) {
    findings.push({
      image: base,
      message:
        `input 'base' ${base} is not pinned by digest; the tag can move, so the build is not ` +
        `reproducible. Pin it: base: ${fix(base)}`,
    })
  }
  return findings
}

/** Reports the findings as `pin-base` asks: nothing, annotations, or annotations then an error. */
export function applyPinPolicy(findings: Finding[], mode: PinMode, logger: Logger): void {
  if (mode === 'off' || findings.length === 0) return
  for (const f of findings) {
    logger.warning(f.message, {
      ...(f.file === undefined ? {} : { file: f.file }),
      ...(f.line === undefined ? {} : { line: f.line }),
      title: TITLE,
    })
  }
  if (mode === 'require') {
    const where = (f: Finding): string =>
      f.file === undefined ? `${f.image} (input 'base')` : `${f.image} (${f.file}:${f.line})`
    throw new UserError(
      'INPUT_INVALID',
      `${findings.length} base image(s) not pinned by digest: ${findings.map(where).join(', ')}`,
      {
        input: 'pin-base',
        valid: 'pin each FROM / base by digest (image@sha256:…), or pin-base: warn',
        hint:
          'find the digest with `docker buildx imagetools inspect IMAGE` (or `crane digest ' +
          'IMAGE`) and write FROM image@sha256:<digest>; set pin-base: warn to only annotate',
      },
    )
  }
}
