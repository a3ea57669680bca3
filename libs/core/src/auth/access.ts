import { CommonError } from '../errors/domain-error';
import { Access, AuthUser, canSeeTrust, roleAllows } from './role';
import { isUuid } from './uuid-param.pipe';

/**
 * The rules every signed-in route follows, whether the caller came with a bearer token or a console
 * session: trust scope first, then role, so a trust user probing another trust learns nothing (404,
 * never 403).
 */
export function checkAccess(user: AuthUser, trustIdParam: string | undefined, access: Access): void {
  if (trustIdParam !== undefined && (!isUuid(trustIdParam) || !canSeeTrust(user, trustIdParam.toLowerCase()))) {
    throw CommonError.notFound('Trust');
  }
  if (!roleAllows(user.role, access)) throw CommonError.forbidden(`This needs ${access === 'national' ? 'a national admin' : 'a trust admin'}`);
}
