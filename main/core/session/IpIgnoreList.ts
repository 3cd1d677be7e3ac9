// sessions.ip_ignorelist: CIDR ranges whose traffic is not captured (default: localhost).
import { CidrList } from '../net/CidrList.js';

export { normalizeIp } from '../net/CidrList.js';

export const DEFAULT_IP_IGNORELIST: readonly string[] = ['127.0.0.1/32', '::1/128'];

export class IpIgnoreList extends CidrList {
  constructor(cidrs: readonly string[]) {
    super(cidrs, 'sessions.ip_ignorelist');
  }

  /** Whether traffic from/to `ip` is ignored. */
  ignores(ip: string): boolean {
    return this.contains(ip);
  }
}
