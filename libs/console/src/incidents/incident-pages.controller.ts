import { UuidParam } from '@app/core';
import { CreateMajorIncidentDto } from '@app/recall';
import { ConsolePage, ConsoleSession, CurrentSession, FieldProblem, PageReply, sendDownload, sendRedirect } from '@app/web';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { checkAsApi, ConsolePages, formBody, refusalOf, refusalStatus, viewerOf } from '../console-pages';
import { formProblems } from '../engine/form-problems';
import { INCIDENT_FORM_FIELDS, incidentFormValues, METHANE_FIELDS, parseIncidentForm } from '../engine/incident-form';
import { IncidentPageService } from './incident-page.service';

const DONE: Record<string, string> = {
  declared: 'The incident has been recorded. Recall messages go out first, ahead of every patient message.',
  'stood-down': 'The incident has been stood down. Everyone recalled is being told.',
  cancelled: 'The incident has been cancelled.',
};

@ApiTags('console')
@Controller('console/trusts/:trustId/incidents')
export class IncidentPagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly incidents: IncidentPageService,
  ) {}

  @ConsolePage()
  @Get()
  @ApiOperation({ summary: 'A trust’s major incidents (HTML)' })
  @ApiOkResponse({ description: 'The list' })
  async list(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, incidents] = await Promise.all([this.pages.trust(trustId), this.incidents.list(trustId)]);
    this.pages.send(reply, 200, 'console/incidents.njk', { title: 'Major incidents', session, trust, section: 'incidents' }, { incidents });
  }

  @ConsolePage('write')
  @Get('new')
  @ApiOperation({ summary: 'The “Declare an incident” form with METHANE (HTML)' })
  @ApiOkResponse({ description: 'The form' })
  async newIncident(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showForm(reply, 200, trustId, session, incidentFormValues({ level: 'major' }), []);
  }

  @ConsolePage('write')
  @Post()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Declare an incident, or put one on standby (HTML form); a declared major incident recalls striking staff' })
  @ApiSeeOtherResponse({ description: 'Recorded: on to its roll-call board' })
  async create(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Body() rawBody: unknown, @Res() reply: PageReply): Promise<void> {
    const body = formBody(rawBody);
    const values = incidentFormValues(body);
    const form = parseIncidentForm(body);
    if (!form.ok) return this.showForm(reply, 400, trustId, session, values, form.problems);
    const checked = await checkAsApi(CreateMajorIncidentDto, form.request);
    if (!checked.ok) return this.showForm(reply, 400, trustId, session, values, formProblems(checked.problems, INCIDENT_FORM_FIELDS));
    const dto = checked.value;
    try {
      const change = await this.incidents.create(
        trustId,
        {
          level: dto.level,
          state: dto.state,
          siteIds: [...new Set(dto.siteIds.map((id) => id.toLowerCase()))],
          departmentIds: [...new Set((dto.departmentIds ?? []).map((id) => id.toLowerCase()))],
          description: dto.description,
          methane: dto.methane ? { ...dto.methane } : null,
          attendingTarget: dto.attendingTarget ?? null,
          escalateAfterSeconds: null,
          maxEscalationRounds: null,
        },
        session.user,
      );
      sendRedirect(reply, `/console/trusts/${trustId}/incidents/${change.incident.id}?done=declared`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await this.showForm(reply, refusalStatus(error), trustId, session, values, formProblems(refusal, INCIDENT_FORM_FIELDS));
    }
  }

  @ConsolePage()
  @Get(':incidentId')
  @ApiOperation({ summary: 'An incident’s live roll-call board: attending with ETA, unavailable, no answer, by site and department; escalation rounds (HTML)' })
  @ApiOkResponse({ description: 'The incident page' })
  async incident(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @Query('done') done: unknown, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showIncident(reply, 200, trustId, incidentId, session, typeof done === 'string' ? (DONE[done] ?? null) : null, []);
  }

  @ConsolePage()
  @Get(':incidentId/board')
  @ApiOperation({ summary: 'The roll-call board alone, for the incident page’s live-update script (HTML fragment)' })
  @ApiOkResponse({ description: 'The board' })
  async board(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, board] = await Promise.all([this.pages.trust(trustId), this.incidents.board(trustId, incidentId)]);
    this.pages.sendFragment(reply, 'console/_roll-call-board.njk', { trust, incidentId, viewer: viewerOf(session), ...board });
  }

  @ConsolePage()
  @Get(':incidentId/roll-call.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Download the roll-call as CSV (no contact details; the API’s own CSV)' })
  @ApiOkResponse({ description: 'CSV' })
  async csv(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @Res() reply: PageReply): Promise<void> {
    const text = await this.incidents.csv(trustId, incidentId);
    sendDownload(reply, 'text/csv', `roll-call-${incidentId}.csv`, text);
  }

  @ConsolePage('write')
  @Post(':incidentId/stand-down')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Stand a declared incident down (HTML form): everyone recalled is told' })
  @ApiSeeOtherResponse({ description: 'Stood down: back to the incident' })
  async standDown(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.transition(reply, trustId, incidentId, session, 'stand-down');
  }

  @ConsolePage('write')
  @Post(':incidentId/cancel')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Cancel an incident on standby or declared in error (HTML form)' })
  @ApiSeeOtherResponse({ description: 'Cancelled: back to the incident' })
  async cancel(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.transition(reply, trustId, incidentId, session, 'cancel');
  }

  private async transition(reply: PageReply, trustId: string, incidentId: string, session: ConsoleSession, action: 'stand-down' | 'cancel'): Promise<void> {
    try {
      if (action === 'stand-down') await this.incidents.standDown(trustId, incidentId, session.user);
      else await this.incidents.cancel(trustId, incidentId, session.user);
      sendRedirect(reply, `/console/trusts/${trustId}/incidents/${incidentId}?done=${action === 'stand-down' ? 'stood-down' : 'cancelled'}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await this.showIncident(reply, refusalStatus(error), trustId, incidentId, session, null, formProblems(refusal, {}));
    }
  }

  private async showIncident(reply: PageReply, status: number, trustId: string, incidentId: string, session: ConsoleSession, done: string | null, problems: FieldProblem[]): Promise<void> {
    const [trust, view] = await Promise.all([this.pages.trust(trustId), this.incidents.page(trustId, incidentId)]);
    this.pages.send(reply, status, 'console/incident.njk', { title: view.incident.level, session, trust, section: 'incidents', problems }, { ...view, incidentId, done, columnWidth: 'full' });
  }

  private async showForm(reply: PageReply, status: number, trustId: string, session: ConsoleSession, values: Record<string, unknown>, problems: FieldProblem[]): Promise<void> {
    const [trust, data] = await Promise.all([this.pages.trust(trustId), this.incidents.formData(trustId)]);
    this.pages.send(reply, status, 'console/incident-form.njk', { title: 'Declare an incident', session, trust, section: 'incidents', problems, fieldIds: { level: 'level', siteIds: 'siteIds', state: 'state' } }, {
      values,
      methaneFields: METHANE_FIELDS,
      siteItems: data.sites.map((s) => ({ value: s.id, text: s.name, checked: (values.siteIds as string[]).includes(s.id) })),
      departmentItems: data.departments.map((d) => ({ value: d.id, text: d.name, checked: (values.departmentIds as string[]).includes(d.id) })),
    });
  }
}
