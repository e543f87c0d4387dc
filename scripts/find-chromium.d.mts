export declare function installCommand(uid?: number): string;
export declare function chromiumCandidates(env?: NodeJS.ProcessEnv, home?: string): string[];
export declare function findChromium(
  env?: NodeJS.ProcessEnv,
  isExecutable?: (path: string) => boolean,
  home?: string,
): string | null;
export declare function missingChromiumMessage(env?: NodeJS.ProcessEnv, uid?: number): string;
