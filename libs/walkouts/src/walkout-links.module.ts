import { WebModule } from '@app/web';
import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { WalkoutsModule } from './walkouts.module';
import { DeclarationLinkController } from './links/declaration-link.controller';
import { DeclarationLinkPages } from './links/declaration-page';

/** API side: the staff's daily declaration link pages (`/d/:token`), on the NHS.UK templates of the web lib. */
@Module({
  imports: [WalkoutsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [DeclarationLinkController],
  providers: [DeclarationLinkPages],
})
export class WalkoutLinksModule {}
