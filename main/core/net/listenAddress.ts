// Parses Core's listen addresses (":8080", "127.0.0.1:8080", "[::1]:8080") into host and port.
export interface ListenAddress {
  /** undefined = all interfaces (IPv6 and IPv4 where available). */
  host: string | undefined;
  port: number;
}

export function parseListenAddress(address: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address.trim());
  if (!match) throw new Error(`'${address}' is not a listen address like ':8080' or '127.0.0.1:8080'`);
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (port > 65535) throw new Error(`port ${port} in '${address}' is out of range`);
  return { host: host === '' ? undefined : host, port };
}

/** The host to put in URLs that point at a listener (for the local machine). */
export function localHostFor(address: ListenAddress): string {
  if (!address.host || address.host === '0.0.0.0' || address.host === '::') return 'localhost';
  return address.host.includes(':') ? `[${address.host}]` : address.host;
}
