import type { LayerEntry } from './context.js'
import type { IgnoreMatcher } from './ignore.js'

/**
 * What the native builder puts in layers of their own, in this order, before the rest of the
 * context: the folders package managers fill, which change far less often than the sources.
 */
export const DEPENDENCY_LAYERS = ['**/node_modules', '**/vendor', '**/.venv', '**/site-packages']

export interface LayerPart {
  /** The pattern that chose these entries; undefined for the rest of the context. */
  pattern?: string
  /** Paths relative to the context, as walkContext gives them. */
  entries: LayerEntry[]
}

/**
 * Splits a context's entries by a stable rule: an entry goes to the first pattern that matches
 * it (or a folder above it), else to the rest. The rule looks at paths only, so the same tree
 * always splits the same way. Parts that no entry matched are left out; the rest is always there
 * (it holds at least the destination folder).
 */
export function splitLayers(
  entries: LayerEntry[],
  patterns: { pattern: string; matcher: IgnoreMatcher }[],
): LayerPart[] {
  const parts: LayerPart[] = patterns.map(({ pattern }) => ({ pattern, entries: [] }))
  const rest: LayerPart = { entries: [] }
  for (const entry of entries) {
    const i = patterns.findIndex(({ matcher }) => matcher(entry.path, entry.type === 'dir'))
    ;(i < 0 ? rest : (parts[i] as LayerPart)).entries.push(entry)
  }
  return [...parts.filter((p) => p.entries.length > 0), rest]
}
