import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ShiftPrice } from '../engine/rate-card';

@Entity({ name: 'cover_assignment' })
export class CoverAssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('uuid') walkoutId: string;
  @Column('uuid') departmentId: string;
  @Column('uuid') staffId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text') source: 'manual' | 'autofill';
  @Column('timestamptz') consentRecordedAt: Date;
  @Column('uuid', { nullable: true }) consentRecordedBy: string | null;
  @Column('integer') pricePence: number;
  @Column('jsonb') priceByBand: ShiftPrice['byBand'];
  @Column('text') rateCard: string;
  @Column('integer') sequence: number;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @Column('uuid', { nullable: true }) cancelledBy: string | null;
}
