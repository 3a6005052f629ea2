/** Reading Dockerfiles: shared by the buildah builder (what to pull) and the pin-base lint. */

/** One Dockerfile instruction, joined over its continuation lines, with where it starts. */
interface Instruction {
  text: string
  line: number
}

/**
 * A Dockerfile's instructions, each joined over its continuation lines (honouring the `escape`
 * directive), comments dropped, with the 1-based line it starts on.
 */
function instructions(text: string): Instruction[] {
  let escape = '\\'
  const lines = text.split(/\r?\n/)
  // Parser directives come first and only before any instruction or ordinary comment.
  for (const line of lines) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line)
    if (!m) break
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2]
  }
  const out: Instruction[] = []
  let current: Instruction | undefined
  lines.forEach((raw, index) => {
    const trimmed = raw.trim()
    if (trimmed.startsWith('#')) return
    if (current === undefined && trimmed === '') return
    const continued = trimmed.endsWith(escape)
    const part = continued ? trimmed.slice(0, -1) : trimmed
    if (current === undefined) current = { text: part, line: index + 1 }
    else current.text = `${current.text} ${part}`
    if (!continued) {
      out.push({ text: current.text.trim(), line: current.line })
      current = undefined
    }
  })
  if (current !== undefined && current.text.trim() !== '') {
    out.push({ text: current.text.trim(), line: current.line })
  }
  return out
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value)
  return m ? m[2]! : value
}

/** `$X`, `${X}`, `${X:-d}`, `${X-d}`; undefined when a variable has no value. */
function expand(value: string, vars: Map<string, string>): string | undefined {
  let unknown = false
  const out = value.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!
      const v = vars.get(name)
      if (v !== undefined && v !== '') return v
      if (fallback !== undefined) return fallback
      unknown = true
      return ''
    },
  )
  return unknown ? undefined : out
}

/** One instruction split into its word, its words after it, and where it starts. */
export interface Step {
  instruction: string
  words: string[]
  line: number
}

/** A FROM: the image as written, expanded by the global ARGs (undefined when a variable has no value). */
export interface FromStep {
  line: number
  written?: string
  image?: string
  /** `AS name`, lower case. */
  stage?: string
}

/**
 * Walks a Dockerfile: the FROM lines with their images expanded, and every other instruction.
 * Only ARGs before the first FROM can appear in FROM lines; build args override their defaults,
 * as in docker.
 */
export function walkDockerfile(
  text: string,
  buildArgs: Record<string, string>,
): { froms: FromStep[]; steps: Step[] } {
  const globals = new Map<string, string>()
  const froms: FromStep[] = []
  const steps: Step[] = []
  for (const { text: line, line: number } of instructions(text)) {
    const [word = '', ...rest] = line.split(/\s+/)
    const instruction = word.toUpperCase()
    if (instruction === 'ARG' && froms.length === 0) {
      for (const token of rest) {
        const eq = token.indexOf('=')
        const name = eq < 0 ? token : token.slice(0, eq)
        const fallback = eq < 0 ? undefined : unquote(token.slice(eq + 1))
        const value = buildArgs[name] ?? fallback
        if (value !== undefined) globals.set(name, value)
      }
    } else if (instruction === 'FROM') {
      const words = rest.filter((w) => !w.startsWith('--'))
      const written = words[0]
      froms.push({
        line: number,
        written,
        image: written === undefined ? undefined : expand(written, globals),
        stage: words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined,
      })
    }
    steps.push({ instruction, words: rest, line: number })
  }
  return { froms, steps }
}
