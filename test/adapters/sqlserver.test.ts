import { testAdapter } from '../contract/test-adapter.js';
import { fakeSqlServerHarness } from '../fakes/sqlserver/harness.js';

testAdapter(fakeSqlServerHarness());
