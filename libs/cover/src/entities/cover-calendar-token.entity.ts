import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'cover_calendar_token' })
export class CoverCalendarTokenEntity {
  @PrimaryColumn('uuid') staffId: string;
  @Column('uuid') trustId: string;
  @Column('bytea') tokenHash: Buffer;
  @Column('bytea') tokenSeed: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
