import { defineErrors } from '@app/core';

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

export class RebookingError extends defineErrors<RebookingErrorCode>({
  [RebookingErrorCode.AppointmentNotFound]: 404,
  [RebookingErrorCode.RebookingRunNotFound]: 404,
  [RebookingErrorCode.LinkNotFound]: 404,
  [RebookingErrorCode.SlotOverbooked]: 409,
  [RebookingErrorCode.SlotCapacityBelowBookings]: 409,
  [RebookingErrorCode.WalkoutCalledOff]: 409,
  [RebookingErrorCode.RebookingRunInProgress]: 409,
  [RebookingErrorCode.ConcurrentChange]: 409,
  [RebookingErrorCode.QueueUnavailable]: 503,
}) {}
