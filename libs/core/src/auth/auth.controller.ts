import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { AuthError, AuthErrorCode } from './auth.errors';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CurrentUser, Public, RequireAccess } from './auth.decorators';
import { AuthService } from './auth.service';
import { CreateUserDto, TokenRequestDto, TokenResponseDto, UserResponseDto, toTokenResponse, toUserResponse } from './dto/auth.dto';
import { AuthUser } from './role';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiOperation({ summary: 'Sign in: exchange an email and password for an access token' })
  @ApiErrors(AuthError, AuthErrorCode.InvalidCredentials)
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.issueToken(body.email, body.password));
  }

  @ApiBearerAuth()
  @RequireAccess('write')
  @Post('users')
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiOperation({ summary: 'Create a user (national admins any; trust admins for their own trust)' })
  @ApiErrors(AuthError, AuthErrorCode.TrustRequired, AuthErrorCode.RoleNotAllowed, AuthErrorCode.EmailTaken)
  async createUser(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.createUser(actor, body));
  }
}
