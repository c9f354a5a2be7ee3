/** Flags UTF-8 text that was read as Windows-1252 and saved again (`âœ…`, `ðŸš«`, `Ã©`), and repairs it exactly. */
import type { ChunkRule, Finding } from '../types';
import { isVerbatim, replaceFix, spanFinding } from './text';

/** Windows-1252 bytes 0x80–0x9F by the character they decode to; bytes it leaves undefined decode to the C1 control of the same value. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The Windows-1252 byte a character came from, or -1 when it cannot be one. */
function cp1252Byte(char: string): number {
  const code = char.charCodeAt(0);
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  const high = CP1252_HIGH.indexOf(char);
  return high < 0 ? -1 : 0x80 + high;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The length (in characters) of a mis-decoded UTF-8 sequence starting at `start`, and what it decodes to; null if there is none. */
function sequenceAt(text: string, start: number): { length: number; decoded: string } | null {
  const lead = cp1252Byte(text[start]);
  const continuations = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
  if (continuations === 0) return null;
  const bytes = [lead];
  for (let offset = 1; offset <= continuations; offset++) {
    const char = text[start + offset];
    const byte = char === undefined ? -1 : cp1252Byte(char);
    if (byte < 0x80 || byte > 0xbf) return null;
    bytes.push(byte);
  }
  try {
    return { length: continuations + 1, decoded: strictUtf8.decode(new Uint8Array(bytes)) };
  } catch {
    return null;
  }
}

/**
 * True when a character is one that plans really contain and that garbles into
 * an unmistakable pattern: Latin-1 letters and signs, punctuation, symbols,
 * dingbats and emoji. Other scripts count only in runs of two or more
 * sequences, so "café…”" (which would decode to one CJK character) is left alone.
 */
function trustedAlone(decoded: string): boolean {
  const code = decoded.codePointAt(0) ?? 0;
  return (code >= 0x80 && code <= 0xff) || (code >= 0x2000 && code <= 0x2bff) || (code >= 0xfe00 && code <= 0xfe0f) || code === 0xfeff || code >= 0x10000;
}

/** Runs of mis-decoded text on a line: 0-based start, end (exclusive) and the repaired text. */
export function findMojibake(text: string): Array<{ start: number; end: number; repaired: string }> {
  const runs: Array<{ start: number; end: number; repaired: string; count: number }> = [];
  let index = 0;
  while (index < text.length) {
    const sequence = sequenceAt(text, index);
    if (!sequence) {
      index++;
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.end === index) {
      last.end += sequence.length;
      last.repaired += sequence.decoded;
      last.count++;
    } else {
      runs.push({ start: index, end: index + sequence.length, repaired: sequence.decoded, count: 1 });
    }
    index += sequence.length;
  }
  return runs
    .filter((run) => run.count > 1 || trustedAlone(run.repaired))
    .map(({ start, end, repaired }) => ({ start, end, repaired: decodeAgainIfGarbled(repaired) }));
}

/** Text garbled twice (`Ã¢â‚¬â„¢`) decodes to text that is wholly garbled again; only then is it decoded once more. */
function decodeAgainIfGarbled(text: string): string {
  const runs = findMojibake(text);
  return runs.length === 1 && runs[0].start === 0 && runs[0].end === text.length ? runs[0].repaired : text;
}

/** Mis-decoded UTF-8, found and repaired exactly. */
export const mojibake: ChunkRule = {
  id: 'mojibake',
  description: 'UTF-8 text was read as Windows-1252 and saved again, so emoji and punctuation show as garbage.',
  defaultSeverity: 'warning',
  tags: ['encoding'],
  doc: 'When a UTF-8 file is opened as Windows-1252 and saved, every non-ASCII character turns into two to four others: `✅` becomes `âœ…`, `🚫` becomes `ðŸš«`, `’` becomes `â€™` and `é` becomes `Ã©`. The rule re-encodes each suspicious run to Windows-1252 bytes and reports it only when those bytes are valid UTF-8, so real accented text such as "pièce" or "naïve" is never flagged. The quick fix replaces the run with the decoded characters, exactly.',
  scope: 'chunk',
  check(chunk) {
    const findings: Finding[] = [];
    chunk.lines.forEach((text, index) => {
      const line = index + 1;
      if (isVerbatim(chunk, line) || !/[\u0080-\u00ff\u0152-\u2122]/.test(text)) return;
      for (const run of findMojibake(text)) {
        const original = text.slice(run.start, run.end);
        const column = run.start + 1;
        findings.push(
          spanFinding(line, column, original.length, `"${original}" is garbled text (UTF-8 read as Windows-1252); it should read "${run.repaired}".`, [
            replaceFix(`Repair to "${run.repaired}"`, line, column, run.end + 1, run.repaired, true),
          ]),
        );
      }
    });
    return findings;
  },
};
