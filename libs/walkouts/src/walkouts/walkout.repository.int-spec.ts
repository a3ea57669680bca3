import { Transactions } from '@app/core';
import { openTestDataSource } from '@app/core/testing';
import { DataSource } from 'typeorm';
import { WalkoutRepository } from './walkout.repository';

describe('walkout repository (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let repository: WalkoutRepository;
  let transactions: Transactions;
  let trustId: string;

  beforeAll(async () => {
    ({ dataSource, close } = await openTestDataSource());
    repository = new WalkoutRepository(dataSource);
    transactions = new Transactions(dataSource);
    [{ id: trustId }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RAL', 'Royal Free') RETURNING id`);
  });
  afterAll(() => close());

  const newWalkout = () => ({
    trustId,
    unionName: 'BMA',
    staffGroups: ['resident-doctor'],
    mode: 'full-walkout' as const,
    startsAt: new Date('2026-01-12T07:00:00Z'),
    endsAt: new Date('2026-01-14T07:00:00Z'),
    noticeReceivedAt: new Date('2025-12-01T00:00:00Z'),
    siteIds: [],
    createdBy: null,
  });

  it('lets exactly one of ten concurrent call-offs win', async () => {
    const id = await transactions.run((tx) => repository.insert(tx, newWalkout()));
    const now = new Date('2026-01-01T00:00:00Z');
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => repository.callOff(trustId, id, `reason ${n}`, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('does not call off a walkout of another trust, even with its id', async () => {
    const id = await transactions.run((tx) => repository.insert(tx, newWalkout()));
    const [{ id: otherTrust }] = await dataSource.query(`INSERT INTO trust (ods_code, name) VALUES ('RWY', 'Calderdale') RETURNING id`);
    expect(await repository.callOff(otherTrust, id, 'nope', new Date('2026-01-01T00:00:00Z'))).toBe(false);
    expect(await repository.findById(otherTrust, id)).toBeNull();
    expect((await repository.findById(trustId, id))?.calledOffAt).toBeNull();
  });

  it('refuses to call off a walkout whose end has passed', async () => {
    const id = await transactions.run((tx) => repository.insert(tx, newWalkout()));
    expect(await repository.callOff(trustId, id, 'late', new Date('2026-01-14T07:00:00Z'))).toBe(false);
  });
});
