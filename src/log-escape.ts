/**
 * The one escaping function for text the tool writes to a log: a reason, a tag, a commit subject
 * or a registry's error body must never become a workflow command (`::add-mask::`,
 * `::stop-commands::`, `::warning::`) or a forged line.
 *
 * The runner reads its log line by line (CR, LF and CRLF all end a line), trims leading white
 * space, and takes a line that starts with `::` (or the legacy `##[`) as a command. Inside a
 * command, the data and the properties are percent-decoded once.
 */

/**
 * - `line`: plain log text. Lines stay lines (LF), a lone CR becomes one too, and a line that
 *   would start with `::` or `##[` has those characters percent-encoded, which the runner shows
 *   as they are: plain lines are not decoded.
 * - `data`: the message of a workflow command: `%`, CR and LF encoded, so it stays on the
 *   command's line and reads back exactly.
 * - `property`: a command property (an annotation's file or title): as data, and `:` and `,`,
 *   which end a property.
 * - `terminal`: the CLI's stderr: control characters (ESC, CR, BEL, ...) shown as `\xNN`, so a
 *   remote string can neither rewrite the line it is on nor drive the terminal; LF and TAB stay.
 */
export type LogEscape = 'line' | 'data' | 'property' | 'terminal'

export function escapeLog(text: string, as: LogEscape): string {
  switch (as) {
    case 'line':
      return text
        .split(/\r\n|\r|\n/)
        .map((line) =>
          line.replace(
            /^(\s*)(::|##\[)/,
            (_, space: string, start: string) => `${space}${start === '::' ? '%3A%3A' : '%23%23['}`,
          ),
        )
        .join('\n')
    case 'data':
      return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
    case 'property':
      return escapeLog(text, 'data').replace(/:/g, '%3A').replace(/,/g, '%2C')
    case 'terminal':
      // C0 controls but TAB and LF, DEL, and the C1 controls a terminal also obeys.
      return text.replace(
        // eslint-disable-next-line no-control-regex
        /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g,
        (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
      )
  }
}
