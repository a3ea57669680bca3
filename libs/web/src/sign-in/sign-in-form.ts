import { FieldProblem } from '../rendering/form-errors';

export interface SignInForm {
  email: string;
  password: string;
}

export type SignInFormResult = { ok: true; value: SignInForm } | { ok: false; problems: FieldProblem[]; email: string };

/** The sign-in form as a person filled it in (pure): both boxes filled, one value each, sensible lengths. */
export function parseSignInForm(body: unknown): SignInFormResult {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  const password = typeof fields.password === 'string' ? fields.password : '';
  const problems: FieldProblem[] = [];
  if (email === '') problems.push({ field: 'email', message: 'Enter your email address' });
  else if (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.nhs.uk' });
  if (password === '') problems.push({ field: 'password', message: 'Enter your password' });
  else if (password.length > 200) problems.push({ field: 'password', message: 'Password must be 200 characters or fewer' });
  return problems.length ? { ok: false, problems, email: email.slice(0, 254) } : { ok: true, value: { email, password } };
}
