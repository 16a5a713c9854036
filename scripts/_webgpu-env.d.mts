// Types of scripts/_webgpu-env.mjs, for the tests that import it.
export declare const SWIFTSHADER: string;
export declare function webgpuEnv(base?: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; skip?: undefined } | { skip: string; env?: undefined };
