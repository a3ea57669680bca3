import { TrustDirectory } from '@app/core';
import { Global, Injectable, Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';

/** Core's question "does this trust exist?" answered from the table organisations owns. */
@Injectable()
export class OrganisationTrustDirectory extends TrustDirectory {
  constructor(private readonly organisations: OrganisationRepository) {
    super();
  }

  async exists(trustId: string): Promise<boolean> {
    return (await this.organisations.findTrust(trustId)) !== null;
  }
}

/**
 * Global so that core's user administration (which cannot import organisations) finds the port: the API
 * composes OrganisationsModule, and with it this.
 */
@Global()
@Module({
  providers: [OrganisationRepository, { provide: TrustDirectory, useClass: OrganisationTrustDirectory }],
  exports: [TrustDirectory],
})
export class TrustDirectoryModule {}
