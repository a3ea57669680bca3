import { defineErrors } from '@app/core';

export enum WalkoutErrorCode {
  WalkoutNotFound = 'WALKOUT_NOT_FOUND',
  AlreadyCalledOff = 'WALKOUT_ALREADY_CALLED_OFF',
  AlreadyEnded = 'WALKOUT_ALREADY_ENDED',
  AlreadyStarted = 'WALKOUT_ALREADY_STARTED',
  /** An edit refused by a lib whose work under the old times is still under way; `conflict` names it. */
  ChangeBlocked = 'WALKOUT_CHANGE_BLOCKED',
  /** A declaration link that is unknown, or whose day is over, called off or no longer part of the walkout. */
  DeclarationLinkNotFound = 'DECLARATION_LINK_NOT_FOUND',
}

export class WalkoutError extends defineErrors<WalkoutErrorCode>({
  [WalkoutErrorCode.WalkoutNotFound]: 404,
  [WalkoutErrorCode.AlreadyCalledOff]: 409,
  [WalkoutErrorCode.AlreadyEnded]: 409,
  [WalkoutErrorCode.AlreadyStarted]: 409,
  [WalkoutErrorCode.ChangeBlocked]: 409,
  [WalkoutErrorCode.DeclarationLinkNotFound]: 404,
}) {}
