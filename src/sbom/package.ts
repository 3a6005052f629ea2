/** A package found in an image or a lockfile, before it becomes a CycloneDX component. */
export interface FoundPackage {
  /** The purl type. */
  type: 'deb' | 'apk' | 'npm' | 'pypi' | 'golang'
  /** npm scope with its `@`; a Go module path's leading segments. */
  namespace?: string
  name: string
  version: string
  /** As the package manager names it: amd64, all, x86_64. */
  arch?: string
  /** The source package (dpkg `Source:`, apk origin) and its version. */
  source?: { name: string; version: string }
  licenses?: string[]
  /** npm: a devDependency (in a lockfile: not installed by `npm ci --omit=dev`). */
  dev?: boolean
  /** Where it was found: the file in the image, or `context:<file>` for a lockfile. */
  path: string
  /** Digest of the layer that holds `path`; none for the context's lockfiles. */
  layer?: string
}
