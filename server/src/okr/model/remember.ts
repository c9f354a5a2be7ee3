/**
 * Remembers a text function's answers. Checks ask about the same titles and
 * names on every keystroke, and between two keystrokes almost all of them
 * are unchanged. Only short texts are kept, and the memory starts afresh
 * when it holds too many, so it stays small whatever a document holds.
 */
export function rememberAnswers<T>(answer: (text: string) => T, limit = 20_000): (text: string) => T {
  let answers = new Map<string, T>();
  return (text) => {
    if (text.length > MAX_REMEMBERED_LENGTH) return answer(text);
    let known = answers.get(text);
    if (known === undefined) {
      if (answers.size >= limit) answers = new Map();
      known = answer(text);
      answers.set(text, known);
    }
    return known;
  };
}

/** Texts longer than this are answered afresh each time. */
const MAX_REMEMBERED_LENGTH = 300;
