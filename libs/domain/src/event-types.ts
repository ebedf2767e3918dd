import { DAY_CHARGE_EVENT_TYPES } from './billing/day-charge.events';
import { INVOICING_EVENT_TYPES } from './billing/invoicing.events';
import { PAYMENT_EVENT_TYPES } from './billing/payments.events';
import { SHARE_STATEMENT_EVENT_TYPES } from './billing/share-statements.events';
import { VAT_TREATMENT_EVENT_TYPES } from './billing/vat-treatment';
import { LLE_COMMITMENTS_EVENT_TYPES } from './brokerage/lle-commitments.events';
import { PERSON_DAYS_EVENT_TYPES } from './brokerage/person-days.events';
import { PLACEMENT_EVENT_TYPES } from './brokerage/placement.events';
import { SUPPORT_REQUEST_EVENT_TYPES } from './brokerage/support-request.events';
import { APPLICATION_EVENT_TYPES } from './recruitment/application.events';
import { CLUSTER_EVENT_TYPES } from './recruitment/cluster.events';
import { LLE_DESIGNATION_EVENT_TYPES } from './recruitment/designation.events';
import { SYSTEM_LEADER_EVENT_TYPES } from './recruitment/system-leader.events';
import { PERSON_EVENT_TYPES } from './people/person';
import { ROUND_EVENT_TYPES } from './rounds/round.events';
import { SCHOOL_EVENT_TYPES } from './schools/school';

/** Every event type the system writes, by name, with its schema version and upcasters. One registry. */
export const EVENT_TYPES = {
  ...ROUND_EVENT_TYPES,
  ...SCHOOL_EVENT_TYPES,
  ...PERSON_EVENT_TYPES,
  ...APPLICATION_EVENT_TYPES,
  ...LLE_DESIGNATION_EVENT_TYPES,
  ...SYSTEM_LEADER_EVENT_TYPES,
  ...CLUSTER_EVENT_TYPES,
  ...SUPPORT_REQUEST_EVENT_TYPES,
  ...LLE_COMMITMENTS_EVENT_TYPES,
  ...PLACEMENT_EVENT_TYPES,
  ...PERSON_DAYS_EVENT_TYPES,
  ...DAY_CHARGE_EVENT_TYPES,
  ...INVOICING_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
  ...SHARE_STATEMENT_EVENT_TYPES,
  ...VAT_TREATMENT_EVENT_TYPES,
};
