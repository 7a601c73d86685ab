export { ConcurrencyLimit, TokenBucket } from "./budget.ts";
export { type ClientOptions, createClients, type LiveClients, type ServiceName } from "./clients.ts";
export { actionOf, operationOf, readOnlyPolicy, UndeclaredActionError } from "./permissions.ts";
export {
  AccountIdentityError,
  type AccountReadOptions,
  DEFAULT_RATES,
  LIVE_READERS,
  type LiveReadOptions,
  type LiveReadResult,
  livePermissions,
  readAccount,
  readTargeted,
  type TargetedReadOptions,
  type TargetRef,
} from "./read-account.ts";
export { listEnabledRegions, REGION_LISTING_PERMISSIONS, RegionListError } from "./regions.ts";
export type { ReadError, ReadErrorKind, ReadProgressEvent, ServiceCalls } from "./session.ts";
export type { LiveReader } from "./shared.ts";
