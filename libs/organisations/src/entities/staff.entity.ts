import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StaffGrade } from '../organisation.constants';

@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('text') staffNumber: string;
  @Column('text') givenName: string;
  @Column('text') familyName: string;
  @Column('text') grade: StaffGrade;
  @Column('text') specialty: string;
  @Column('uuid', { nullable: true }) siteId: string | null;
  @Column('uuid', { nullable: true }) departmentId: string | null;
  @Column('text', { nullable: true }) mobile: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) gmcNumber: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
