// Where other machines reach this appliance: the UI's URL on each LAN address (from the app) or the address this
// page was opened with (in a browser), each with a QR code for a phone.
import { useEffect, useState } from 'react';
import type { LanInfo } from '../../../preload/bridge.js';
import { CopyField } from './CopyField.js';

/** A PNG data URL of a QR code; qrcode is loaded only when a code is shown. */
export async function qrCode(url: string): Promise<string> {
  const { toDataURL } = await import('qrcode');
  return toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 256 });
}

/** The UI's URLs other devices can open: the app asks the main process; a browser knows its own address. */
export async function lanUrls(hostNames: string[] = []): Promise<LanInfo['urls']> {
  if (window.core) return (await window.core.app.lanAddresses()).urls;
  const here = new URL(window.location.href);
  const urls = [`${here.origin}/ui/`];
  for (const name of hostNames) {
    const url = `${here.protocol}//${name.includes(':') ? `[${name}]` : name}${here.port ? `:${here.port}` : ''}/ui/`;
    if (!urls.includes(url)) urls.push(url);
  }
  return Promise.all(urls.map(async (url) => ({ url, qr: await qrCode(url) })));
}

/** The origin other devices use for this engine: the first LAN URL's (in the app) or this page's (in a browser). */
export function useLanOrigin(): string | null {
  const [origin, setOrigin] = useState<string | null>(window.core ? null : window.location.origin);
  useEffect(() => {
    if (!window.core) return;
    let live = true;
    void window.core.app.lanAddresses().then(
      (info) => live && setOrigin(info.urls[0] ? new URL(info.urls[0].url).origin : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return origin;
}

export function QrImage({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void qrCode(url).then((data) => live && setSrc(data), () => undefined);
    return () => {
      live = false;
    };
  }, [url]);
  return src ? <img src={src} alt={label} /> : null;
}

export function LanAccess({ hostNames, compact = false }: { hostNames?: string[]; compact?: boolean }) {
  const [urls, setUrls] = useState<LanInfo['urls'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = (hostNames ?? []).join(',');
  useEffect(() => {
    let live = true;
    lanUrls(key ? key.split(',') : []).then(
      (list) => live && setUrls(list),
      (reason: unknown) => live && setError(String(reason)),
    );
    return () => {
      live = false;
    };
  }, [key]);

  if (error) return <p className="error">Could not list the LAN addresses: {error}</p>;
  if (!urls) return null;
  if (urls.length === 0) return <p>No network address found: this machine is not on a LAN.</p>;
  if (compact)
    return (
      <p>
        This appliance: <strong>{urls[0]!.url}</strong>
      </p>
    );
  return (
    <div className="lan">
      {urls.map(({ url, qr }, index) => (
        <figure key={url}>
          <img src={qr} alt={`QR code for ${url}`} />
          <figcaption>
            <CopyField label={urls.length > 1 ? `Control UI address ${index + 1}` : 'Control UI address'} value={url} />
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
