import type { RebookingSlot, SlotKind } from './engine.types';
import { compareIds } from './compare-ids';
import type { PreparedSlots } from './slot-eligibility';
import { SlotQueue } from './slot-queue';

/**
 * The run's usable slots, bucketed so that finding an appointment's earliest suitable slot never looks
 * at slots of other specialties, kinds or sites.
 *
 * A scope is (specialty, kind, site) or (specialty, kind, trust) — the trust scope serves cross-site
 * rebooking. Within a scope, a queue is built lazily, once, for each distinct need the run meets:
 * blackout bits that concern the appointment and minimum slot length; follow-ups then split it by
 * clinician. A scope rarely sees more than two needs, so each slot is copied into a handful of queues.
 *
 * Scopes are numbered rather than keyed by concatenated strings: building and hashing a fresh key string
 * per slot and per appointment cost more than the whole search.
 */
export type ScopeLevel = 'site' | 'trust';

/** One filtered list of a scope's slots: its queue, and the same split by clinician once a follow-up asks. */
interface FilteredSlots {
  queue: SlotQueue;
  byClinician: Map<string, SlotQueue> | null;
}

interface QueueVariant {
  blackoutMask: number;
  minimumLengthMs: number;
  slots: FilteredSlots;
}

export class SlotBoard {
  private readonly scopeIds = new ScopeIds();
  /** Per scope id: usable slots (in the window, not blacked out for everyone) in (startsAt, endsAt, id) order. */
  private readonly usableSlots: number[][] = [];
  /** Per scope id: every slot whatever its time, to tell "no such clinic" from "none in the window". */
  private readonly slotCounts: number[] = [];
  private readonly inWindowCounts: number[] = [];
  private readonly variants: QueueVariant[][] = [];
  private readonly unfiltered: (FilteredSlots | undefined)[] = [];
  private readonly emptyQueue: SlotQueue;

  constructor(
    private readonly slots: readonly RebookingSlot[],
    private readonly prepared: PreparedSlots,
  ) {
    this.emptyQueue = new SlotQueue(new Int32Array(0), prepared.remaining);
    const siteScopeOfSlot = new Int32Array(slots.length);
    const trustScopeOfSlot = new Int32Array(slots.length);
    const usable: number[] = [];
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      const siteScope = this.scopeIds.idOf('site', slot.specialty, slot.kind, slot.siteId);
      const trustScope = this.scopeIds.idOf('trust', slot.specialty, slot.kind, slot.trustId);
      siteScopeOfSlot[index] = siteScope;
      trustScopeOfSlot[index] = trustScope;
      this.ensureScope(Math.max(siteScope, trustScope));
      this.slotCounts[siteScope] += 1;
      this.slotCounts[trustScope] += 1;
      if (prepared.inWindow[index] === 0) continue;
      this.inWindowCounts[siteScope] += 1;
      this.inWindowCounts[trustScope] += 1;
      if (prepared.blockedForEveryone[index] === 0) usable.push(index);
    }
    // One sort of every usable slot; pushing them into scopes in this order leaves every scope sorted.
    // At equal start the shorter slot comes first: a short appointment then leaves the longer slot to an
    // appointment that needs its length.
    const { startsAt, endsAt } = prepared;
    usable.sort((a, b) => startsAt[a] - startsAt[b] || endsAt[a] - endsAt[b] || compareIds(slots[a].id, slots[b].id));
    for (const index of usable) {
      this.usableSlots[siteScopeOfSlot[index]].push(index);
      this.usableSlots[trustScopeOfSlot[index]].push(index);
    }
  }

  /** Scope id, or −1 when no slot of that specialty and kind exists at that site/trust. */
  scopeOf(level: ScopeLevel, specialty: string, kind: SlotKind, place: string): number {
    return this.scopeIds.find(level, specialty, kind, place);
  }

  slotCount(scope: number): number {
    return scope < 0 ? 0 : this.slotCounts[scope];
  }

  inWindowCount(scope: number): number {
    return scope < 0 ? 0 : this.inWindowCounts[scope];
  }

  /** Usable slots of a scope not blacked out for `blackoutMask` and at least `minimumLengthMs` long. */
  queue(scope: number, blackoutMask: number, minimumLengthMs: number): SlotQueue {
    return scope < 0 ? this.emptyQueue : this.variant(scope, blackoutMask, minimumLengthMs).slots.queue;
  }

  /** The same slots as `queue(...)`, only those with the given clinician. */
  clinicianQueue(scope: number, blackoutMask: number, minimumLengthMs: number, clinician: string): SlotQueue {
    if (scope < 0) return this.emptyQueue;
    const filtered = this.variant(scope, blackoutMask, minimumLengthMs).slots;
    if (filtered.byClinician === null) {
      // Split the whole queue by clinician in one pass rather than one filtering pass per clinician.
      const grouped = new Map<string, number[]>();
      for (const index of filtered.queue.slotIndexes) {
        const slotClinician = this.slots[index].clinicianStaffNumber;
        if (slotClinician === null) continue;
        const list = grouped.get(slotClinician);
        if (list) list.push(index);
        else grouped.set(slotClinician, [index]);
      }
      filtered.byClinician = new Map();
      for (const [name, indexes] of grouped) {
        filtered.byClinician.set(name, new SlotQueue(Int32Array.from(indexes), this.prepared.remaining));
      }
    }
    return filtered.byClinician.get(clinician) ?? this.emptyQueue;
  }

  private variant(scope: number, blackoutMask: number, minimumLengthMs: number): QueueVariant {
    const known = this.variants[scope];
    for (const variant of known) {
      if (variant.blackoutMask === blackoutMask && variant.minimumLengthMs === minimumLengthMs) return variant;
    }
    const { staffGroupBlackoutMask, startsAt, endsAt } = this.prepared;
    const usable = this.usableSlots[scope];
    const kept: number[] = [];
    for (const index of usable) {
      if ((staffGroupBlackoutMask[index] & blackoutMask) !== 0) continue;
      if (endsAt[index] - startsAt[index] < minimumLengthMs) continue;
      kept.push(index);
    }
    // Usually the filter removes nothing (most scopes have no group-specific walkout and slots long
    // enough); then every need shares one queue, built once, whose skip links all of them shorten.
    const variant: QueueVariant = {
      blackoutMask,
      minimumLengthMs,
      slots:
        kept.length === usable.length
          ? this.unfilteredSlots(scope)
          : { queue: new SlotQueue(Int32Array.from(kept), this.prepared.remaining), byClinician: null },
    };
    known.push(variant);
    return variant;
  }

  private unfilteredSlots(scope: number): FilteredSlots {
    let filtered = this.unfiltered[scope];
    if (!filtered) {
      filtered = {
        queue: new SlotQueue(Int32Array.from(this.usableSlots[scope]), this.prepared.remaining),
        byClinician: null,
      };
      this.unfiltered[scope] = filtered;
    }
    return filtered;
  }

  private ensureScope(highestId: number): void {
    while (this.usableSlots.length <= highestId) {
      this.usableSlots.push([]);
      this.slotCounts.push(0);
      this.inWindowCounts.push(0);
      this.variants.push([]);
      this.unfiltered.push(undefined);
    }
  }
}

/** Numbers (level, kind, specialty, place) tuples with nested maps, so no key string is ever built. */
class ScopeIds {
  private readonly siteLevel = new Map<string, Map<string, Map<string, number>>>();
  private readonly trustLevel = new Map<string, Map<string, Map<string, number>>>();
  private nextId = 0;

  idOf(level: ScopeLevel, specialty: string, kind: SlotKind, place: string): number {
    const byKind = level === 'site' ? this.siteLevel : this.trustLevel;
    let bySpecialty = byKind.get(kind);
    if (!bySpecialty) {
      bySpecialty = new Map();
      byKind.set(kind, bySpecialty);
    }
    let byPlace = bySpecialty.get(specialty);
    if (!byPlace) {
      byPlace = new Map();
      bySpecialty.set(specialty, byPlace);
    }
    let id = byPlace.get(place);
    if (id === undefined) {
      id = this.nextId++;
      byPlace.set(place, id);
    }
    return id;
  }

  find(level: ScopeLevel, specialty: string, kind: SlotKind, place: string): number {
    const byKind = level === 'site' ? this.siteLevel : this.trustLevel;
    return byKind.get(kind)?.get(specialty)?.get(place) ?? -1;
  }
}
