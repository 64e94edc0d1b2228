/**
 * What the broker service surfaces (HTTP, admin, pairing) register with: `PluginAdapter` is one.
 */
import type { BrokerRequests } from "../broker/request-reply/broker-requests";
import type { Manifest } from "../manifest/manifest";

/** The request routes and the manifest that configures them. */
export interface ServiceHost {
  readonly requests: BrokerRequests;
  readonly manifest: Manifest;
}
