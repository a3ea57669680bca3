import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../errors/error-response.dto';
import { ClientAddress, CurrentUser, Public, RequireAccess } from './auth.decorators';
import { AuthService } from './auth.service';
import { ChangePasswordDto, RefreshRequestDto, TokenRequestDto, TokenResponseDto, toTokenResponse } from './dto/auth.dto';
import { AuthAuditQueryDto, PageOfAuthAuditDto, UserResponseDto, toAuthAuditPage, toUserResponse } from './dto/user.dto';
import { AuthUser } from './role';
import { UserService } from './user.service';

const UNAUTHENTICATED = { status: 401, codes: ['UNAUTHENTICATED', 'ACCOUNT_DISABLED'], description: 'No bearer token, or it is invalid, expired, signed out or its user is disabled' };

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
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED'], description: 'email or password missing or malformed' },
    { status: 401, codes: ['INVALID_CREDENTIALS', 'ACCOUNT_DISABLED'], description: 'Wrong email or password, or the account is disabled' },
    { status: 429, codes: ['RATE_LIMITED', 'ACCOUNT_LOCKED'], description: 'Too many attempts from this address, or too many failures for this account' },
  )
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
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED'], description: 'refreshToken missing or not in the shape this service issues' },
    { status: 401, codes: ['INVALID_REFRESH_TOKEN'], description: 'Unknown, used, expired or revoked refresh token, or the user is disabled' },
  )
  async refresh(@Body() body: RefreshRequestDto, @ClientAddress() clientAddress: string): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.refresh(body.refreshToken, clientAddress));
  }

  @ApiBearerAuth()
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends this sign-in (its access and refresh tokens stop working)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrorResponses(UNAUTHENTICATED)
  async signOut(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.signOut(user);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password', description: 'Ends your other sign-ins; this one stays signed in. Clears mustChangePassword.' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED', 'CURRENT_PASSWORD_WRONG'], description: 'newPassword too short, too long or unchanged, or currentPassword wrong' },
    UNAUTHENTICATED,
    { status: 429, codes: ['ACCOUNT_LOCKED'], description: 'Too many wrong current passwords (the sign-in lockout)' },
  )
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto, @ClientAddress() clientAddress: string): Promise<void> {
    await this.auth.changePassword(user, { currentPassword: body.currentPassword, newPassword: body.newPassword, clientAddress });
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Your own account' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses(UNAUTHENTICATED)
  async me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.profile(user));
  }

  @ApiBearerAuth()
  @RequireAccess('national')
  @Get('audit')
  @ApiOperation({ summary: 'Account changes (user created, disabled, enabled, password changed), newest first', description: 'National admins only. Append-only.' })
  @ApiOkResponse({ type: PageOfAuthAuditDto })
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED'], description: 'userId, trustId, limit or cursor malformed' },
    UNAUTHENTICATED,
    { status: 403, codes: ['FORBIDDEN'], description: 'Not a national admin' },
  )
  async audit(@Query() query: AuthAuditQueryDto): Promise<PageOfAuthAuditDto> {
    return toAuthAuditPage(await this.users.auditLog(query));
  }
}
