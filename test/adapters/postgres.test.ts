import { testAdapter } from '../contract/test-adapter.js';
import { pgHarness } from '../helpers/pg-harness.js';

testAdapter(pgHarness({ name: 'postgres adapter contract (private TLS cluster)', type: 'postgres' }));
