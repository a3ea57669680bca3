import { OrganisationsModule } from '@app/organisations';
import { RebookingModule } from '@app/rebooking';
import { Module } from '@nestjs/common';
import { FhirAppointmentController } from './appointment/fhir-appointment.controller';
import { FhirAppointmentService } from './appointment/fhir-appointment.service';
import { BundleImportService } from './bundle/bundle-import.service';
import { BundleController } from './bundle/bundle.controller';
import { MetadataController } from './metadata/metadata.controller';
import { FhirSlotController } from './slot/fhir-slot.controller';
import { FhirSlotService } from './slot/fhir-slot.service';

/**
 * FHIR R4 (UK Core identifiers) in and out: transaction Bundles in through the JSON imports, Appointment
 * and Slot out through rebooking's appointment feed. Owns no table (docs/fhir.md).
 */
@Module({
  imports: [OrganisationsModule, RebookingModule],
  controllers: [MetadataController, BundleController, FhirAppointmentController, FhirSlotController],
  providers: [BundleImportService, FhirAppointmentService, FhirSlotService],
})
export class FhirModule {}
