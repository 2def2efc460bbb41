import { describe, expect, it } from 'vitest';
import { describeSecret, displayName, isHighEntropyToken, maskLine, secretDigest32 } from '../src/credentials/mask.js';

const GHP = `ghp_${'Ab3Cd5Ef7Gh9'.repeat(3)}`;

describe('masking', () => {
  it('describes a secret by its public prefix and length only', () => {
    expect(describeSecret(GHP)).toBe('ghp_…(40 chars)');
    expect(describeSecret('q7Vt2xR9mK4pL8wZ3nB6cY1dF5gH0jS2')).toBe('…(32 chars)');
    // A prefix with too little after it is not shown: it would be most of the secret.
    expect(describeSecret('ghp_abc')).toBe('…(7 chars)');
  });

  it('masks the given span and every other high-entropy token on the line', () => {
    const line = `TOKEN=${GHP} OTHER=Zx8Cv2Bn6Mq4Wl9RtYu1 name=service-account-reader`;
    expect(maskLine(line, [{ start: 6, end: 46 }])).toBe('TOKEN=ghp_…(40 chars) OTHER=…(20 chars) name=service-account-reader');
  });

  it('clips spans to the line instead of wrapping around', () => {
    expect(maskLine('abc', [{ start: -5, end: 2 }])).toBe('…(2 chars)c');
    expect(maskLine('abc', [{ start: 1, end: 99 }])).toBe('a…(2 chars)');
  });

  it('knows random from words', () => {
    expect(isHighEntropyToken('q7Vt2xR9mK4pL8wZ3nB6cY1dF5gH0jS2')).toBe(true);
    expect(isHighEntropyToken('service-account-reader')).toBe(false); // no digit
    expect(isHighEntropyToken('aaaaaaaaaaaaaaaaaaaa1')).toBe(false); // low entropy
    expect(isHighEntropyToken('Zx8Cv2Bn6Mq4Wl9Rt', 20)).toBe(false); // under the minimum length
  });

  it('digests a secret to 32 bits', () => {
    expect(secretDigest32(GHP)).toMatch(/^[0-9a-f]{8}$/);
    expect(secretDigest32(GHP)).not.toBe(secretDigest32(`${GHP}x`));
  });

  it('shows a name from a config without the credentials inside it', () => {
    // A package spec or URL carrying a token in its userinfo, or a token run among other words.
    expect(displayName(`tools@git+https://${GHP}@github.com/o/r.git`)).toBe('tools@git+https://ghp_…(40 chars)@github.com/o/r.git');
    expect(displayName('git+https://deploy:s3cret-Pa55@git.example.com/r.git')).toBe('git+https://…(18 chars)@git.example.com/r.git');
    expect(displayName(`run ${GHP} now`)).toBe('run ghp_…(40 chars) now');
    // A user name and a package name stay readable.
    expect(displayName('git+ssh://git@github.com/o/r.git')).toBe('git+ssh://git@github.com/o/r.git');
    expect(displayName('@upstash/context7-mcp@latest')).toBe('@upstash/context7-mcp@latest');
  });
});
