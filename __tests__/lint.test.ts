import { describe, expect, it } from 'vitest'
import { applyPinPolicy, unpinnedBases, type Finding } from '../src/builders/lint.js'
import { UserError } from '../src/errors.js'
import type { Logger, WarningProperties } from '../src/logger.js'

const DIGEST = `sha256:${'a'.repeat(64)}`

const DOCKERFILE = [
  'ARG BASE=alpine:3',
  `FROM golang:1.22@${DIGEST} AS tools`,
  '# an unpinned builder stage, continued over two lines',
  'FROM --platform=$BUILDPLATFORM \\',
  '    golang:1.22 AS build',
  'RUN go build ./...',
  'FROM build AS test',
  'FROM scratch AS empty',
  'COPY --from=build /out /out',
  'FROM ${BASE}',
  'COPY --from=build /out /app',
].join('\n')

const dockerfile = { path: '/repo/app/Dockerfile', text: DOCKERFILE, displayPath: 'app/Dockerfile' }

function recordingLogger(): Logger & { warnings: [string, WarningProperties | undefined][] } {
  const warnings: [string, WarningProperties | undefined][] = []
  return {
    warnings,
    debug() {},
    info() {},
    warning(message, properties) {
      warnings.push([message, properties])
    },
    error() {},
    group: (_name, fn) => fn(),
  }
}

describe('unpinnedBases', () => {
  it('reports exactly the unpinned FROMs, with the line each instruction starts on', () => {
    const findings = unpinnedBases({ dockerfile, buildArgs: {} })
    expect(findings.map(({ file, line, image }) => ({ file, line, image }))).toEqual([
      { file: 'app/Dockerfile', line: 4, image: 'golang:1.22' },
      { file: 'app/Dockerfile', line: 10, image: 'alpine:3' },
    ])
    expect(findings[0]!.message).toContain('FROM golang:1.22 is not pinned by digest')
    expect(findings[0]!.message).toContain('FROM golang@sha256:<digest>')
    expect(findings[1]!.message).toContain('FROM alpine@sha256:<digest>')
  })

  it('substitutes build args for ARG defaults', () => {
    const overridden = unpinnedBases({ dockerfile, buildArgs: { BASE: 'debian:12' } })
    expect(overridden.map((f) => [f.line, f.image])).toEqual([
      [4, 'golang:1.22'],
      [10, 'debian:12'],
    ])
    const pinnedArg = unpinnedBases({ dockerfile, buildArgs: { BASE: `debian@${DIGEST}` } })
    expect(pinnedArg.map((f) => f.line)).toEqual([4])
  })

  it('reports a FROM whose variable has no value as written', () => {
    const findings = unpinnedBases({
      dockerfile: { ...dockerfile, text: 'FROM ${NOPE}\n' },
      buildArgs: {},
    })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ line: 1, image: '${NOPE}' })
    expect(findings[0]!.message).toContain('cannot be checked')
  })

  it('follows the escape directive and stage numbers', () => {
    const text = ['# escape=`', '', 'FROM `', '  node:20 AS a', 'FROM 0', 'FROM a'].join('\n')
    const findings = unpinnedBases({ dockerfile: { ...dockerfile, text }, buildArgs: {} })
    expect(findings.map((f) => [f.line, f.image])).toEqual([[3, 'node:20']])
  })

  it('checks the native base: unpinned, pinned, scratch, absent', () => {
    const unpinned = unpinnedBases({ base: 'ghcr.io/acme/base:1', buildArgs: {} })
    expect(unpinned).toHaveLength(1)
    expect(unpinned[0]!.file).toBeUndefined()
    expect(unpinned[0]!.line).toBeUndefined()
    expect(unpinned[0]!.image).toBe('ghcr.io/acme/base:1')
    expect(unpinned[0]!.message).toContain("input 'base'")
    expect(unpinned[0]!.message).toContain('ghcr.io/acme/base@sha256:<digest>')
    expect(unpinnedBases({ base: `ghcr.io/acme/base:1@${DIGEST}`, buildArgs: {} })).toEqual([])
    expect(unpinnedBases({ base: 'scratch', buildArgs: {} })).toEqual([])
    expect(unpinnedBases({ buildArgs: {} })).toEqual([])
  })
})

describe('applyPinPolicy', () => {
  const findings = (): Finding[] => [
    ...unpinnedBases({ dockerfile, buildArgs: {} }),
    ...unpinnedBases({ base: 'busybox:1', buildArgs: {} }),
  ]

  it('off: says nothing', () => {
    const logger = recordingLogger()
    applyPinPolicy(findings(), 'off', logger)
    expect(logger.warnings).toEqual([])
  })

  it('warn: one annotation per finding, naming file and line', () => {
    const logger = recordingLogger()
    applyPinPolicy(findings(), 'warn', logger)
    expect(logger.warnings.map(([, p]) => p)).toEqual([
      { file: 'app/Dockerfile', line: 4, title: 'Unpinned base image' },
      { file: 'app/Dockerfile', line: 10, title: 'Unpinned base image' },
      { title: 'Unpinned base image' },
    ])
    expect(logger.warnings[0]![0]).toContain('golang:1.22')
  })

  it('require: the same annotations, then an error naming pin-base', () => {
    const logger = recordingLogger()
    let error: unknown
    try {
      applyPinPolicy(findings(), 'require', logger)
    } catch (e) {
      error = e
    }
    expect(logger.warnings).toHaveLength(3)
    expect(logger.warnings[1]![1]).toEqual({
      file: 'app/Dockerfile',
      line: 10,
      title: 'Unpinned base image',
    })
    expect(error).toBeInstanceOf(UserError)
    const e = error as UserError
    expect(e.code).toBe('INPUT_INVALID')
    expect(e.input).toBe('pin-base')
    expect(e.message).toContain("input 'pin-base'")
    expect(e.message).toContain('3 base image(s) not pinned by digest')
    expect(e.message).toContain('golang:1.22 (app/Dockerfile:4)')
    expect(e.message).toContain('alpine:3 (app/Dockerfile:10)')
    expect(e.message).toContain("busybox:1 (input 'base')")
    expect(e.hint).toContain('@sha256:')
  })

  it('require with everything pinned: no error, no annotation', () => {
    const logger = recordingLogger()
    expect(() => applyPinPolicy([], 'require', logger)).not.toThrow()
    expect(logger.warnings).toEqual([])
  })
})
