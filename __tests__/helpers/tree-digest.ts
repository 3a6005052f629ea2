import { createHash } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'

/**
 * One digest over every path, type and byte under `dir`: equal before and after means the
 * folder (a registry's storage, a bare ledger repository, a layout) is byte-identical.
 */
export function treeDigest(dir: string): string {
  const hash = createHash('sha256')
  const walk = (rel: string): void => {
    const path = join(dir, rel)
    const st = lstatSync(path)
    if (st.isDirectory()) {
      hash.update(`d ${rel}\0`)
      for (const name of readdirSync(path).sort()) walk(rel ? `${rel}/${name}` : name)
    } else if (st.isSymbolicLink()) {
      hash.update(`l ${rel} ${readlinkSync(path)}\0`)
    } else {
      hash.update(`f ${rel} ${st.size}\0`)
      hash.update(readFileSync(path))
    }
  }
  walk('')
  return hash.digest('hex')
}
