/**
 * An advisory's severity: its CVSS v4 or v3 vector scored by ae-cvss-calculator (the vector, not
 * a label someone derived from it, is what OSV records), else the database's own label (GitHub's
 * `database_specific.severity`, Debian's `urgency`, Ubuntu's priority).
 */
import cvss from 'ae-cvss-calculator'

export const SEVERITIES = ['unknown', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s)

/** CVSS v3/v4 qualitative rating of a score (FIRST's table). */
export function ratingOf(score: number): Severity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  if (score > 0) return 'low'
  return 'unknown'
}

/** A vector's base score, or undefined when the calculator cannot read it. */
export function cvssScore(vector: string): number | undefined {
  try {
    const v = vector.startsWith('CVSS:4.0/')
      ? new cvss.Cvss4P0(vector)
      : vector.startsWith('CVSS:3.1/')
        ? new cvss.Cvss3P1(vector)
        : vector.startsWith('CVSS:3.0/')
          ? new cvss.Cvss3P0(vector)
          : undefined
    const score = v?.calculateScores().base
    return typeof score === 'number' && Number.isFinite(score) ? score : undefined
  } catch {
    return undefined
  }
}

/** The labels databases use, to our five levels ("unimportant" and "negligible" rank lowest). */
const LABELS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
}

export function labelSeverity(label: unknown): Severity | undefined {
  return typeof label === 'string' ? LABELS[label.trim().toLowerCase()] : undefined
}

export interface SeverityEntry {
  type: string
  score: string
}

/** The newest CVSS version's score wins; then the first label found. */
export function severityOf(
  entries: SeverityEntry[],
  labels: unknown[],
): { severity: Severity; score?: number; vector?: string } {
  const vectors = entries
    .filter((e) => e.type === 'CVSS_V4' || e.type === 'CVSS_V3')
    .sort((a, b) => (a.type < b.type ? 1 : -1))
  for (const e of vectors) {
    const score = cvssScore(e.score)
    if (score !== undefined) return { severity: ratingOf(score), score, vector: e.score }
  }
  // Ubuntu writes its priority as a severity entry of type "Ubuntu".
  const named = entries.filter((e) => !e.type.startsWith('CVSS_')).map((e) => e.score)
  for (const label of [...named, ...labels]) {
    const s = labelSeverity(label)
    if (s) return { severity: s }
  }
  return { severity: 'unknown' }
}
