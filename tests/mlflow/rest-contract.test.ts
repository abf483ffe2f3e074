// The tracking, registry and artifact contract suites against a REAL MLflow 3.6 server (one per file, emptied
// between tests), through the http scheme registrations.

import { restContractSuites } from "./rest-contract-suites";

restContractSuites("MLflow server");
