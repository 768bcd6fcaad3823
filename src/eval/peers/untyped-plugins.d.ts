// The two ESLint plugins ship no types; only their flat configs are read, through a narrow cast in eslint.ts.
declare module "eslint-plugin-security" {
  const plugin: unknown;
  export default plugin;
}
declare module "@microsoft/eslint-plugin-sdl" {
  const plugin: unknown;
  export default plugin;
}
