import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CoverRequirementRecord {
  id: string;
  trustId: string;
  walkoutId: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  minConsultants: number;
  createdAt: Date;
}

export interface NewCoverRequirement {
  trustId: string;
  walkoutId: string;
  departmentId: string;
  startsAt: Date;
  endsAt: Date;
  minConsultants: number;
  createdBy: string | null;
}

const COLUMNS = `id, trust_id AS "trustId", walkout_id AS "walkoutId", department_id AS "departmentId", starts_at AS "startsAt",
  ends_at AS "endsAt", min_consultants AS "minConsultants", created_at AS "createdAt"`;

@Injectable()
export class CoverRequirementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(requirement: NewCoverRequirement): Promise<CoverRequirementRecord> {
    const [row]: CoverRequirementRecord[] = await this.dataSource.query(
      `INSERT INTO cover_requirement (trust_id, walkout_id, department_id, starts_at, ends_at, min_consultants, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [requirement.trustId, requirement.walkoutId, requirement.departmentId, requirement.startsAt, requirement.endsAt, requirement.minConsultants, requirement.createdBy],
    );
    return row;
  }

  /** One page in (startsAt, id) order; `after` is the last row's key. */
  async listPage(trustId: string, walkoutId: string, after: [string, string] | null, limit: number): Promise<CoverRequirementRecord[]> {
    const params: unknown[] = [trustId, walkoutId, limit];
    const keyset = after ? `AND (starts_at, id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)` : '';
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM cover_requirement WHERE trust_id = $1 AND walkout_id = $2 ${keyset} ORDER BY starts_at, id LIMIT $3`,
      params,
    );
  }

  /** Every requirement of the walkout, for the gap grid and autofill. */
  async listForWalkout(trustId: string, walkoutId: string): Promise<CoverRequirementRecord[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM cover_requirement WHERE trust_id = $1 AND walkout_id = $2 ORDER BY starts_at, id`, [trustId, walkoutId]);
  }

  async delete(trustId: string, walkoutId: string, requirementId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM cover_requirement WHERE trust_id = $1 AND walkout_id = $2 AND id = $3 RETURNING id) SELECT id FROM deleted`,
      [trustId, walkoutId, requirementId],
    );
    return rows.length > 0;
  }
}
