// Splits a byte stream into lines on "\r" or "\n", as FFmpeg ends its progress lines with "\r".
export class LineSplitter {
  private rest = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength = 64 * 1024,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char === 10 || char === 13) {
        if (i > start) this.onLine(text.slice(start, i));
        start = i + 1;
      }
    }
    this.rest = text.slice(start);
    // A child that never ends a line must not grow our memory without bound.
    if (this.rest.length > this.maxLineLength) {
      this.onLine(this.rest);
      this.rest = '';
    }
  }

  flush(): void {
    if (this.rest.length > 0) this.onLine(this.rest);
    this.rest = '';
  }
}
