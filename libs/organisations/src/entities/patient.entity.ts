import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ContactChannel } from '../organisation.constants';

@Entity({ name: 'patient' })
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('text') nhsNumber: string;
  @Column('text') givenName: string;
  @Column('text') familyName: string;
  @Column('date') dateOfBirth: string;
  @Column('text', { nullable: true }) mobile: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { array: true, nullable: true }) addressLines: string[] | null;
  @Column('text', { nullable: true }) postcode: string | null;
  @Column('text', { nullable: true }) preferredChannel: ContactChannel | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
