import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Role } from '../role';
import { CreatedUser, IssuedToken } from '../auth.service';

export class TokenRequestDto {
  @ApiProperty({ example: 'cell@rqm.nhs.uk' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
}

export function toTokenResponse(token: IssuedToken): TokenResponseDto {
  return { accessToken: token.accessToken, expiresIn: token.expiresIn };
}

export class CreateUserDto {
  @ApiProperty({ example: 'cell@rqm.nhs.uk' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) trustId: string | null;
  @ApiProperty() createdAt: string;
}

export function toUserResponse(user: CreatedUser): UserResponseDto {
  return { id: user.id, email: user.email, role: user.role, trustId: user.trustId, createdAt: new Date(user.createdAt).toISOString() };
}
