// host.auto: LAN addresses stand in for public names, without any network request.
import { describe, expect, it } from 'vitest';
import { localHostAddresses, withDetectedHosts } from '../../../main/core/net/hostAddresses.js';
import type { NetworkInterfaceInfo } from 'node:os';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;

describe('host.auto', () => {
  it('lists non-internal IPv4 first, then global IPv6, without link-local or loopback', () => {
    const found = localHostAddresses({
      lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
      eth0: [iface('192.168.1.20', 'IPv4'), iface('fe80::1', 'IPv6'), iface('2001:db8::20', 'IPv6')],
      wlan0: [iface('10.0.0.5', 'IPv4')],
    });
    expect(found).toEqual(['192.168.1.20', '10.0.0.5', '2001:db8::20']);
  });

  it('fills host.name only when auto is on and no name is configured', () => {
    const detect = () => ['192.168.1.20'];
    expect(withDetectedHosts({ host: { auto: true, name: [] } }, detect).host.name).toEqual(['192.168.1.20']);
    expect(withDetectedHosts({ host: { auto: true, name: ['example.com'] } }, detect).host.name).toEqual(['example.com']);
    expect(withDetectedHosts({ host: { auto: false, name: [] } }, detect).host.name).toEqual([]);
  });
});
