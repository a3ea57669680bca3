import { OrganisationsModule } from '@app/organisations';
import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { ConsoleHomeController } from './console-home.controller';

/**
 * The strike cell's console (`/console`): server-rendered pages on the NHS.UK design system, signed in
 * with a session (libs/web). For now its landing pages; the walkout, cover, messages, incident and
 * national pages join here.
 */
@Module({
  imports: [OrganisationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [ConsoleHomeController],
})
export class ConsoleModule {}
