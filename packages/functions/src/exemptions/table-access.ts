// Apart from the handler so that the stacks can grant it without loading the AWS SDK.

/** What the exemptions job asks of the findings table: exempted and failing findings (byStatus), the exemptions. */
export const EXEMPTIONS_TABLE_ACTIONS = ["dynamodb:Query"] as const;
