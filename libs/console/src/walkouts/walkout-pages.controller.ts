import { formatLondonShortPeriod, toCsv, UuidParam } from '@app/core';
import { CallOffDto, RecordWalkoutDto, toSitrepResponse, WalkoutService } from '@app/walkouts';
import { RebookingRunRequestDto, DEFAULT_REBOOKING_HORIZON_DAYS, MAX_REBOOKING_HORIZON_DAYS } from '@app/rebooking';
import { ConsolePage, ConsoleSession, CurrentSession, FieldProblem, PageReply, sendDownload, sendRedirect } from '@app/web';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { checkAsApi, ConsolePages, formBody, formText, refusalOf, refusalStatus, viewerOf } from '../console-pages';
import { formProblems } from '../engine/form-problems';
import { parseParticipationCsv } from '../engine/participation-csv';
import { newWalkoutFormValues, parseWalkoutForm, WALKOUT_FORM_FIELDS, walkoutFormValues } from '../engine/walkout-form';
import { WalkoutPageService } from './walkout-page.service';

/** Notices a page shows after a form succeeded (Post/Redirect/Get: the redirect names one of these). */
const DONE: Record<string, string> = {
  recorded: 'The walkout has been recorded.',
  'called-off': 'The walkout has been called off.',
  postponed: 'The appointments have been postponed and their patients’ notices queued.',
  'run-started': 'The rebooking run has started. Its progress shows below.',
  participation: 'Participation has been recorded.',
};

const STAFF_GROUP_ITEMS = [
  { value: 'resident-doctor', text: 'Resident doctors' },
  { value: 'consultant', text: 'Consultants' },
  { value: 'sas', text: 'SAS doctors' },
  { value: 'nurse', text: 'Nurses' },
  { value: 'other', text: 'Other staff' },
];

/** The walkout pages of the console: record, view, call off, postpone, rebook, follow up, sitrep, participation. */
@ApiTags('console')
@Controller('console/trusts/:trustId/walkouts')
export class WalkoutPagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly walkouts: WalkoutPageService,
    private readonly walkoutService: WalkoutService,
  ) {}

  @ConsolePage('write')
  @Get('new')
  @ApiOperation({ summary: 'The “Record a walkout” form (HTML)' })
  @ApiOkResponse({ description: 'The form' })
  async newWalkout(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showWalkoutForm(reply, 200, trustId, session, newWalkoutFormValues(this.walkouts.now()), []);
  }

  @ConsolePage('write')
  @Post()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Record a walkout (HTML form; Europe/London date and time fields)' })
  @ApiSeeOtherResponse({ description: 'Recorded: on to the walkout’s page' })
  async record(@Param('trustId', UuidParam) trustId: string, @CurrentSession() session: ConsoleSession, @Body() rawBody: unknown, @Res() reply: PageReply): Promise<void> {
    const body = formBody(rawBody);
    const values = walkoutFormValues(body);
    const form = parseWalkoutForm(body);
    if (!form.ok) return this.showWalkoutForm(reply, 400, trustId, session, values, form.problems);
    const checked = await checkAsApi(RecordWalkoutDto, { ...form.request });
    if (!checked.ok) return this.showWalkoutForm(reply, 400, trustId, session, values, formProblems(checked.problems, WALKOUT_FORM_FIELDS));
    try {
      const walkout = await this.walkoutService.record(
        trustId,
        {
          union: checked.value.union,
          staffGroups: checked.value.staffGroups,
          mode: checked.value.mode,
          startsAt: new Date(checked.value.startsAt),
          endsAt: new Date(checked.value.endsAt),
          noticeReceivedAt: checked.value.noticeReceivedAt ? new Date(checked.value.noticeReceivedAt) : undefined,
          siteIds: checked.value.siteIds,
        },
        session.user.id,
      );
      sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkout.id}?done=recorded`);
    } catch (error) {
      const problems = refusalOf(error);
      if (!problems) throw error;
      await this.showWalkoutForm(reply, refusalStatus(error), trustId, session, values, formProblems(problems, WALKOUT_FORM_FIELDS));
    }
  }

  @ConsolePage()
  @Get(':walkoutId')
  @ApiOperation({ summary: 'A walkout’s page: impact, postponement, rebooking, cover and sitrep (HTML)' })
  @ApiOkResponse({ description: 'The walkout page' })
  async walkout(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Query('done') done: unknown,
    @CurrentSession() session: ConsoleSession,
    @Res() reply: PageReply,
  ): Promise<void> {
    const [trust, view] = await Promise.all([this.pages.trust(trustId), this.walkouts.page(trustId, walkoutId)]);
    this.pages.send(reply, 200, 'console/walkout.njk', { title: view.walkout.title, session, trust, section: 'walkouts' }, {
      ...view,
      done: typeof done === 'string' ? (DONE[done] ?? null) : null,
      defaultHorizonDays: DEFAULT_REBOOKING_HORIZON_DAYS,
      columnWidth: 'full',
    });
  }

  @ConsolePage()
  @Get(':walkoutId/rebooking-progress')
  @ApiOperation({ summary: 'The rebooking section of a walkout page, for its live-update script (HTML fragment)' })
  @ApiOkResponse({ description: 'The section' })
  async rebookingProgress(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, run] = await Promise.all([this.pages.trust(trustId), this.walkouts.latestRunView(trustId, walkoutId)]);
    this.pages.sendFragment(reply, 'console/_rebooking-run.njk', { trust, run, walkoutId, viewer: viewerOf(session) });
  }

  @ConsolePage('write')
  @Get(':walkoutId/call-off')
  @ApiOperation({ summary: 'The “Call off this walkout” form (HTML)' })
  @ApiOkResponse({ description: 'The form' })
  async callOffForm(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showCallOff(reply, 200, trustId, walkoutId, session, '', []);
  }

  @ConsolePage('write')
  @Post(':walkoutId/call-off')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Call off a walkout with a reason (HTML form)' })
  @ApiSeeOtherResponse({ description: 'Called off: back to the walkout' })
  async callOff(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Body() rawBody: unknown, @Res() reply: PageReply): Promise<void> {
    const reason = formText(formBody(rawBody), 'reason');
    if (!reason) return this.showCallOff(reply, 400, trustId, walkoutId, session, reason, [{ field: 'reason', message: 'Enter why the walkout was called off, for example “Union suspended action after talks”' }]);
    const checked = await checkAsApi(CallOffDto, { reason });
    if (!checked.ok) return this.showCallOff(reply, 400, trustId, walkoutId, session, reason, formProblems(checked.problems, { reason: { id: 'reason', label: 'The reason' } }));
    try {
      await this.walkouts.callOff(trustId, walkoutId, checked.value.reason);
      sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}?done=called-off`);
    } catch (error) {
      const problems = refusalOf(error);
      if (!problems) throw error;
      await this.showCallOff(reply, refusalStatus(error), trustId, walkoutId, session, reason, formProblems(problems, { reason: { id: 'reason', label: 'The reason' } }));
    }
  }

  @ConsolePage('write')
  @Get(':walkoutId/postpone')
  @ApiOperation({ summary: 'Postponement preview: what postponing would do, nothing changed yet (HTML)' })
  @ApiOkResponse({ description: 'The dry run and the confirmation form' })
  async postponePreview(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, walkout] = await Promise.all([this.pages.trust(trustId), this.walkouts.walkout(trustId, walkoutId)]);
    let preview = null;
    let problems: FieldProblem[] = [];
    let status = 200;
    try {
      preview = await this.walkouts.preview(trustId, walkoutId);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      problems = formProblems(refusal, {});
      status = refusalStatus(error);
    }
    this.pages.send(reply, status, 'console/postpone.njk', { title: 'Postpone appointments', session, trust, section: 'walkouts', problems }, { walkoutId, walkout: { period: periodOf(walkout) }, preview });
  }

  @ConsolePage('write')
  @Post(':walkoutId/postpone')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Postpone the walkout’s appointments and queue their notices (HTML form; a repeat changes nothing)' })
  @ApiSeeOtherResponse({ description: 'Postponed: back to the walkout' })
  async postpone(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    try {
      await this.walkouts.postpone(trustId, walkoutId);
      sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}?done=postponed`);
    } catch (error) {
      const problems = refusalOf(error);
      if (!problems) throw error;
      const [trust, walkout] = await Promise.all([this.pages.trust(trustId), this.walkouts.walkout(trustId, walkoutId)]);
      this.pages.send(reply, refusalStatus(error), 'console/postpone.njk', { title: 'Postpone appointments', session, trust, section: 'walkouts', problems: formProblems(problems, {}) }, { walkoutId, walkout: { period: periodOf(walkout) }, preview: null });
    }
  }

  @ConsolePage('write')
  @Post(':walkoutId/rebooking-runs')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Start rebooking the walkout’s postponed appointments (HTML form)' })
  @ApiSeeOtherResponse({ description: 'Started (or one is already running): back to the walkout, where its progress shows' })
  async startRun(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentSession() session: ConsoleSession,
    @Body() rawBody: unknown,
    @Res() reply: PageReply,
  ): Promise<void> {
    const body = formBody(rawBody);
    const horizonText = formText(body, 'horizonDays');
    const sameSite = formText(body, 'sameSiteOnly');
    const problems: FieldProblem[] = [];
    const horizonDays = horizonText === '' ? DEFAULT_REBOOKING_HORIZON_DAYS : /^\d{1,3}$/.test(horizonText) ? Number(horizonText) : NaN;
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > MAX_REBOOKING_HORIZON_DAYS) problems.push({ field: 'horizonDays', message: `The latest new date must be a whole number of days from 1 to ${MAX_REBOOKING_HORIZON_DAYS}` });
    if (sameSite !== '' && sameSite !== 'true' && sameSite !== 'false') problems.push({ field: 'sameSiteOnly', message: 'Select where new dates may be offered' });
    const request = { sameSiteOnly: sameSite !== 'false', horizonDays };
    if (!problems.length) {
      const checked = await checkAsApi(RebookingRunRequestDto, request);
      if (!checked.ok) problems.push(...formProblems(checked.problems, { horizonDays: { id: 'horizonDays', label: 'The latest new date' }, sameSiteOnly: { id: 'sameSiteOnly', label: 'Where new dates may be offered' } }));
      else {
        try {
          await this.walkouts.startRun(trustId, walkoutId, checked.value, session.user.id);
          return sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}?done=run-started#rebooking`);
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          // A run already queued or running for this walkout: its progress is what the page shows anyway.
          if (refusalStatus(error) === 409 && (error as { options?: { conflict?: { runId?: string } } }).options?.conflict?.runId) return sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}#rebooking`);
          problems.push(...formProblems(refusal, { horizonDays: { id: 'horizonDays', label: 'The latest new date' } }));
        }
      }
    }
    const [trust, view] = await Promise.all([this.pages.trust(trustId), this.walkouts.page(trustId, walkoutId)]);
    this.pages.send(reply, 400, 'console/walkout.njk', { title: view.walkout.title, session, trust, section: 'walkouts', problems }, {
      ...view,
      done: null,
      defaultHorizonDays: horizonText || DEFAULT_REBOOKING_HORIZON_DAYS,
      columnWidth: 'full',
    });
  }

  @ConsolePage('write')
  @Get(':walkoutId/follow-up')
  @ApiOperation({ summary: 'The patients the booking team must follow up: no new date, or a new date past 28 days (HTML; trust admins)' })
  @ApiOkResponse({ description: 'The lists' })
  async followUp(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, walkout, lists] = await Promise.all([this.pages.trust(trustId), this.walkouts.walkout(trustId, walkoutId), this.walkouts.followUp(trustId, walkoutId)]);
    this.pages.send(reply, 200, 'console/follow-up.njk', { title: 'Patients to follow up', session, trust, section: 'walkouts' }, { walkoutId, walkout: { period: periodOf(walkout) }, ...lists, columnWidth: 'full' });
  }

  @ConsolePage('write')
  @Get(':walkoutId/follow-up.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The patients to follow up as CSV, with their contact details (trust admins)' })
  @ApiOkResponse({ description: 'CSV' })
  async followUpCsv(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Res() reply: PageReply): Promise<void> {
    const lists = await this.walkouts.followUpForCsv(trustId, walkoutId);
    const row = (list: string) => (p: (typeof lists.unplaced)[number]) => [list, p.nhsNumber.replace(/ /g, ''), p.name, p.phone, p.email, p.activity, p.priority, p.specialty, p.site, p.date, p.daysAfterWalkout, p.cancellations, p.status];
    const text = toCsv([
      ['list', 'nhsNumber', 'name', 'mobile', 'email', 'activity', 'priority', 'specialty', 'site', 'date', 'daysAfterWalkout', 'cancellations', 'status'],
      ...lists.unplaced.map(row('unplaced')),
      ...lists.breaches.map(row('breach-28-day')),
    ]);
    sendDownload(reply, 'text/csv', `follow-up-${walkoutId}.csv`, text);
  }

  @ConsolePage()
  @Get(':walkoutId/sitrep.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Download the walkout’s sitrep as CSV (the API’s own sitrep)' })
  @ApiOkResponse({ description: 'CSV' })
  async sitrepCsv(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Res() reply: PageReply): Promise<void> {
    const sitrep = await this.walkouts.sitrep(trustId, walkoutId);
    sendDownload(reply, 'text/csv', `sitrep-${walkoutId}.csv`, sitrep.csv());
  }

  @ConsolePage()
  @Get(':walkoutId/sitrep.json')
  @ApiProduces('application/json')
  @ApiOperation({ summary: 'Download the walkout’s sitrep as JSON (the API’s own sitrep)' })
  @ApiOkResponse({ description: 'JSON' })
  async sitrepJson(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Res() reply: PageReply): Promise<void> {
    const sitrep = await this.walkouts.sitrep(trustId, walkoutId);
    sendDownload(reply, 'application/json', `sitrep-${walkoutId}.json`, JSON.stringify(toSitrepResponse(sitrep), null, 2));
  }

  @ConsolePage('write')
  @Get(':walkoutId/participation')
  @ApiOperation({ summary: 'The participation upload form with the counts so far (HTML)' })
  @ApiOkResponse({ description: 'The form' })
  async participationForm(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showParticipation(reply, 200, trustId, walkoutId, session, []);
  }

  @ConsolePage('write')
  @Post(':walkoutId/participation/import')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload who intends to strike as a CSV file (HTML form; all or nothing)' })
  @ApiSeeOtherResponse({ description: 'Recorded: back to the walkout with the counts' })
  async participation(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @CurrentSession() session: ConsoleSession,
    @Body() rawBody: unknown,
    @Res() reply: PageReply,
  ): Promise<void> {
    const file = formBody(rawBody).file;
    const parsed = typeof file === 'string' && file.length ? await parseParticipationCsv(file) : { ok: false as const, problems: ['Select a CSV file'] };
    if (!parsed.ok) return this.showParticipation(reply, 400, trustId, walkoutId, session, parsed.problems.map((message) => ({ field: 'file', message })));
    try {
      await this.walkouts.recordParticipation(trustId, walkoutId, parsed.rows);
      sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}?done=participation#participation`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      // items[i] is the i-th row of the file: its line is i + 2 (after the header).
      const problems = refusal.map((problem) => {
        const row = /^items\[(\d+)\]/.exec(problem.field ?? '');
        if (!row) return { field: 'file', message: problem.message };
        const item = parsed.rows[Number(row[1])];
        return { field: 'file', message: `Line ${item.line}: staff number ${item.staffNumber} ${problem.message}` };
      });
      await this.showParticipation(reply, refusalStatus(error), trustId, walkoutId, session, problems.slice(0, 20));
    }
  }

  private async showWalkoutForm(reply: PageReply, status: number, trustId: string, session: ConsoleSession, values: Record<string, unknown>, problems: FieldProblem[]): Promise<void> {
    const [trust, sites] = await Promise.all([this.pages.trust(trustId), this.walkouts.sites(trustId)]);
    this.pages.send(reply, status, 'console/walkout-form.njk', { title: 'Record a walkout', session, trust, section: 'walkouts', problems, fieldIds: { staffGroups: 'staffGroups', mode: 'mode' } }, {
      values,
      sites,
      staffGroupItems: STAFF_GROUP_ITEMS.map((item) => ({ ...item, checked: (values.staffGroups as string[]).includes(item.value) })),
      siteItems: sites.map((site) => ({ value: site.id, text: site.name, checked: (values.siteIds as string[]).includes(site.id) })),
    });
  }

  private async showCallOff(reply: PageReply, status: number, trustId: string, walkoutId: string, session: ConsoleSession, reason: string, problems: FieldProblem[]): Promise<void> {
    const [trust, walkout] = await Promise.all([this.pages.trust(trustId), this.walkouts.walkout(trustId, walkoutId)]);
    this.pages.send(reply, status, 'console/call-off.njk', { title: 'Call off this walkout', session, trust, section: 'walkouts', problems }, { walkoutId, walkout: { period: periodOf(walkout), status: walkout.status }, reason });
  }

  private async showParticipation(reply: PageReply, status: number, trustId: string, walkoutId: string, session: ConsoleSession, problems: FieldProblem[]): Promise<void> {
    const [trust, walkout, counts] = await Promise.all([this.pages.trust(trustId), this.walkouts.walkout(trustId, walkoutId), this.walkoutService.participationSummary(trustId, walkoutId)]);
    this.pages.send(reply, status, 'console/participation.njk', { title: 'Upload participation', session, trust, section: 'walkouts', problems }, { walkoutId, walkout: { period: periodOf(walkout) }, counts });
  }
}

function periodOf(walkout: { startsAt: Date; endsAt: Date; unionName: string }): string {
  return `${walkout.unionName}, ${formatLondonShortPeriod(walkout.startsAt, walkout.endsAt)}`;
}
