import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'site' })
export class SiteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') trustId: string;
  @Column('text') odsSiteCode: string;
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
