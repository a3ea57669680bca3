import { MetricsModule } from '@app/core';
import { NotificationsModule } from '@app/notifications';
import { OrganisationsModule } from '@app/organisations';
import { WalkoutsModule } from '@app/walkouts';
import { WebModule } from '@app/web';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { join } from 'node:path';
import { DerogationController } from './derogations/derogation.controller';
import { DerogationRecallService } from './derogations/derogation-recall.service';
import { DerogationRepository } from './derogations/derogation.repository';
import { DerogationService } from './derogations/derogation.service';
import { EscalationService } from './recall/escalation.service';
import { IncidentAuditRepository } from './incidents/incident-audit.repository';
import { RecallAnswerContentTypeMiddleware } from './links/recall-answer-content-type.middleware';
import { RecallLinkPages } from './links/recall-page';
import { MajorIncidentController } from './incidents/major-incident.controller';
import { MajorIncidentRepository } from './incidents/major-incident.repository';
import { MajorIncidentService } from './incidents/major-incident.service';
import { RecallLinkController } from './links/recall-link.controller';
import { RecallLinkService } from './links/recall-link.service';
import { RecallRepository } from './recall/recall.repository';
import { RecallScheduler } from './recall/recall-scheduler';
import { RecallService } from './recall/recall.service';
import { RecallAnswers } from './recall/recall-answers';
import { RecallReplyHandler } from './replies/recall-reply.handler';
import { UnmatchedReplyController } from './replies/unmatched-reply.controller';
import { UnmatchedReplyRepository } from './replies/unmatched-reply.repository';
import { UnmatchedReplyService } from './replies/unmatched-reply.service';
import { RecallMetrics } from './recall/recall-metrics';

/** Repositories and the recall machinery, shared by the API module and the worker module. */
export const RECALL_CORE_PROVIDERS = [
  MajorIncidentRepository,
  RecallRepository,
  DerogationRepository,
  IncidentAuditRepository,
  RecallService,
  DerogationRecallService,
  EscalationService,
  RecallScheduler,
  RecallAnswers,
  UnmatchedReplyRepository,
  // Registers itself with notifications' ReplyHandlers: replies to recall texts become answers (API and worker).
  RecallReplyHandler,
];

/** API side: major incidents, derogations, roll-call, audit and the staff recall links. */
@Module({
  imports: [MetricsModule, OrganisationsModule, WalkoutsModule, NotificationsModule, WebModule.forFeature(join(__dirname, 'views'))],
  controllers: [MajorIncidentController, DerogationController, RecallLinkController, UnmatchedReplyController],
  providers: [...RECALL_CORE_PROVIDERS, MajorIncidentService, DerogationService, RecallLinkService, RecallLinkPages, UnmatchedReplyService, RecallMetrics],
  exports: [MajorIncidentService],
})
export class RecallModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RecallAnswerContentTypeMiddleware).forRoutes({ path: 's/:token/respond', method: RequestMethod.POST });
  }
}
