import { BlockList, isIP } from 'node:net';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { IpAllowRule } from '../catalog/types.ts';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is the IPv4 address for the rules. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Checks the rules of an allow list, so a bad one is refused when saved rather than at serving time. */
export function validateIpAllow(rules: readonly IpAllowRule[]): void {
  for (const rule of rules) {
    const family = isIP(rule.address);
    if (family === 0) {
      throw new CatalogError('invalid-argument', `IP allow rule "${rule.name}": ${rule.address} is not an IPv4 or IPv6 address.`);
    }
    const max = family === 4 ? 32 : 128;
    const prefix = rule.subnetPrefixLength;
    if (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > max)) {
      throw new CatalogError('invalid-argument', `IP allow rule "${rule.name}": the prefix length must be 0 to ${max}.`);
    }
  }
}

/**
 * AMS's streaming endpoint access control: with an empty list every client is served; otherwise
 * only clients matching a rule (an address, or a subnet with `subnetPrefixLength`).
 */
export function createIpFilter(rules: readonly IpAllowRule[]): (address: string | undefined) => boolean {
  if (rules.length === 0) return () => true;
  validateIpAllow(rules);
  const list = new BlockList();
  for (const rule of rules) {
    const type = isIP(rule.address) === 6 ? 'ipv6' : 'ipv4';
    if (rule.subnetPrefixLength === undefined) list.addAddress(rule.address, type);
    else list.addSubnet(rule.address, rule.subnetPrefixLength, type);
  }
  return (address) => {
    if (!address) return false;
    const a = normalize(address);
    const family = isIP(a);
    if (family === 0) return false;
    return list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}
