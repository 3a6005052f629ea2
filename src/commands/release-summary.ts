import type { ReleaseFacts } from './release.js'

/** Markdown for user data: table cells must not break out of their cell or into HTML. */
export function cell(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function renderReleaseSummary(r: ReleaseFacts, repository: string): string {
  const platforms = r.platforms
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
    .join(', ')
  const rows: [string, string][] = [
    ['Image', `\`${cell(r.image)}\``],
    ['Digest', `\`${r.digest}\``],
    ['Tags', r.tags.map((t) => `\`${cell(t)}\``).join(' ')],
    ['Platforms', cell(platforms)],
    ['Size', mib(r.size)],
    ['Builder', cell(r.builder)],
    ['Base', r.base ? `\`${cell(r.base.name)}@${r.base.digest}\`` : 'scratch'],
    ['Commit', `\`${r.commit}\``],
    ['Source date', new Date(r.sourceDateEpoch * 1000).toISOString()],
    [
      'Reproducible',
      r.builder === 'native' ? 'yes (native builds are deterministic)' : 'not verified',
    ],
    [
      'Signatures',
      r.signatures.length
        ? r.signatures.map((x) => `\`${cell(x)}\``).join('<br>')
        : 'none (no signing-key, keyless is false)',
    ],
    ['Provenance', r.provenance ? `SLSA v1, \`${r.provenance}\`` : 'none'],
    ['Record', r.record ? `\`${r.record}\`` : 'none'],
    [
      'Work',
      r.skipped
        ? `skipped: \`${cell(repository)}:sha-${r.commit}\` already held this build; ${r.attestationsWritten} signatures, attestations or records written`
        : `${r.blobs.uploaded} blobs uploaded, ${r.blobs.mounted} mounted, ${r.blobs.exists} already present`,
    ],
  ]
  const phases = Object.entries(r.phases)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
    .join(' · ')
  return [
    `### Released \`${cell(repository)}\``,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `Phases: ${phases}`,
    '',
  ].join('\n')
}
