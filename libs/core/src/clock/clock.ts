import { Injectable } from '@nestjs/common';

/** The time, injectable so tests can put "now" inside or after a walkout without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(value: Date): void {
    this.current = value;
  }
}
