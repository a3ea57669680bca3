import { documentTitle } from './page-title';

describe('documentTitle', () => {
  it('follows the NHS pattern "Page – Service – NHS"', () => {
    expect(documentTitle('Sign in', 'Strike operations')).toBe('Sign in – Strike operations – NHS');
  });

  it('starts with "Error: " while the page shows errors', () => {
    expect(documentTitle('Sign in', 'Strike operations', true)).toBe('Error: Sign in – Strike operations – NHS');
  });
});
