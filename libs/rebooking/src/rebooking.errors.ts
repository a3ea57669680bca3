import { DomainError } from '@app/core';

export enum RebookingErrorCode {
  AppointmentNotFound = 'APPOINTMENT_NOT_FOUND',
  RebookingRunNotFound = 'REBOOKING_RUN_NOT_FOUND',
  LinkNotFound = 'LINK_NOT_FOUND',
  SlotOverbooked = 'SLOT_OVERBOOKED',
  SlotCapacityBelowBookings = 'SLOT_CAPACITY_BELOW_BOOKINGS',
  WalkoutCalledOff = 'WALKOUT_CALLED_OFF',
  RebookingRunInProgress = 'REBOOKING_RUN_IN_PROGRESS',
  QueueUnavailable = 'QUEUE_UNAVAILABLE',
  ConcurrentChange = 'CONCURRENT_CHANGE',
}

export class RebookingError extends DomainError<RebookingErrorCode> {
  get httpStatus(): number {
    switch (this.code) {
      case RebookingErrorCode.AppointmentNotFound:
      case RebookingErrorCode.RebookingRunNotFound:
      case RebookingErrorCode.LinkNotFound:
        return 404;
      case RebookingErrorCode.SlotOverbooked:
      case RebookingErrorCode.SlotCapacityBelowBookings:
      case RebookingErrorCode.WalkoutCalledOff:
      case RebookingErrorCode.RebookingRunInProgress:
      case RebookingErrorCode.ConcurrentChange:
        return 409;
      case RebookingErrorCode.QueueUnavailable:
        return 503;
    }
  }
}
