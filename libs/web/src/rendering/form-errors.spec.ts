import { formErrors } from './form-errors';

describe('formErrors', () => {
  it('links each problem to its field and puts the message next to the field', () => {
    const errors = formErrors([
      { field: 'email', message: 'Enter your email address' },
      { field: 'attending', message: 'Select whether you can come in' },
    ], { attending: 'attending-yes' });
    expect(errors.summary).toEqual([
      { text: 'Enter your email address', href: '#email' },
      { text: 'Select whether you can come in', href: '#attending-yes' },
    ]);
    expect(errors.byField).toEqual({ email: { text: 'Enter your email address' }, attending: { text: 'Select whether you can come in' } });
  });

  it('shows one message per field: the first', () => {
    const errors = formErrors([
      { field: 'password', message: 'Enter your password' },
      { field: 'password', message: 'is too long' },
    ]);
    expect(errors.summary).toHaveLength(1);
    expect(errors.byField.password.text).toBe('Enter your password');
  });
});
