import { testAdapter } from '../contract/test-adapter.js';
import { fakeBigQueryHarness } from '../fakes/bigquery/harness.js';

testAdapter(fakeBigQueryHarness());
