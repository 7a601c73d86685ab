/** Vigil's own bus: finding transitions are published here; users may attach their own targets. */
export const findingsBus = new sst.aws.Bus("FindingsBus");
