import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SignedIn } from '../auth.service';

export class TokenRequestDto {
  @ApiProperty({ example: 'cell@rqm.nhs.uk', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshRequestDto {
  @ApiProperty({ description: 'The refreshToken of the last token response (each works once)', pattern: '^[A-Za-z0-9_-]{43}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'is not a refresh token this service issued' })
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'At least 12 characters, different from the current one' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires (JWT_EXPIRES_IN_SECONDS, never past the sign-in’s end)', example: 3600 }) expiresIn: number;
  @ApiProperty({ description: 'Opaque; exchange it at POST /api/v1/auth/refresh for a new pair. Works once.' }) refreshToken: string;
  @ApiProperty({ description: 'Seconds until this sign-in ends (REFRESH_TOKEN_LIFETIME_SECONDS from sign-in; refreshing does not extend it)', example: 43200 })
  refreshExpiresIn: number;
  @ApiProperty({ description: 'The password was set by someone else (the bootstrap admin): prompt for a new one (POST /api/v1/auth/password). The API works meanwhile.' })
  mustChangePassword: boolean;
}

export function toTokenResponse(signedIn: SignedIn): TokenResponseDto {
  const { tokens } = signedIn;
  return {
    accessToken: tokens.accessToken,
    tokenType: 'Bearer',
    expiresIn: tokens.expiresIn,
    refreshToken: tokens.refreshToken,
    refreshExpiresIn: tokens.refreshExpiresIn,
    mustChangePassword: signedIn.mustChangePassword,
  };
}
