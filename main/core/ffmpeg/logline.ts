// Turns FFmpeg's stderr into lines and removes the "[name @ 0x…] " / "[level] " prefixes before matching.

// `-loglevel level+info` (the UI's default) prefixes every line with "[info] ", and library messages carry
// "[name @ 0xADDR] " in front of that; matching must see the bare message or nothing is recognised.
const LOG_PREFIX = /^(\[[^\]]+ @ 0x[0-9a-fA-F]+\] )?(\[[a-z]+\] )?/;

export function stripLogPrefix(line: string): string {
  return line.replace(LOG_PREFIX, '');
}

/**
 * Splits a stream of stderr chunks into lines. FFmpeg ends its stats lines with "\r" only, so both "\r" and
 * "\n" end a line (Core's scanLine does the same); empty lines are dropped.
 */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split(/\r\n|\r|\n/);
    this.rest = parts.pop() ?? '';
    return parts.filter((line) => line.length > 0);
  }

  /** Returns the unterminated last line, if any (call when the stream ends). */
  flush(): string[] {
    const line = this.rest;
    this.rest = '';
    return line.length > 0 ? [line] : [];
  }
}

export function splitLines(text: string): string[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.flush()];
}
