import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { AuthAuditRepository } from './auth-audit.repository';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottle } from './login-throttle.service';
import { timingDummyHash } from './password-hasher';
import { SessionCheckCache } from './session-check.cache';
import { SessionRepository } from './session.repository';
import { UserController } from './user.controller';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [AuthController, UserController],
  providers: [
    AuthService,
    UserService,
    LoginThrottle,
    SessionCheckCache,
    UserRepository,
    SessionRepository,
    LoginThrottleRepository,
    AuthAuditRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UserService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(@Inject(UserService) private readonly users: UserService) {}

  async onApplicationBootstrap(): Promise<void> {
    // Computed now, not on the first unknown email, so that request is not slower than the others.
    await timingDummyHash();
    await this.users.ensureBootstrapAdmin();
  }
}
