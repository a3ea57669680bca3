import { Foundation1763700000000 } from './1763700000000-Foundation';
import { Notifications1763800000000 } from './1763800000000-Notifications';
import { Cover1763900000000 } from './1763900000000-Cover';
import { Recall1764000000000 } from './1764000000000-Recall';
import { Rebooking1764100000000 } from './1764100000000-Rebooking';
import { ConsoleSessions1764600000000 } from './1764600000000-ConsoleSessions';

/** Every migration, oldest first. New migrations are added at the end of this list. */
export const ALL_MIGRATIONS = [Foundation1763700000000, Notifications1763800000000, Cover1763900000000, Recall1764000000000, Rebooking1764100000000, ConsoleSessions1764600000000];
