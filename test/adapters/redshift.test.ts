import { testAdapter } from '../contract/test-adapter.js';
import { pgHarness } from '../helpers/pg-harness.js';
import { redshiftStubDdl } from '../helpers/redshift-stub.js';

// Local PostgreSQL with stub SVV_* views (see test/helpers/redshift-stub.ts); Redshift has no declarative partitions.
testAdapter(
  pgHarness({
    name: 'redshift adapter contract (PostgreSQL with stub SVV views)',
    type: 'redshift',
    partitions: false,
    extraStatements: redshiftStubDdl(),
  }),
);
