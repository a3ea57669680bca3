/**
 * Whether a trust exists, for user administration (a trust user must belong to a trust that exists).
 * The `trust` table belongs to the organisations lib, which core cannot import: organisations provides
 * this port (globally), and core asks it rather than reading the table itself.
 */
export abstract class TrustDirectory {
  abstract exists(trustId: string): Promise<boolean>;
}
