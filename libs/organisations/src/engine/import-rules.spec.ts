import { byRowIndex, duplicateKeyProblems, placementProblems } from './import-rules';

describe('import rules', () => {
  it('reports every repeated natural key with the row it repeats', () => {
    const items = [{ n: 'A' }, { n: 'B' }, { n: 'A' }, { n: 'A' }];
    expect(duplicateKeyProblems(items, 'staffNumber', (i) => i.n)).toEqual([
      { field: 'items[2].staffNumber', message: 'repeats items[0].staffNumber in the same import' },
      { field: 'items[3].staffNumber', message: 'repeats items[0].staffNumber in the same import' },
    ]);
  });

  it("refuses another trust's site, an unknown department and a department at a different site", () => {
    const sites = new Set(['s1', 's2']);
    const departments = new Map([['d1', 's1']]);
    const problems = placementProblems(
      [{ siteId: 's1', departmentId: 'd1' }, { siteId: 'other-trust-site' }, { departmentId: 'nope' }, { siteId: 's2', departmentId: 'd1' }],
      sites,
      departments,
    );
    expect(problems.map((p) => p.field)).toEqual(['items[1].siteId', 'items[2].departmentId', 'items[3].departmentId']);
  });

  it('orders problems by row', () => {
    expect(byRowIndex([{ field: 'items[10].a', message: '' }, { field: 'items[2].b', message: '' }]).map((d) => d.field)).toEqual(['items[2].b', 'items[10].a']);
  });
});
