// Content-Type by file extension, read from a mime.types file ("type .ext .ext" per line).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FALLBACK = 'application/data';

export class MimeTypes {
  private readonly byExtension = new Map<string, string>();

  static fromFile(file: string): MimeTypes {
    return MimeTypes.parse(readFileSync(file, 'utf8'));
  }

  static parse(text: string): MimeTypes {
    const table = new MimeTypes();
    for (const line of text.split('\n')) {
      const [type, ...extensions] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (!type) continue;
      for (const extension of extensions) table.byExtension.set(extension.toLowerCase().replace(/^(?!\.)/, '.'), type);
    }
    return table;
  }

  lookup(file: string): string {
    return this.byExtension.get(path.extname(file).toLowerCase()) ?? FALLBACK;
  }
}
