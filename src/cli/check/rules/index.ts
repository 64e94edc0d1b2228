/**
 * The rules `nexo-plugin check` runs, in report order. A new surface adds its rule here.
 */
import { eventsRule } from "./events-rule";
import { extensionsRule } from "./extensions-rule";
import { manifestRule } from "./manifest-rule";
import { pluginClassRule } from "./plugin-class-rule";
import { publishRule } from "./publish-rule";
import type { CheckRule } from "./rule";
import { servicesRule } from "./services-rule";
import { toolsRule } from "./tools-rule";
import { tsconfigRule } from "./tsconfig-rule";

/** Every rule. */
export const CHECK_RULES: readonly CheckRule[] = [manifestRule, pluginClassRule, toolsRule, eventsRule, servicesRule, extensionsRule, publishRule, tsconfigRule];

export type { CheckRule } from "./rule";
