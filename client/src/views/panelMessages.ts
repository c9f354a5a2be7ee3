/**
 * The messages the progress page may send to the extension, and the check
 * every one of them passes before the extension acts on it. Pure, so that
 * plain Node tests can throw hostile messages at it.
 */

/** A message the page may send: anything else is ignored. */
export type PanelMessage = { type: 'ready' } | { type: 'reveal'; uri: string; line: number } | { type: 'checkIn'; uri: string } | { type: 'openCheckIn'; commit: string };

/**
 * Accepts a message from the page only if it is well formed and points at a
 * plan the page was given, at a positive line, or at one of the check-ins it
 * was given: the page is never trusted.
 */
export function validatePanelMessage(message: unknown, knownUris: ReadonlySet<string>, knownCommits: ReadonlySet<string> = new Set()): PanelMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, uri, line, commit } = message as Record<string, unknown>;
  if (type === 'ready') return { type };
  if (type === 'checkIn') return typeof uri === 'string' && knownUris.has(uri) ? { type, uri } : undefined;
  if (type === 'openCheckIn') return typeof commit === 'string' && knownCommits.has(commit) ? { type, commit } : undefined;
  if (type !== 'reveal' || typeof uri !== 'string' || !knownUris.has(uri)) return undefined;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > 10_000_000) return undefined;
  return { type, uri, line };
}

