//! Fitting text into boxes by character count (the renderer passes the width in characters).

/** Splits `text` into at most `maxLines` lines of at most `maxChars`, ending with "…" when cut. */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const limit = Math.max(3, Math.floor(maxChars));
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    const next = line ? `${line} ${w}` : w;
    if (next.length <= limit) {
      line = next;
      continue;
    }
    if (line) {
      lines.push(line);
      if (lines.length === maxLines) break;
    }
    line = w.length > limit ? w.slice(0, limit - 1) + "…" : w;
  }
  if (lines.length < maxLines && line) {
    lines.push(line);
    i = words.length;
  }
  if (i < words.length && lines.length > 0) {
    const last = lines[lines.length - 1];
    lines[lines.length - 1] = (last.length >= limit ? last.slice(0, limit - 1) : last).replace(/…$/, "") + "…";
  }
  return lines;
}
