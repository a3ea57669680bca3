import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../errors/error-response.dto';
import { CurrentUser, RequireAccess } from './auth.decorators';
import { CreateUserDto, ListUsersQueryDto, PageOfUsersDto, UserResponseDto, toUserPage, toUserResponse } from './dto/user.dto';
import { AuthUser } from './role';
import { UserService } from './user.service';
import { UuidParam } from './uuid-param.pipe';

const UNAUTHENTICATED = { status: 401, codes: ['UNAUTHENTICATED', 'ACCOUNT_DISABLED'], description: 'No valid bearer token' };
const NOT_ADMIN = { status: 403, codes: ['FORBIDDEN'], description: 'Trust viewers cannot manage users' };
const USER_NOT_FOUND = { status: 404, codes: ['NOT_FOUND'], description: 'No such user, or not one you manage (another trust’s user, or a national admin for a trust admin)' };
const USER_ID = { name: 'userId', format: 'uuid' };

/** Accounts. National admins manage everyone; trust admins their own trust's users. */
@ApiTags('users')
@ApiBearerAuth()
@RequireAccess('write')
@Controller('api/v1/users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user', description: 'A trust admin creates users of their own trust and cannot create national admins.' })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED', 'TRUST_REQUIRED'], description: 'A field is missing or malformed, or a trust role has no trust' },
    UNAUTHENTICATED,
    { status: 403, codes: ['FORBIDDEN', 'ROLE_NOT_ALLOWED'], description: 'Trust viewers cannot create users; trust admins cannot create national admins' },
    { status: 404, codes: ['NOT_FOUND'], description: 'The trust does not exist or is not yours' },
    { status: 409, codes: ['EMAIL_TAKEN'], description: 'A user with this email exists' },
  )
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.createUser(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List users, by email', description: 'National admins see every user (`trustId` narrows to one trust); trust admins see their own trust.' })
  @ApiOkResponse({ type: PageOfUsersDto })
  @ApiErrorResponses(
    { status: 400, codes: ['VALIDATION_FAILED'], description: 'trustId, limit or cursor malformed' },
    UNAUTHENTICATED,
    NOT_ADMIN,
    { status: 404, codes: ['NOT_FOUND'], description: 'The trust does not exist or is not yours' },
  )
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListUsersQueryDto): Promise<PageOfUsersDto> {
    return toUserPage(await this.users.listUsers(actor, query));
  }

  @Get(':userId')
  @ApiOperation({ summary: 'One user' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses(UNAUTHENTICATED, NOT_ADMIN, USER_NOT_FOUND)
  async get(@CurrentUser() actor: AuthUser, @Param('userId', UuidParam) userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.getUser(actor, userId));
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable a user',
    description: 'They cannot sign in, and their access and refresh tokens stop working (within AUTH_CACHE_SECONDS on other API processes). Disabling a disabled user changes nothing.',
  })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses(UNAUTHENTICATED, NOT_ADMIN, USER_NOT_FOUND, { status: 422, codes: ['CANNOT_DISABLE_SELF'], description: 'You cannot disable your own account' })
  async disable(@CurrentUser() actor: AuthUser, @Param('userId', UuidParam) userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.disableUser(actor, userId));
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user', description: 'They can sign in again (their old sign-ins stay ended). Enabling an enabled user changes nothing.' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses(UNAUTHENTICATED, NOT_ADMIN, USER_NOT_FOUND)
  async enable(@CurrentUser() actor: AuthUser, @Param('userId', UuidParam) userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.enableUser(actor, userId));
  }
}
