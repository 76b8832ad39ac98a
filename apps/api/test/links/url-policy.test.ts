import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { normaliseTargetUrl } from '../../src/links/url-policy.ts';

const policy = { publicHostname: 'sho.rt', blockedHosts: ['evil.example', 'phish.test'] };

function refusal(url: string): string {
  try {
    normaliseTargetUrl(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(400);
    return (error as HttpError).message;
  }
  throw new Error(`expected ${JSON.stringify(url)} to be refused`);
}

describe('normaliseTargetUrl accepts public http(s) URLs', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a/b?c=d#e', 'http://example.com/a/b?c=d#e'],
    ['https://EXAMPLE.com:8443/Path', 'https://example.com:8443/Path'],
    ['https://bücher.example/straße', 'https://xn--bcher-kva.example/stra%C3%9Fe'],
    ['https://8.8.8.8/dns', 'https://8.8.8.8/dns'],
    ['https://[2606:4700:4700::1111]/', 'https://[2606:4700:4700::1111]/'],
    // NAT64 and 6to4 reach the public IPv4 address they carry
    ['https://[64:ff9b::808:808]/', 'https://[64:ff9b::808:808]/'],
    ['https://[2002:808:808::1]/', 'https://[2002:808:808::1]/'],
    ['https://notevil.example/', 'https://notevil.example/'],
    ['https://sho.rt.example.com/', 'https://sho.rt.example.com/'],
  ])('%s', (input, expected) => {
    expect(normaliseTargetUrl(input, policy)).toBe(expected);
  });
});

describe('normaliseTargetUrl refuses, naming the rule', () => {
  it.each([
    // scheme
    ['javascript:alert(1)', /http or https, not javascript/],
    ['data:text/html,<script>alert(1)</script>', /http or https, not data/],
    ['file:///etc/passwd', /http or https, not file/],
    ['ftp://example.com/file', /http or https, not ftp/],
    ['mailto:someone@example.com', /http or https, not mailto/],
    // shape
    ['example.com/no-scheme', /absolute URL/],
    ['/relative/path', /absolute URL/],
    ['https://', /absolute URL/],
    [`https://example.com/${'a'.repeat(2040)}`, /at most 2048 characters/],
    // credentials
    ['https://user:secret@example.com/', /user name or password/],
    ['https://user@example.com/', /user name or password/],
    // whitespace and control characters (header injection)
    ['https://example.com/a\r\nSet-Cookie: x=1', /whitespace or control/],
    ['https://example.com/a b', /whitespace or control/],
    ['https://example.com/\u0000', /whitespace or control/],
    ['https://example.com/\tx', /whitespace or control/],
    ['https://example.com/\u0085', /whitespace or control/],
    // loopback in every spelling
    ['http://localhost/', /local to the server/],
    ['http://LOCALHOST:3000/', /local to the server/],
    ['http://app.localhost/', /local to the server/],
    ['http://127.0.0.1/', /loopback, private/],
    ['http://127.1/', /loopback, private/],
    ['http://2130706433/', /loopback, private/],
    ['http://0x7f.1/', /loopback, private/],
    ['http://0177.0.0.1/', /loopback, private/],
    ['http://0x7f000001/', /loopback, private/],
    ['http://[::1]/', /loopback, private/],
    ['http://[::ffff:127.0.0.1]/', /loopback, private/],
    ['http://0.0.0.0/', /loopback, private/],
    // private, link-local, metadata, CGNAT
    ['http://10.0.0.5/', /loopback, private/],
    ['http://172.16.3.4/', /loopback, private/],
    ['http://192.168.1.1/', /loopback, private/],
    ['http://169.254.169.254/latest/meta-data/', /loopback, private/],
    ['http://[fd00:ec2::254]/', /loopback, private/],
    ['http://[fe80::1]/', /loopback, private/],
    ['http://100.100.100.200/', /loopback, private/],
    ['http://[::ffff:10.1.2.3]/', /loopback, private/],
    // IPv4 carried inside IPv6: IPv4-compatible, NAT64 and 6to4
    ['http://[::127.0.0.1]/', /loopback, private/],
    ['http://[::a9fe:a9fe]/', /loopback, private/],
    ['http://[::10.0.0.1]/', /loopback, private/],
    ['http://[64:ff9b::127.0.0.1]/', /loopback, private/],
    ['http://[64:ff9b::a9fe:a9fe]/', /loopback, private/],
    ['http://[2002:7f00:1::1]/', /loopback, private/],
    ['http://[2002:a9fe:a9fe::]/', /loopback, private/],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /loopback, private/],
    ['http://metadata.google.internal/computeMetadata/v1/', /local to the server/],
    // any number of trailing dots names the same host
    ['http://localhost../', /local to the server/],
    ['http://metadata.google.internal../', /local to the server/],
    ['http://intranet/', /not a public domain name/],
    // this service and the blocklist
    ['https://sho.rt/abc', /back to this shortener/],
    ['https://SHO.RT./abc', /back to this shortener/],
    ['https://sho.rt../x', /back to this shortener/],
    ['https://www.sho.rt/abc', /back to this shortener/],
    ['https://evil.example/login', /is blocked/],
    ['https://login.evil.example/', /is blocked/],
    ['https://PHISH.test/', /is blocked/],
    ['https://evil.example.../', /is blocked/],
  ])('%j', (input, rule) => {
    expect(refusal(input)).toMatch(rule);
  });
});
