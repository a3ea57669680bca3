import { pageAreaOf } from './page-request';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('pageAreaOf', () => {
  it('always answers console paths as pages, whatever the client accepts', () => {
    expect(pageAreaOf({ url: '/console' })).toBe('console');
    expect(pageAreaOf({ url: '/console/trusts/x?y=1', headers: { accept: 'application/json' } })).toBe('console');
    expect(pageAreaOf({ url: '/consoles' })).toBeNull();
  });

  it('answers the queue dashboard page as a page and its API as JSON', () => {
    expect(pageAreaOf({ url: '/admin/queues' })).toBe('queue-dashboard');
    expect(pageAreaOf({ url: '/admin/queues/queue/notices' })).toBe('queue-dashboard');
    expect(pageAreaOf({ url: '/admin/queues/api/queues' })).toBeNull();
  });

  it('answers patient and staff links as pages to browsers only', () => {
    expect(pageAreaOf({ url: '/r/abc', headers: html })).toBe('patient-link');
    expect(pageAreaOf({ url: '/s/abc/respond', headers: html })).toBe('staff-link');
    expect(pageAreaOf({ url: '/s/abc/respond', headers: { accept: 'application/json' } })).toBeNull();
    expect(pageAreaOf({ url: '/api/v1/trusts', headers: html })).toBeNull();
  });
});
