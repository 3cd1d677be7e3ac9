// Keeps the lines before progress starts: the first `head` lines, the last `tail` lines and how many were dropped.
import { Ring } from './Ring.js';

export class PreludeBuffer {
  private head: string[] = [];
  private tail: Ring<string>;
  private overflow = 0;

  constructor(
    private readonly headLines = 100,
    private readonly tailLines = 50,
  ) {
    this.tail = new Ring(tailLines);
  }

  push(line: string): void {
    if (this.head.length < this.headLines) {
      this.head.push(line);
      return;
    }
    this.tail.push(line);
    this.overflow++;
  }

  /** head, then "... truncated N lines ..." when lines fell out between head and tail, then tail (Core's format) */
  lines(): string[] {
    const lines = [...this.head];
    if (this.overflow > this.tailLines) lines.push(`... truncated ${this.overflow - this.tailLines} lines ...`);
    return lines.concat(this.tail.toArray());
  }

  clear(): void {
    this.head = [];
    this.tail.clear();
    this.overflow = 0;
  }
}
