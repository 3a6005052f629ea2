/** The repository's root folder (the parent of bench/). */
export declare const repoRoot: string

export interface CompiledSources {
  /** Holds package.json, src/**.js and a node_modules link. */
  dir: string
  /** `<dir>/src`: the transpiled src/ folder. */
  src: string
  cleanup(): Promise<void>
}

export declare function compileSources(options?: {
  /** Repository to compile (its src/); this one by default. */
  root?: string
  /** Where to write; a fresh temp folder by default. */
  outDir?: string
}): Promise<CompiledSources>
