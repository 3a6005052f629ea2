/**
 * What `status` reports of each environment, as data (the `status` output, `--json`) and as the
 * table a person reads on a terminal. Plain values only: every field is one the ledger holds.
 */
import type { EnvironmentState, Placement } from '../release/environment-types.js'

export interface PlacementView {
  digest: string
  version: string | null
  commit: string | null
  at: string
  by: string
  runUrl: string | null
  kind: Placement['kind']
  reason: string | null
}

export interface DriftView {
  tag: string
  ledger: string | null
  registry: string | null
}

export interface EnvironmentView {
  current: PlacementView | null
  previous: PlacementView | null
  hold: { by: string; at: string; reason: string | null } | null
  marks: { digest: string; by: string; at: string; reason: string | null }[]
  drift: DriftView[]
}

function placementView(p: Placement | undefined): PlacementView | null {
  if (!p) return null
  return {
    digest: p.digest,
    version: p.version ?? null,
    commit: p.commit ?? null,
    at: p.at,
    by: p.by,
    runUrl: p.runUrl ?? null,
    kind: p.kind,
    reason: p.reason ?? null,
  }
}

export function environmentView(
  state: EnvironmentState,
  drift: readonly { tag: string; ledger?: string; registry?: string }[],
): EnvironmentView {
  return {
    current: placementView(state.current),
    previous: placementView(state.previous),
    hold: state.hold
      ? { by: state.hold.by, at: state.hold.at, reason: state.hold.reason ?? null }
      : null,
    marks: state.bad.map((m) => ({
      digest: m.digest,
      by: m.by,
      at: m.at,
      reason: m.reason ?? null,
    })),
    drift: drift.map((d) => ({
      tag: d.tag,
      ledger: d.ledger ?? null,
      registry: d.registry ?? null,
    })),
  }
}

/** `sha256:` and the first 12 hex digits: enough to tell digests apart in a table. */
function short(digest: string | null | undefined): string {
  return digest ? digest.slice(0, 19) : '-'
}

function placementCells(p: PlacementView | null): string[] {
  if (!p) return ['-', '-', '-', '-', '-']
  return [short(p.digest), p.version ?? '-', p.commit?.slice(0, 12) ?? '-', p.at, p.by]
}

/** The terminal table: one line per environment and placement, then holds, marks and drift. */
export function statusTable(
  image: string,
  views: Readonly<Record<string, EnvironmentView>>,
): string {
  const names = Object.keys(views)
  if (names.length === 0) return `${image}: no environment in the ledger yet\n`
  const header = ['ENVIRONMENT', '', 'DIGEST', 'VERSION', 'COMMIT', 'AT', 'BY']
  const rows: string[][] = []
  const notes: string[] = []
  for (const name of names) {
    const v = views[name]!
    rows.push([name, 'current', ...placementCells(v.current)])
    rows.push(['', 'previous', ...placementCells(v.previous)])
    if (v.hold) {
      notes.push(
        `${name}: on hold since ${v.hold.at} by ${v.hold.by}${v.hold.reason ? ` (${v.hold.reason})` : ''}; lift it with unhold`,
      )
    }
    for (const m of v.marks) notes.push(`${name}: ${m.digest} marked bad by ${m.by} at ${m.at}`)
    for (const d of v.drift) {
      notes.push(
        `${name}: drift: tag ${d.tag} is ${d.registry ?? 'missing'} in the registry, ${d.ledger ?? 'none'} in the ledger`,
      )
    }
    if (v.current?.runUrl) notes.push(`${name}: current placed by ${v.current.runUrl}`)
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [`${image}`, line(header), ...rows.map(line), ...notes, ''].join('\n')
}
