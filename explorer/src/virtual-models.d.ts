// The module explorer/models-plugin.ts generates at build time (see src/model-manifest.ts).
declare module 'virtual:attnlab-models' {
  const manifest: import('./model-manifest').ModelEntry[];
  export default manifest;
}
