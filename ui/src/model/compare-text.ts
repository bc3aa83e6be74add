//! Compare's boxes are small: when a label still does not fit in two lines,
//! it is cut at a word, never inside one ("WHERE …", not "WHERE nam…"). The
//! compare view's notation line explains the "…", and each box's tooltip has
//! the whole statement.

/**
 * `line` as cut by fitting (ending in "…"), cut back to the last whole word of
 * `full` (the text it was cut from). A line that does not end in "…", or whose
 * cut already falls between words, is returned as it is.
 */
export function cutAtWord(line: string, full: string): string {
  if (!line.endsWith("…")) return line;
  const kept = line.slice(0, -1).trimEnd();
  const text = full.replace(/\s+/g, " ").trim();
  const at = text.indexOf(kept);
  // The cut fell between words when the text goes on with a space after what was kept.
  if (at >= 0 && (text.length === at + kept.length || text[at + kept.length] === " "))
    return `${kept} …`;
  const space = kept.lastIndexOf(" ");
  return space > 0 ? `${kept.slice(0, space)} …` : "…";
}
