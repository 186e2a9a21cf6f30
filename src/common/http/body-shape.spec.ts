import { bodyShapeProblem, MAX_BODY_DEPTH, MAX_BODY_VALUES } from './body-shape.js';

describe('bodyShapeProblem', () => {
  const nest = (levels: number): unknown => {
    let v: unknown = 0;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };

  it('accepts ordinary bodies up to the depth bound', () => {
    expect(bodyShapeProblem(undefined)).toBeUndefined();
    expect(bodyShapeProblem({ redirect_uris: ['https://a.example/cb'], jwks: { keys: [{ kty: 'EC' }] } })).toBeUndefined();
    expect(bodyShapeProblem(nest(MAX_BODY_DEPTH - 1))).toBeUndefined();
  });

  it('refuses one level more, and 100,000 levels, without recursion', () => {
    expect(bodyShapeProblem(nest(MAX_BODY_DEPTH + 1))).toMatch(/deeper than/);
    expect(bodyShapeProblem(nest(100_000))).toMatch(/deeper than/);
  });

  it('refuses more values than the bound, flat or spread out', () => {
    expect(bodyShapeProblem(Array.from({ length: MAX_BODY_VALUES }, () => 1))).toMatch(/more than/);
    expect(bodyShapeProblem(Object.fromEntries(Array.from({ length: MAX_BODY_VALUES }, (_, i) => [`k${i}`, [1]])))).toMatch(/more than/);
  });
});
