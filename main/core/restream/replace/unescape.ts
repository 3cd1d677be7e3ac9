// Go's url.QueryUnescape: '+' is a space, %XX a byte; a malformed escape is an error (null), not an exception.

const HEX = /^[0-9A-Fa-f]{2}$/;

export function queryUnescape(s: string): string | null {
  if (!s.includes('%') && !s.includes('+')) return s;
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x25 /* % */) {
      const hex = raw.subarray(i + 1, i + 3).toString('latin1');
      if (!HEX.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(b === 0x2b /* + */ ? 0x20 : b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
