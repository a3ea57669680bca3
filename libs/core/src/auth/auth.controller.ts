import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { AuthError, AuthErrorCode } from './auth.errors';
import { ClientAddress, CurrentUser, Public, RequireAccess } from './auth.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto, RefreshRequestDto, TokenRequestDto, TokenResponseDto, toTokenResponse } from './dto/auth.dto';
import { AuthAuditQueryDto, PageOfAuthAuditDto, UserResponseDto, toAuthAuditPage, toUserResponse } from './dto/user.dto';
import { AuthUser } from './role';
import { UserService } from './user.service';


@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Returns a short-lived access token and a refresh token. Limited per client address (LOGIN_RATE_PER_MINUTE) and per account ' +
      '(LOGIN_LOCKOUT_THRESHOLD failures lock the account for LOGIN_LOCKOUT_SECONDS, doubling up to LOGIN_LOCKOUT_MAX_SECONDS); ' +
      'unknown emails get exactly the same answers.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrors(AuthError, AuthErrorCode.InvalidCredentials, AuthErrorCode.AccountDisabled, AuthErrorCode.AccountLocked)
  @ApiErrors(CommonError, CommonErrorCode.RateLimited)
  async token(@Body() body: TokenRequestDto, @ClientAddress() clientAddress: string): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.signIn({ email: body.email, password: body.password, clientAddress }));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access and refresh token',
    description: 'Each refresh token works once. Presenting a used one again revokes the whole sign-in (someone has a copy). Refresh one request at a time.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrors(AuthError, AuthErrorCode.InvalidRefreshToken)
  async refresh(@Body() body: RefreshRequestDto, @ClientAddress() clientAddress: string): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.refresh(body.refreshToken, clientAddress));
  }

  @ApiBearerAuth()
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends this sign-in (its access and refresh tokens stop working)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.signOut(user);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password', description: 'Ends your other sign-ins; this one stays signed in. Clears mustChangePassword.' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrors(AuthError, AuthErrorCode.CurrentPasswordWrong, AuthErrorCode.AccountLocked)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto, @ClientAddress() clientAddress: string): Promise<void> {
    await this.auth.changePassword(user, { currentPassword: body.currentPassword, newPassword: body.newPassword, clientAddress });
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Your own account' })
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.profile(user));
  }

  @ApiBearerAuth()
  @RequireAccess('national')
  @Get('audit')
  @ApiOperation({ summary: 'Account changes (user created, disabled, enabled, password changed), newest first', description: 'National admins only. Append-only.' })
  @ApiOkResponse({ type: PageOfAuthAuditDto })
  async audit(@Query() query: AuthAuditQueryDto): Promise<PageOfAuthAuditDto> {
    return toAuthAuditPage(await this.users.auditLog(query));
  }
}
