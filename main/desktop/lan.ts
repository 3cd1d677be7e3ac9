// The LAN addresses the engine can be reached on, as URLs, and a QR code for a phone to open them.
import os from 'node:os';
import QRCode from 'qrcode';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/** Non-internal IPv4 addresses (then IPv6 global ones), skipping link-local. */
export function lanAddresses(interfaces: Interfaces = os.networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4' && !entry.address.startsWith('169.254.')) v4.push(entry.address);
      else if (entry.family === 'IPv6' && !/^fe80:/i.test(entry.address)) v6.push(entry.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** The UI's URL on every LAN address. */
export function lanUrls(port: number, interfaces?: Interfaces, pathname = '/ui/'): string[] {
  return lanAddresses(interfaces).map((address) => `http://${address.includes(':') ? `[${address}]` : address}:${port}${pathname}`);
}

/** A PNG data URL of the QR code for a URL (shown in the UI; the CSP allows data: images). */
export function qrDataUrl(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 256 });
}
