import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { AuthError, AuthErrorCode } from './auth.errors';
import { CurrentUser, RequireAccess } from './auth.decorators';
import { CreateUserDto, ListUsersQueryDto, PageOfUsersDto, UserResponseDto, toUserPage, toUserResponse } from './dto/user.dto';
import { AuthUser } from './role';
import { UserService } from './user.service';
import { UuidParam } from './uuid-param.pipe';

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
  @ApiErrors(AuthError, AuthErrorCode.TrustRequired, AuthErrorCode.RoleNotAllowed, AuthErrorCode.EmailTaken)
  @ApiErrors(CommonError, CommonErrorCode.NotFound)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.createUser(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List users, by email', description: 'National admins see every user (`trustId` narrows to one trust); trust admins see their own trust.' })
  @ApiOkResponse({ type: PageOfUsersDto })
  @ApiErrors(CommonError, CommonErrorCode.NotFound)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListUsersQueryDto): Promise<PageOfUsersDto> {
    return toUserPage(await this.users.listUsers(actor, query));
  }

  @Get(':userId')
  @ApiOperation({ summary: 'One user' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponseDto })
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
  @ApiErrors(AuthError, AuthErrorCode.CannotDisableSelf)
  async disable(@CurrentUser() actor: AuthUser, @Param('userId', UuidParam) userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.disableUser(actor, userId));
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user', description: 'They can sign in again (their old sign-ins stay ended). Enabling an enabled user changes nothing.' })
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: UserResponseDto })
  async enable(@CurrentUser() actor: AuthUser, @Param('userId', UuidParam) userId: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.enableUser(actor, userId));
  }
}
