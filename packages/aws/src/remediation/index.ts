export {
  createRemediationClients,
  executePlan,
  type PlanExecution,
  REMEDIATION_OPERATIONS,
  type RemediationClients,
  type RemediationOperation,
  remediationOperation,
  UnknownOperationError,
} from "./executor.ts";
