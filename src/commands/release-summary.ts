import { cell, code, humanSize, link } from '../markdown.js'
import { describeChanges, type ChangeLog } from '../release/changelog.js'
import { changesSection } from './changes.js'
import type { ReleaseFacts } from './release-facts.js'
import type { RunLinks } from './links.js'

/** What the summary shows of a release or merge. */
export type SummaryFacts = ReleaseFacts

function buildCacheCell(c: NonNullable<SummaryFacts['buildCache']>): string {
  const steps = (list: string[]) => list.map((s) => code(s)).join('<br>')
  return [
    `${c.cached.length} of ${c.cached.length + c.ran.length} steps from ${code(c.ref)}`,
    ...(c.cached.length ? [`cached: ${steps(c.cached)}`] : []),
    ...(c.ran.length ? [`ran: ${steps(c.ran)}`] : []),
  ].join('<br>')
}

function changesCell(c: ChangeLog, head: string, links?: RunLinks): string {
  const text = cell(describeChanges(c))
  return c.since && links && !c.note
    ? `${text} (${link('compare', links.compare(c.since, head))})`
    : text
}

export function renderReleaseSummary(
  r: SummaryFacts,
  repository: string,
  links?: RunLinks,
): string {
  const platforms = r.platforms
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
    .join(', ')
  const pkg = links?.package(repository)
  const rows: [string, string][] = [
    ['Image', `${code(r.image)}${pkg ? ` (${link('package', pkg)})` : ''}`],
    ['Digest', code(r.digest)],
    ['Tags', r.tags.map((t) => code(t)).join(' ')],
    ['Platforms', cell(platforms)],
    ['Size', humanSize(r.size)],
    ['Builder', cell(r.builder)],
    ['Base', r.base ? code(`${r.base.name}@${r.base.digest}`) : 'scratch'],
    ...(r.buildCache ? [['Build cache', buildCacheCell(r.buildCache)] as [string, string]] : []),
    ['Commit', links ? link(r.commit.slice(0, 12), links.commit(r.commit)) : code(r.commit)],
    ...(r.changes
      ? [['Changes', changesCell(r.changes, r.commit, links)] as [string, string]]
      : []),
    ['Source date', new Date(r.sourceDateEpoch * 1000).toISOString()],
    [
      'Reproducible',
      r.builder === 'native' ? 'yes (native builds are deterministic)' : 'not verified',
    ],
    [
      'Signatures',
      r.signatures.length
        ? r.signatures.map((x) => code(x)).join('<br>')
        : 'none (no signing-key, keyless is false)',
    ],
    ['Provenance', r.provenance ? `SLSA v1, ${code(r.provenance)}` : 'none'],
    ['Record', r.record ? code(r.record) : 'none'],
    [
      'Work',
      r.skipped
        ? `skipped: ${code(`${repository}:${r.tags[0] ?? `sha-${r.commit}`}`)} already held this build; ${r.attestationsWritten} signatures, attestations or records written`
        : `${r.blobs.uploaded} blobs uploaded, ${r.blobs.mounted} mounted, ${r.blobs.exists} already present`,
    ],
  ]
  if (links?.run) rows.push(['Run', link('this run', links.run)])
  const phases = Object.entries(r.phases)
    .map(([name, ms]) => `${cell(name)} ${(ms / 1000).toFixed(2)} s`)
    .join(' · ')
  return [
    `### Released ${code(repository)}${r.version ? ` ${cell(r.version)}` : ''}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `Phases: ${phases}`,
    '',
    ...(r.changes ? [changesSection('Commits since the previous release', r.changes, links)] : []),
  ].join('\n')
}
