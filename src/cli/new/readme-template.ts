/**
 * The README of a new plugin project.
 */
import type { ScaffoldNames } from "./names";

/** `README.md`: what is where, and the commands from test to release. */
export function readme(names: ScaffoldNames): string {
  return `# ${names.title}

${names.description}

A plugin for the nexo agent daemon, written with nexoai.

| file | what it is |
|---|---|
| \`nexo-plugin.toml\` | the manifest: id, channel, the tools the daemon may call |
| \`src/plugin.ts\` | the plugin class: an event handler, a tool, a shutdown hook |
| \`src/dto.ts\` | the payload and argument shapes, validated with class-validator |
| \`src/main.ts\` | the entry point the daemon starts |
| \`test/plugin.test.ts\` | tests on \`PluginTestHost\`, which plays the daemon in-process |
| \`dev-session.json\` | what \`npm start\` sends to the plugin |

\`\`\`sh
npm install
npm test         # the tests
npm start        # build, then play dev-session.json against the development host
npm run check    # the manifest, the class and tsconfig checked against each other
npm run pack     # release/${names.id}-0.1.0-noarch.tar.gz and its .sha256
\`\`\`

The release unpacks anywhere and runs without a \`node_modules\` around it: \`bin/${names.id}\`
starts the plugin, and \`bin/${names.id} --print-manifest\` prints its manifest.
`;
}
