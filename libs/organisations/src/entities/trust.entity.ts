import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'trust' })
export class TrustEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') odsCode: string;
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
