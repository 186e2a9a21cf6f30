import { embeddedIpv4, isPrivateAddress } from './outbound-guard.js';

describe('outbound guard: which addresses are private', () => {
  it('plain IPv4 and IPv6', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.1', '::1', '::', 'fe80::1', 'fd00::1']) expect({ a, p: isPrivateAddress(a) }).toEqual({ a, p: true });
    for (const a of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect({ a, p: isPrivateAddress(a) }).toEqual({ a, p: false });
  });

  it('IPv6 addresses that reach a private IPv4 address are private: mapped, compatible, NAT64, 6to4, Teredo', () => {
    const cases: [string, string][] = [
      ['::ffff:127.0.0.1', '127.0.0.1'],
      ['::ffff:7f00:1', '127.0.0.1'],
      ['::127.0.0.1', '127.0.0.1'],
      ['64:ff9b::127.0.0.1', '127.0.0.1'],
      ['64:ff9b::7f00:1', '127.0.0.1'],
      ['64:ff9b::a9fe:a9fe', '169.254.169.254'],
      ['64:ff9b:1::c0a8:1', '192.168.0.1'],
      ['2002:7f00:1::', '127.0.0.1'],
      ['2002:a00:1::1', '10.0.0.1'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1'],
    ];
    for (const [a, v4] of cases) {
      expect({ a, embedded: embeddedIpv4(a), p: isPrivateAddress(a) }).toEqual({ a, embedded: v4, p: true });
    }
  });

  it('the same translations of a public IPv4 address stay public', () => {
    for (const a of ['64:ff9b::808:808', '2002:808:808::1', '::ffff:8.8.8.8']) expect({ a, p: isPrivateAddress(a) }).toEqual({ a, p: false });
  });
});
