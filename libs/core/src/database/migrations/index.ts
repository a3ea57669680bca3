import { Foundation1763700000000 } from './1763700000000-Foundation';
import { Notifications1763800000000 } from './1763800000000-Notifications';
import { Cover1763900000000 } from './1763900000000-Cover';
import { Recall1764000000000 } from './1764000000000-Recall';
import { Rebooking1764100000000 } from './1764100000000-Rebooking';
import { AuthSessions1764300000000 } from './1764300000000-AuthSessions';
import { MessagingLimits1764400000000 } from './1764400000000-MessagingLimits';
import { WalkoutNoticeUnknown1764500000000 } from './1764500000000-WalkoutNoticeUnknown';
import { PatientSearch1764500000001 } from './1764500000001-PatientSearch';
import { ConsoleSessions1764600000000 } from './1764600000000-ConsoleSessions';
import { AppointmentChangeFeed1764800000000 } from './1764800000000-AppointmentChangeFeed';
import { NotificationSendOrder1764900000000 } from './1764900000000-NotificationSendOrder';
import { NotificationSource1765100000000 } from './1765100000000-NotificationSource';
import { NotifyServices1765300000000 } from './1765300000000-NotifyServices';
import { TwoWaySms1765400000000 } from './1765400000000-TwoWaySms';
import { CoverConsent1765500000000 } from './1765500000000-CoverConsent';
import { DerogationProcessAndFillCount1765600000000 } from './1765600000000-DerogationProcessAndFillCount';
import { RebookingChoice1765700000000 } from './1765700000000-RebookingChoice';
import { ParticipationDays1765800000000 } from './1765800000000-ParticipationDays';
import { NoticeWindowCounts1765900000000 } from './1765900000000-NoticeWindowCounts';
import { NoticeSendOrderPerService1765910000000 } from './1765910000000-NoticeSendOrderPerService';
import { WalkoutActivityTally1766000000000 } from './1766000000000-WalkoutActivityTally';

/** Every migration, oldest first. New migrations are added at the end of this list. */
export const ALL_MIGRATIONS = [
  Foundation1763700000000,
  Notifications1763800000000,
  Cover1763900000000,
  Recall1764000000000,
  Rebooking1764100000000,
  AuthSessions1764300000000,
  MessagingLimits1764400000000,
  WalkoutNoticeUnknown1764500000000,
  PatientSearch1764500000001,
  ConsoleSessions1764600000000,
  AppointmentChangeFeed1764800000000,
  NotificationSendOrder1764900000000,
  NotificationSource1765100000000,
  NotifyServices1765300000000,
  TwoWaySms1765400000000,
  CoverConsent1765500000000,
  DerogationProcessAndFillCount1765600000000,
  RebookingChoice1765700000000,
  ParticipationDays1765800000000,
  NoticeWindowCounts1765900000000,
  NoticeSendOrderPerService1765910000000,
  WalkoutActivityTally1766000000000,
];
