import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DepartmentKind } from '../organisation.constants';

@Entity({ name: 'department' })
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('uuid') siteId: string;
  @Column('text') name: string;
  @Column('text') kind: DepartmentKind;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
