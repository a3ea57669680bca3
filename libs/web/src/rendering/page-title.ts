/** The service name in the NHS header and in every page title. */
export const CONSOLE_SERVICE_NAME = 'Strike operations';
/** The service of a patient's offer link pages (`/r/…`). */
export const PATIENT_LINK_SERVICE_NAME = 'Your appointment';
/** The service of a staff member's recall link pages (`/s/…`). */
export const STAFF_LINK_SERVICE_NAME = 'Staff recall';

/**
 * The NHS.UK page title pattern: "Page – Service – NHS", with "Error: " in front while the page shows
 * an error summary, so a screen reader user hears at once that the form was not accepted.
 */
export function documentTitle(page: string, service: string, hasErrors = false): string {
  return `${hasErrors ? 'Error: ' : ''}${[page, service, 'NHS'].filter((part) => part.trim() !== '').join(' – ')}`;
}
