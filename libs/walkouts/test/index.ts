import { Clock } from '@app/core';
import { DataSource } from 'typeorm';
import { WalkoutReads } from '../src/walkouts/walkout-reads';
import { ParticipationRepository } from '../src/participation/participation.repository';

/** Walkouts' read port over a test database, for other libs' repository tests (no Nest module needed). */
export function walkoutReadsFor(dataSource: DataSource, clock: Clock = new Clock()): WalkoutReads {
  return new WalkoutReads(new ParticipationRepository(dataSource), clock);
}
