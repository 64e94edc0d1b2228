/** The tool naming rule shared by the manifest checks and the tool surface. */

/** True when `toolName` is in the plugin's namespace: `<id>_<rest>` or `ext_<id>_<rest>`, rest non-empty. */
export function isToolInNamespace(pluginId: string, toolName: string): boolean {
  return [`${pluginId}_`, `ext_${pluginId}_`].some(
    (prefix) => toolName.startsWith(prefix) && toolName.length > prefix.length,
  );
}
