import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto';
import { Page } from '../../pagination/cursor';
import { AUTH_AUDIT_ACTIONS, AuthAuditAction, AuthAuditRecord } from '../auth-audit.repository';
import { Role } from '../role';
import { UserRecord } from '../user.repository';

export class CreateUserDto {
  @ApiProperty({ example: 'cell@rqm.nhs.uk', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for trust roles (a trust admin’s own trust by default); empty for a national admin' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'National admins: only this trust’s users. Trust admins: their own trust only.' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export class AuthAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries about this user' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries about this trust’s users' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trustId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set while the user cannot sign in' }) disabledAt: string | null;
  @ApiProperty({ description: 'The password was set by someone else and should be changed' }) mustChangePassword: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSignInAt: string | null;
}

export class PageOfUsersDto {
  @ApiProperty({ type: [UserResponseDto] }) items: UserResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AuthAuditEntryDto {
  @ApiProperty({ description: 'Sequence number: entries are in the order they were written', pattern: '^[0-9]+$' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: AUTH_AUDIT_ACTIONS }) action: AuthAuditAction;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the service itself (bootstrap admin, seed)' }) actorUserId: string | null;
  @ApiProperty({ format: 'uuid' }) subjectUserId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trustId: string | null;
}

export class PageOfAuthAuditDto {
  @ApiProperty({ type: [AuthAuditEntryDto] }) items: AuthAuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toUserResponse(user: UserRecord): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    trustId: user.trustId,
    createdAt: new Date(user.createdAt).toISOString(),
    disabledAt: iso(user.disabledAt),
    mustChangePassword: user.mustChangePassword,
    lastSignInAt: iso(user.lastSignInAt),
  };
}

export function toUserPage(page: Page<UserRecord>): PageOfUsersDto {
  return { items: page.items.map(toUserResponse), nextCursor: page.nextCursor };
}

export function toAuthAuditPage(page: Page<AuthAuditRecord>): PageOfAuthAuditDto {
  return {
    items: page.items.map((entry) => ({
      id: entry.id,
      at: new Date(entry.at).toISOString(),
      action: entry.action,
      actorUserId: entry.actorUserId,
      subjectUserId: entry.subjectUserId,
      trustId: entry.trustId,
    })),
    nextCursor: page.nextCursor,
  };
}
