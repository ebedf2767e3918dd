import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainEvents,
  chainHash,
  eventContent,
  eventDigest,
  linkText,
  runningHash,
  sha256Hex,
} from './hash-chain';

const event = {
  id: '0b6c4b6e-3c55-4d8e-9a43-2b8f0d1e7a01',
  type: 'PlacementBrokered',
  data: { days: 6, school: { urn: 137_157, name: 'Comberton' } },
  metadata: { correlationId: 'c-1', schemaVersion: 1 },
};

describe('canonical JSON', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('does not depend on the order keys were written in', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: null } })).toBe(
      canonicalJson({ z: { q: null }, y: [1, 2], x: 1 }),
    );
  });

  it('writes what JSON.stringify writes for the values jsonb gives back', () => {
    const values = [
      0.1,
      1e21,
      -5,
      5e-324,
      -0,
      'Zoë e\u0301 🏫 "\\/\n',
      'plain',
      '\u0001\u001f\u007f\u2028',
      '\ud800 lone',
      true,
      false,
      null,
      [1, 'a', null],
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });

  it('drops undefined members and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('equals the canonical form of its own JSON round trip', () => {
    const value = { when: new Date('2026-11-27T09:15:00.000Z'), n: -0, nested: { deep: [{ b: 2, a: 1 }] } };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it('refuses a bigint rather than hashing something that cannot be stored', () => {
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});

describe('event hashes', () => {
  it('a digest changes with the id, the type, the data and the metadata', () => {
    const digest = eventDigest(event);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(eventDigest({ ...event, id: event.id.toUpperCase() })).toBe(digest);
    expect(eventDigest({ ...event, id: '0b6c4b6e-3c55-4d8e-9a43-2b8f0d1e7a02' })).not.toBe(digest);
    expect(eventDigest({ ...event, type: 'PlacementEnded' })).not.toBe(digest);
    expect(eventDigest({ ...event, data: { ...event.data, days: 7 } })).not.toBe(digest);
    expect(eventDigest({ ...event, metadata: { ...event.metadata, schemaVersion: 2 } })).not.toBe(digest);
  });

  it('sha256Hex is SHA-256 over the UTF-8 bytes, in lower-case hex', () => {
    // The FIPS 180-2 test vector, and a character that is two bytes in UTF-8.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
  });

  it('a digest is taken over the event content: the event as canonical JSON, id in lower case', () => {
    const content = eventContent({ ...event, id: event.id.toUpperCase() });
    expect(content).toBe(
      '{"data":{"days":6,"school":{"name":"Comberton","urn":137157}},' +
        '"id":"0b6c4b6e-3c55-4d8e-9a43-2b8f0d1e7a01",' +
        '"metadata":{"correlationId":"c-1","schemaVersion":1},"type":"PlacementBrokered"}',
    );
    expect(eventDigest(event)).toBe(sha256Hex(content));
  });

  it('a hash is SHA-256 over the documented link text', () => {
    expect(chainHash('placement-1', 3, 'ab'.repeat(32), event)).toBe(
      sha256Hex(`lle-chain-v1|3|${'ab'.repeat(32)}|${eventDigest(event)}|placement-1`),
    );
    expect(linkText('s|1', 0, null, 'd')).toBe('lle-chain-v1|0||d|s|1');
  });

  it('a hash changes with the stream, the revision and the previous hash', () => {
    const hash = chainHash('placement-1', 1, null, event);
    expect(chainHash('placement-2', 1, null, event)).not.toBe(hash);
    expect(chainHash('placement-1', 2, null, event)).not.toBe(hash);
    expect(chainHash('placement-1', 1, 'ab'.repeat(32), event)).not.toBe(hash);
  });

  it('chains a batch: each event links to the one before it', () => {
    const second = { ...event, id: '0b6c4b6e-3c55-4d8e-9a43-2b8f0d1e7a02' };
    const links = chainEvents('placement-1', 4, 'cd'.repeat(32), [event, second]);
    expect(links[0]).toEqual({
      previousHash: 'cd'.repeat(32),
      hash: chainHash('placement-1', 4, 'cd'.repeat(32), event),
    });
    expect(links[1]).toEqual({
      previousHash: links[0]!.hash,
      hash: chainHash('placement-1', 5, links[0]!.hash, second),
    });
  });

  it('the running hash commits to the position, stream, revision and event hash', () => {
    const step = { position: 10n, streamId: 's', revision: 0, hash: 'ef'.repeat(32) };
    const running = runningHash('', step);
    expect(running).toBe(sha256Hex(`lle-log-v1||10|0|${'ef'.repeat(32)}|s`));
    expect(runningHash('', { ...step, position: 11n })).not.toBe(running);
    expect(runningHash(running, step)).not.toBe(running);
  });
});
