import { describe, expect, it } from 'vitest';
import { classifyAddress, findRefusedAddress, isHostAllowed, parseHostEntry } from '../../../engine/agents/builtin/host-policy';

describe('allowed hosts', () => {
  it('reads host, host:port and IPv6 entries', () => {
    expect(parseHostEntry('API.Example.com')).toEqual({ hostname: 'api.example.com', port: null });
    expect(parseHostEntry('api.example.com:8443')).toEqual({ hostname: 'api.example.com', port: '8443' });
    expect(parseHostEntry('[::1]:3000')).toEqual({ hostname: '::1', port: '3000' });
    expect(parseHostEntry('0:0:0:0:0:0:0:1')).toEqual({ hostname: '::1', port: null });
    expect(parseHostEntry('https://api.example.com/x')).toBeNull();
  });

  it('matches exactly, ignoring case; a port-less entry allows any port; default ports count', () => {
    const allowed = ['API.example.com', 'hooks.example.com:8443', 'plain.example.com:443'];
    expect(isHostAllowed(new URL('https://api.example.com:9999/x'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('https://hooks.example.com:8443/'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('https://hooks.example.com/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('https://plain.example.com/'), allowed)).toBe(true);
    expect(isHostAllowed(new URL('http://plain.example.com/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('https://evil-api.example.com/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('https://api.example.com.evil.test/'), allowed)).toBe(false);
    expect(isHostAllowed(new URL('http://[::1]:3000/'), ['[::1]:3000'])).toBe(true);
  });
});

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111'])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe('findRefusedAddress', () => {
  const url = new URL('http://service.test:8080/');

  it('refuses the first non-public address unless that address is listed (with the port or without)', () => {
    expect(findRefusedAddress(url, ['8.8.8.8', '10.0.0.7'], ['service.test'])).toEqual({ address: '10.0.0.7', kind: 'private' });
    expect(findRefusedAddress(url, ['10.0.0.7'], ['service.test', '10.0.0.7:8080'])).toBeNull();
    expect(findRefusedAddress(url, ['10.0.0.7'], ['service.test', '10.0.0.7'])).toBeNull();
    expect(findRefusedAddress(url, ['10.0.0.7'], ['service.test', '10.0.0.7:9090'])).toEqual({ address: '10.0.0.7', kind: 'private' });
    expect(findRefusedAddress(url, ['8.8.8.8'], ['service.test'])).toBeNull();
  });

  it('lets a listed localhost reach loopback addresses, and nothing else', () => {
    const localhost = new URL('http://localhost:3000/');
    expect(findRefusedAddress(localhost, ['::1', '127.0.0.1'], ['localhost:3000'])).toBeNull();
    expect(findRefusedAddress(localhost, ['192.168.0.2'], ['localhost:3000'])).toEqual({ address: '192.168.0.2', kind: 'private' });
  });
});
