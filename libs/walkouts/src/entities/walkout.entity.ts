import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { WalkoutMode } from '../engine/walkout-rules';

@Entity({ name: 'walkout' })
export class WalkoutEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('text') unionName: string;
  @Column('text', { array: true }) staffGroups: string[];
  @Column('text') mode: WalkoutMode;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('timestamptz', { nullable: true }) noticeReceivedAt: Date | null;
  @Column('timestamptz', { nullable: true }) calledOffAt: Date | null;
  @Column('text', { nullable: true }) callOffReason: string | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
