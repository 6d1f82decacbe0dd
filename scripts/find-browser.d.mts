export declare function findSystemChromium(): string | null
export declare const CHROMIUM_ARGS: string[]
