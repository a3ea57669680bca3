import { UuidParam } from '@app/core';
import { CreateCoverAssignmentDto } from '@app/cover';
import { ConsolePage, ConsoleSession, CurrentSession, FieldProblem, PageReply, sendRedirect } from '@app/web';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import { checkAsApi, ConsolePages, formBody, formText, refusalOf, refusalStatus } from '../console-pages';
import { ASSIGNMENT_FORM_FIELDS, assignmentFormValues, COVER_RULE_FIELDS, COVER_RULE_NAMES, parseAssignmentForm } from '../engine/cover-form';
import { formProblems, joinByField, ServiceProblem } from '../engine/form-problems';
import { londonDateTimeValues } from '../engine/london-form-time';
import { CoverPageService } from './cover-page.service';

const DONE: Record<string, string> = {
  assigned: 'The cover shift has been added and the consultant will be told.',
  autofilled: 'The consultants have been asked to cover the proposed shifts (shifts inside a consultant’s declared availability are booked); each counts as cover once accepted.',
};

/** A cover rule's sentence with the rule's name in front, so the person sees which rule the shift breaks. */
function namedRules(problems: ServiceProblem[]): ServiceProblem[] {
  return problems.map((problem) => (problem.code && COVER_RULE_NAMES[problem.code] ? { ...problem, message: `${COVER_RULE_NAMES[problem.code]}: ${problem.message}` } : problem));
}

@ApiTags('console')
@Controller('console/trusts/:trustId/walkouts/:walkoutId/cover')
export class CoverPagesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly cover: CoverPageService,
  ) {}

  @ConsolePage()
  @Get()
  @ApiOperation({ summary: 'A walkout’s consultant cover: the hour-by-department heat map, cost and shifts (HTML)' })
  @ApiOkResponse({ description: 'The cover page' })
  async page(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Query('done') done: unknown, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const [trust, view] = await Promise.all([this.pages.trust(trustId), this.cover.page(trustId, walkoutId)]);
    this.pages.send(reply, 200, 'console/cover.njk', { title: 'Consultant cover', session, trust, section: 'walkouts' }, { ...view, done: typeof done === 'string' ? (DONE[done] ?? null) : null, columnWidth: 'full' });
  }

  @ConsolePage('write')
  @Get('assignments/new')
  @ApiOperation({ summary: 'The “Add a cover shift” form (HTML)' })
  @ApiOkResponse({ description: 'The form' })
  async newAssignment(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    const data = await this.cover.formData(trustId, walkoutId);
    const start = londonDateTimeValues(data.walkout.startsAt);
    const values: Record<string, string> = { 'startsAt-day': start.day, 'startsAt-month': start.month, 'startsAt-year': start.year, 'startsAt-time': start.time, 'endsAt-day': start.day, 'endsAt-month': start.month, 'endsAt-year': start.year, 'endsAt-time': '' };
    await this.showForm(reply, 200, trustId, walkoutId, session, values, []);
  }

  @ConsolePage('write')
  @Post('assignments')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Add a cover shift (HTML form): every working-time and scope rule it breaks is shown next to its field' })
  @ApiSeeOtherResponse({ description: 'Added: back to the cover page' })
  async assign(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Body() rawBody: unknown, @Res() reply: PageReply): Promise<void> {
    const body = formBody(rawBody);
    const values = assignmentFormValues(body);
    const form = parseAssignmentForm(body);
    if (!form.ok) return this.showForm(reply, 400, trustId, walkoutId, session, values, form.problems);
    const checked = await checkAsApi(CreateCoverAssignmentDto, { ...form.request });
    if (!checked.ok) return this.showForm(reply, 400, trustId, walkoutId, session, values, formProblems(checked.problems, ASSIGNMENT_FORM_FIELDS));
    try {
      await this.cover.assign(trustId, walkoutId, { ...checked.value, startsAt: new Date(checked.value.startsAt), endsAt: new Date(checked.value.endsAt) }, session.user.id);
      sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}/cover?done=assigned`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await this.showForm(reply, refusalStatus(error), trustId, walkoutId, session, values, joinByField(formProblems(namedRules(refusal), ASSIGNMENT_FORM_FIELDS, COVER_RULE_FIELDS)));
    }
  }

  @ConsolePage('write')
  @Get('autofill')
  @ApiOperation({ summary: 'Autofill preview: cover shifts that would close the gaps within every rule, nothing saved yet (HTML)' })
  @ApiOkResponse({ description: 'The proposals and the confirmation form' })
  async autofillPreview(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Res() reply: PageReply): Promise<void> {
    await this.showAutofill(reply, trustId, walkoutId, session, null, []);
  }

  @ConsolePage('write')
  @Post('autofill')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Apply the autofill proposals shown (HTML form); if the rota changed meanwhile, the new proposals are shown instead' })
  @ApiSeeOtherResponse({ description: 'Applied: back to the cover page' })
  async autofillApply(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @CurrentSession() session: ConsoleSession, @Body() rawBody: unknown, @Res() reply: PageReply): Promise<void> {
    const fingerprint = formText(formBody(rawBody), 'fingerprint');
    try {
      const outcome = await this.cover.autofillApply(trustId, walkoutId, fingerprint, session.user.id);
      if (outcome.applied) return sendRedirect(reply, `/console/trusts/${trustId}/walkouts/${walkoutId}/cover?done=autofilled`);
      await this.showAutofill(reply, trustId, walkoutId, session, outcome.preview, [{ message: 'The rota changed since the proposals were worked out. Check the new proposals below, then confirm again.' }], 409);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await this.showAutofill(reply, trustId, walkoutId, session, null, formProblems(refusal, {}), refusalStatus(error));
    }
  }

  private async showForm(reply: PageReply, status: number, trustId: string, walkoutId: string, session: ConsoleSession, values: Record<string, string>, problems: FieldProblem[]): Promise<void> {
    const [trust, data] = await Promise.all([this.pages.trust(trustId), this.cover.formData(trustId, walkoutId)]);
    this.pages.send(reply, status, 'console/cover-assignment.njk', { title: 'Add a cover shift', session, trust, section: 'walkouts', problems, fieldIds: { consentRecorded: 'consentRecorded' } }, {
      walkoutId,
      walkout: data.walkout,
      values,
      staffItems: [{ value: '', text: 'Choose a consultant' }, ...data.staff.map((s) => ({ value: s.staffNumber, text: s.name, selected: s.staffNumber === values.staffNumber }))],
      departmentItems: [{ value: '', text: 'Choose a department' }, ...data.departments.map((d) => ({ value: d.id, text: d.name, selected: d.id === values.departmentId }))],
    });
  }

  private async showAutofill(reply: PageReply, trustId: string, walkoutId: string, session: ConsoleSession, preview: Awaited<ReturnType<CoverPageService['autofillPreview']>> | null, problems: FieldProblem[], status = 200): Promise<void> {
    const [trust, data] = await Promise.all([this.pages.trust(trustId), this.cover.formData(trustId, walkoutId)]);
    let shown = preview;
    if (!shown && status === 200) shown = await this.cover.autofillPreview(trustId, walkoutId, session.user.id);
    this.pages.send(reply, status, 'console/cover-autofill.njk', { title: 'Fill the gaps automatically', session, trust, section: 'walkouts', problems }, { walkoutId, walkout: data.walkout, preview: shown, columnWidth: 'full' });
  }
}
