// A set of CIDR ranges (IPv4 and IPv6) that client addresses are checked against: API access lists, ignore lists.
import { BlockList, isIP } from 'node:net';
import { checkCidr } from '../config/checks.js';

/** "::ffff:1.2.3.4" (IPv4 seen on a dual-stack socket) and zone ids ("fe80::1%eth0") compare as the plain address. */
export function normalizeIp(ip: string): string {
  const zone = ip.indexOf('%');
  const bare = zone < 0 ? ip : ip.slice(0, zone);
  if (bare.length > 7 && bare.slice(0, 7).toLowerCase() === '::ffff:' && isIP(bare.slice(7)) === 4) return bare.slice(7);
  return bare;
}

export class CidrList {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** Throws on an entry that is not a CIDR range (Core refuses to start with one); `key` names the setting. */
  constructor(cidrs: readonly string[], key = 'CIDR list') {
    for (const cidr of cidrs) {
      const problem = checkCidr(cidr);
      if (problem) throw new Error(`${key}: ${problem}`);
      const slash = cidr.indexOf('/');
      const address = normalizeIp(cidr.slice(0, slash));
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      let prefix = Number(cidr.slice(slash + 1));
      // An IPv4-mapped range written in IPv6 form ("::ffff:10.0.0.0/104") keeps its IPv4 prefix length.
      if (family === 'ipv4' && isIP(cidr.slice(0, slash)) === 6) prefix = Math.max(0, prefix - 96);
      this.list.addSubnet(address, prefix, family);
    }
    this.empty = cidrs.length === 0;
  }

  /** Whether `ip` lies in one of the ranges; anything that is not an IP address (a path, "unknown") never does. */
  contains(ip: string): boolean {
    if (this.empty || ip === '') return false;
    const address = normalizeIp(ip);
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
