// The published read-only policy rather than the readers themselves: their modules pull the AWS SDK clients into the
// deploy program. Its snapshot test keeps the file equal to the readers' declarations (`livePermissions()`), and
// infra-tests compare each function's grant with them.
import readOnlyPolicy from "../packages/aws/iam/vigil-read-only.json" with { type: "json" };

/** Every read-only action the live readers may call (they authorise nothing narrower than `*`). */
export const LIVE_READ_ACTIONS: string[] = readOnlyPolicy.Statement.flatMap((statement) => statement.Action);
