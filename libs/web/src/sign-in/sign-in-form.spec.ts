import { parseSignInForm } from './sign-in-form';

describe('parseSignInForm', () => {
  it('accepts an email address and a password, trimming the address', () => {
    expect(parseSignInForm({ email: ' cell@rqm.nhs.uk ', password: ' spaces count ' })).toEqual({ ok: true, value: { email: 'cell@rqm.nhs.uk', password: ' spaces count ' } });
  });

  it('asks for each missing box, and keeps what was typed', () => {
    expect(parseSignInForm({})).toEqual({
      ok: false,
      email: '',
      problems: [
        { field: 'email', message: 'Enter your email address' },
        { field: 'password', message: 'Enter your password' },
      ],
    });
    expect(parseSignInForm({ email: 'not-an-address', password: 'x' })).toEqual({ ok: false, email: 'not-an-address', problems: [{ field: 'email', message: expect.stringContaining('correct format') }] });
  });

  it('refuses repeated fields and bodies that are not forms', () => {
    expect(parseSignInForm({ email: ['a@b.nhs.uk', 'c@d.nhs.uk'], password: 'x' }).ok).toBe(false);
    expect(parseSignInForm(null).ok).toBe(false);
    expect(parseSignInForm('email=a').ok).toBe(false);
    expect(parseSignInForm({ email: 'a@b.nhs.uk', password: 'x'.repeat(201) }).ok).toBe(false);
  });
});
