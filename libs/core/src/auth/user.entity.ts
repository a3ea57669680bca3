import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role';

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  passwordHash: string;

  @Column('text')
  role: Role;

  @Column('uuid', { nullable: true })
  trustId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
