/**
 * Findings as SARIF 2.1.0, the format github/codeql-action/upload-sarif takes: one rule per
 * advisory, one result per finding, located at the file in the image that lists the package.
 * Code scanning reads `security-severity` (a CVSS score) to rank security results.
 */
import pkg from '../../package.json' with { type: 'json' }
import type { Finding } from './osv.js'
import type { Severity } from './severity.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  unknown: 'warning',
}

/** A score for severities known only by label: the middle of the CVSS band. */
const LABEL_SCORE: Record<Severity, number | undefined> = {
  critical: 9.5,
  high: 8,
  medium: 5.5,
  low: 2,
  unknown: undefined,
}

export interface SarifSubject {
  /** What the image is to the reader: an environment, or the reference scanned. */
  label: string
  /** `repository@sha256:…` */
  image: string
  findings: (Finding & { wayOut?: string })[]
}

export function sarifLog(subjects: SarifSubject[]): Record<string, unknown> {
  const rules = new Map<string, Record<string, unknown>>()
  const results: Record<string, unknown>[] = []
  for (const s of subjects) {
    for (const f of s.findings) {
      const score = f.score ?? LABEL_SCORE[f.severity]
      if (!rules.has(f.id)) {
        rules.set(f.id, {
          id: f.id,
          name: f.id.replace(/[^A-Za-z0-9]/g, ''),
          shortDescription: { text: f.summary ?? `${f.id} in ${f.advisoryPackage}` },
          helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`,
          help: { text: [f.id, ...f.aliases].join(', ') },
          defaultConfiguration: { level: LEVEL[f.severity] },
          properties: {
            tags: ['security', 'vulnerability'],
            ...(score !== undefined ? { 'security-severity': score.toFixed(1) } : {}),
          },
        })
      }
      const fix = f.fixed ? `fixed in ${f.fixed}` : 'no fixed version published'
      results.push({
        ruleId: f.id,
        level: LEVEL[f.severity],
        message: {
          text:
            `${s.label}: ${f.package} ${f.installed} in ${s.image} is affected by ${f.id}` +
            `${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''}, ${f.severity}; ${fix}` +
            `${f.wayOut ? `. ${f.wayOut}` : ''}`,
        },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: f.paths[0] ?? f.purl } },
            logicalLocations: [{ name: f.purl, kind: 'package' }],
          },
        ],
        partialFingerprints: { packageAdvisory: `${s.label}|${f.purl}|${f.id}` },
      })
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: pkg.name,
            version: pkg.version,
            informationUri: 'https://osv.dev',
            rules: [...rules.values()],
          },
        },
        results,
      },
    ],
  }
}
