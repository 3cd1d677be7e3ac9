// Core shows viewers' addresses only anonymized: IPv4 to its /24, IPv6 to its /64 (net.AnonymizeIPString).
import { isIP } from 'node:net';
import { normalizeIp } from './IpIgnoreList.js';

function ipv6Groups(ip: string): number[] | null {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (isIP(dotted) === 4) {
    // An embedded IPv4 tail ("64:ff9b::1.2.3.4") is the last two groups.
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, lastColon + 1) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

/** Returns the masked address, or the input unchanged when it is not an IP address. */
export function anonymizeIp(ip: string): string {
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (family === 4) return address.split('.').slice(0, 3).join('.') + '.0';
  if (family !== 6) return ip;
  const groups = ipv6Groups(address);
  if (!groups) return ip;
  const masked = groups.slice(0, 4).map((group) => group.toString(16)).join(':') + ':0:0:0:0';
  // The URL parser prints IPv6 in its canonical compressed form, exactly like Go's net.IP.String().
  return new URL(`http://[${masked}]/`).hostname.slice(1, -1);
}
