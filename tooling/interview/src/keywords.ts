// Keyword matching for the topic rule. A text and a keyword are both cut into words
// (runs of a-z and 0-9 after lower-casing, so "X-Forwarded-For", "x forwarded for" and
// "x_forwarded_for" are the same three words) and every word is reduced to a stem, so
// "scaling", "scaled" and "scale" match each other, as do "images" and "image". A keyword
// of several words matches when its stems appear next to each other, in order.

/** Words the suffix rules would turn into a different word ("https" is not "http"). */
const KEEP_AS_IS = new Set(['https']);

/** Drops a final doubled consonant: "scann" -> "scan", "logg" -> "log". */
function undouble(word: string): string {
  const last = word.at(-1);
  return word.length > 3 && last !== undefined && !'aeiou'.includes(last) && word.at(-2) === last
    ? word.slice(0, -1)
    : word;
}

/**
 * A light, deterministic stemmer: plural, -ing and -ed endings and a final -e are removed,
 * never leaving fewer than three letters. It only has to map a word and its usual
 * inflections to the same string, on both sides of the comparison.
 */
export function stem(input: string): string {
  let word = input.toLowerCase();
  if (word.length <= 3 || KEEP_AS_IS.has(word) || /\d/.test(word)) return word;
  if (word.endsWith('ies') || word.endsWith('ied')) word = `${word.slice(0, -3)}y`;
  else if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) word = word.slice(0, -1);
  if (word.endsWith('ing') && word.length - 3 >= 3) word = word.slice(0, -3);
  else if (word.endsWith('ed') && word.length - 2 >= 3) word = word.slice(0, -2);
  if (word.endsWith('e') && word.length - 1 >= 3) word = word.slice(0, -1);
  return undouble(word);
}

/** The stems of the words of a text, in order. */
export function stems(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).map(stem);
}

/** True when the stems of the keyword occur, consecutively and in order, in the text's stems. */
export function containsKeyword(textStems: readonly string[], keyword: string): boolean {
  const wanted = stems(keyword);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= textStems.length; start++) {
    if (wanted.every((word, offset) => textStems[start + offset] === word)) return true;
  }
  return false;
}

/** The keywords (as written in the catalog) that the text mentions. */
export function mentionedKeywords(text: string, keywords: readonly string[]): string[] {
  const textStems = stems(text);
  return keywords.filter((keyword) => containsKeyword(textStems, keyword));
}
