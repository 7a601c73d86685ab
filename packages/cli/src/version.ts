import manifest from "../package.json" with { type: "json" };

export const VIGIL_VERSION: string = manifest.version;
/** Where SARIF consumers send users who want to know what Vigil is. */
export const VIGIL_INFORMATION_URI = "https://github.com/vigil-dev/vigil";
