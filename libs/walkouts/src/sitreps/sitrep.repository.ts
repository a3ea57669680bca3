import type { UnitOfWork } from '@app/core';
import type { DeclaredStaff } from '@app/organisations';
import { Injectable } from '@nestjs/common';

@Injectable()
export class SitrepRepository {
  /**
   * Who answered this walkout's participation question, by answer, in one query. The staff counts per
   * group come from organisations' StaffHeadcounts port, which takes these sets (see it for who counts).
   */
  async declaredStaff(tx: UnitOfWork, trustId: string, walkoutId: string): Promise<DeclaredStaff> {
    const rows: { answer: string; ids: string[] }[] = await tx.query(
      `SELECT intends_to_strike AS answer, array_agg(staff_id) AS ids
       FROM walkout_participation WHERE trust_id = $1 AND walkout_id = $2
       GROUP BY intends_to_strike`,
      [trustId, walkoutId],
    );
    const idsOf = (answer: string) => rows.filter((row) => row.answer === answer).flatMap((row) => row.ids);
    return { yes: idsOf('yes'), no: idsOf('no'), other: rows.filter((row) => row.answer !== 'yes' && row.answer !== 'no').flatMap((row) => row.ids) };
  }
}
