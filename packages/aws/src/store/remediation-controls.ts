import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { KillSwitch, ModeOverride, RemediationControls } from "@vigil/core";
import type { AuditLog } from "./audit-log.ts";
import { CONTROL_KEY } from "./schema.ts";

const MODE_PREFIX = "MODE#";
const KILL_SWITCH_SORT_KEY = "KILLSWITCH";

/**
 * The remediation controls switched at run time, without a redeploy: a mode per rule (`vigil remediation set`)
 * and the global kill switch. Every change is audited.
 */
export class RemediationControlsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: AuditLog,
  ) {}

  /** The controls as they stand; strongly consistent, so a kill switch engaged a moment ago holds. */
  async read(): Promise<RemediationControls> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": CONTROL_KEY },
        ConsistentRead: true,
      }),
    );
    const overrides = new Map<string, ModeOverride>();
    let killSwitch: KillSwitch | undefined;
    for (const item of Items) {
      if (item.sk === KILL_SWITCH_SORT_KEY) killSwitch = item.control as KillSwitch;
      else if (String(item.sk).startsWith(MODE_PREFIX)) {
        const override = item.control as ModeOverride;
        overrides.set(override.ruleId, override);
      }
    }
    return { overrides, ...(killSwitch && { killSwitch }) };
  }

  async setMode(override: ModeOverride): Promise<void> {
    await this.#put(`${MODE_PREFIX}${override.ruleId}`, override);
    await this.audit.append({
      action: "mode-set",
      at: override.at,
      actor: override.by,
      ruleId: override.ruleId,
      mode: override.mode,
      ...(override.reason && { reason: override.reason }),
    });
  }

  /** Drops a rule's override: vigil.config.ts's mode applies again. */
  async resetMode(ruleId: string, change: { by: string; at: string; reason?: string }): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: CONTROL_KEY, sk: `${MODE_PREFIX}${ruleId}` } }),
    );
    await this.audit.append({
      action: "mode-set",
      at: change.at,
      actor: change.by,
      ruleId,
      mode: "config",
      ...(change.reason && { reason: change.reason }),
    });
  }

  async setKillSwitch(killSwitch: KillSwitch): Promise<void> {
    await this.#put(KILL_SWITCH_SORT_KEY, killSwitch);
    await this.audit.append({
      action: "kill-switch",
      at: killSwitch.at,
      actor: killSwitch.by,
      engaged: killSwitch.engaged,
      ...(killSwitch.reason && { reason: killSwitch.reason }),
    });
  }

  async #put(sk: string, control: ModeOverride | KillSwitch): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: CONTROL_KEY, sk, control } }));
  }
}
