import { describe, expect, it } from 'vitest';
import { canonicalJson, graphContentHash } from '../../../engine/plan/content-hash';
import { makeGraph, makeStep } from '../../helpers/builders';

describe('graphContentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(graphContentHash(makeGraph({ a: [] }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is equal for equal graphs whose object keys were written in another order', () => {
    const graph = makeGraph(
      [makeStep('a', { input: { model: 'big', options: { temperature: 0, stop: ['\n'] } } }), makeStep('b', { dependsOn: ['a'] })],
      { a: { x: 1, y: 2 }, b: { x: 3, y: 4 } },
    );
    const reordered = {
      layout: { b: { y: 4, x: 3 }, a: { y: 2, x: 1 } },
      steps: [
        { input: { options: { stop: ['\n'], temperature: 0 }, model: 'big' }, dependsOn: [], agent: 'echo', title: 'Step a', id: 'a' },
        { dependsOn: ['a'], agent: 'echo', id: 'b', input: {}, title: 'Step b' },
      ],
    };
    expect(graphContentHash(reordered)).toBe(graphContentHash(graph));
    expect(graphContentHash(structuredClone(graph))).toBe(graphContentHash(graph));
  });

  it('differs when a step, an input, a dependency or the layout differs', () => {
    const base = makeGraph({ a: [], b: ['a'] }, { a: { x: 0, y: 0 } });
    const hash = graphContentHash(base);
    const variants = [
      makeGraph({ a: [], b: ['a'], c: [] }, { a: { x: 0, y: 0 } }),
      makeGraph({ a: [], b: [] }, { a: { x: 0, y: 0 } }),
      makeGraph([makeStep('a', { title: 'Renamed' }), makeStep('b', { dependsOn: ['a'] })], { a: { x: 0, y: 0 } }),
      makeGraph([makeStep('a', { input: { n: 1 } }), makeStep('b', { dependsOn: ['a'] })], { a: { x: 0, y: 0 } }),
      makeGraph({ a: [], b: ['a'] }, { a: { x: 0, y: 1 } }),
      makeGraph({ a: [], b: ['a'] }),
    ];
    const hashes = variants.map(graphContentHash);
    for (const other of hashes) expect(other).not.toBe(hash);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('treats an absent optional field like one left undefined', () => {
    const withUndefined = makeGraph([{ ...makeStep('a'), approval: undefined }]);
    expect(graphContentHash(withUndefined)).toBe(graphContentHash(makeGraph([makeStep('a')])));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
