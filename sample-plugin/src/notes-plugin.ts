/**
 * A channel plugin for "notes": it delivers outbound notes and publishes receipts, keeps an
 * audit log of everything on its channel, summarises a thread with a streamed completion on
 * request, offers two tools backed by the daemon's memory and LLM, and keeps private notes out
 * of agent turns with a `before_message` hook. The operator configures one instance per channel
 * (`shape = "array"`), each signing its receipts.
 */
import {
  Hook,
  HookDecision,
  NexoPlugin,
  OnConfigure,
  OnEvent,
  OnShutdown,
  Plugin,
  Tool,
  textResult,
  type ConfigureContext,
  type BeforeMessageEvent,
  type Event,
  type EventContext,
  type TextToolResult,
  type ToolContext,
} from "nexoai";
import { NotesInstance, OutboundNote, SearchArgs, SummarizeArgs } from "./dto";

/** Where the channel reports back to the agent. */
const INBOUND = "plugin.inbound.notes";

@Plugin()
export class NotesPlugin extends NexoPlugin<NotesInstance[]> {
  private delivered = 0;

  /**
   * The operator's instances, at start and on every hot reload. Each entry is already a
   * validated `NotesInstance`; `this.config` holds them once this returns. Throwing refuses the
   * configuration (the daemon then keeps the previous one, or does not start the plugin).
   */
  @OnConfigure({ schema: NotesInstance })
  configure(instances: NotesInstance[] | null, { previous }: ConfigureContext<NotesInstance[]>): void {
    const channels = (instances ?? []).map((i) => i.channel);
    const duplicate = channels.find((channel, index) => channels.indexOf(channel) !== index);
    if (duplicate !== undefined) throw new Error(`channel "${duplicate}" is configured twice`);
    const before = (previous ?? []).map((i) => i.channel);
    this.log.info("instances configured", {
      started: channels.filter((c) => !before.includes(c)),
      stopped: before.filter((c) => !channels.includes(c)),
    });
  }

  /** Delivers a note sent to the default channel or to a named one (`plugin.outbound.notes.<channel>`). */
  @OnEvent("plugin.outbound.notes", { payload: OutboundNote })
  @OnEvent("plugin.outbound.notes.*", { payload: OutboundNote })
  async deliver(event: Event<OutboundNote>, ctx: EventContext<OutboundNote>): Promise<void> {
    const channel = ctx.captures[0] ?? "default";
    const instance = this.config?.find((i) => i.channel === channel);
    const chars = event.payload.text.length;
    if (instance?.maxChars !== undefined && chars > instance.maxChars) {
      await this.publish(INBOUND, { kind: "refused", channel, to: event.payload.to, reason: `longer than ${instance.maxChars} characters` });
      return;
    }
    this.delivered += 1;
    await this.publish(INBOUND, { kind: "receipt", channel, to: event.payload.to, chars, signed: instance?.signature ?? null });
  }

  /** Every event on the channel, whatever its shape, lands in the audit log. */
  @OnEvent("plugin.outbound.notes.>")
  audit(event: Event): void {
    this.log.info("outbound event", { topic: event.topic, session: event.sessionId });
  }

  /** `plugin.outbound.notes.<channel>.summarize`: streams a summary back to that channel. */
  @OnEvent("plugin.outbound.notes.*.summarize")
  async summarizeThread(event: Event, ctx: EventContext): Promise<void> {
    const channel = ctx.captures[0]!;
    const stream = this.broker.llmCompleteStream({
      provider: "default",
      model: "default",
      messages: [{ role: "user", content: `Summarise the ${channel} thread: ${JSON.stringify(event.payload)}` }],
      maxTokens: 256,
    });
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const result = await stream.result;
    await this.publish(`${INBOUND}.${channel}`, { kind: "summary", text: chunks.join(""), finish_reason: result.finish_reason });
  }

  /** A message marked `#private` never starts an agent turn, and is not answered later either. */
  @Hook("before_message")
  keepPrivate(event: BeforeMessageEvent): HookDecision {
    if (!event.text.trimStart().startsWith("#private")) return HookDecision.continue();
    this.log.info("private note kept from the agent", { agent: event.agentId, session: event.sessionId });
    return HookDecision.block("private notes are not shared with the agent", { doNotReplyAgain: true });
  }

  @Tool({ name: "notes_search", description: "Search the agent's memory for notes", input: SearchArgs })
  async search(args: SearchArgs, ctx: ToolContext): Promise<TextToolResult> {
    const entries = await ctx.broker.memoryRecall(ctx.agentId ?? "", args.query, { limit: args.limit ?? 5 });
    if (entries.length === 0) return textResult(`no notes about "${args.query}"`);
    return textResult(entries.map((e) => `- ${e.content}`).join("\n"));
  }

  @Tool({ name: "notes_summarize", description: "Summarise what memory holds about a topic", input: SummarizeArgs })
  async summarize(args: SummarizeArgs, ctx: ToolContext): Promise<TextToolResult> {
    const entries = await ctx.broker.memoryRecall(ctx.agentId ?? "", args.topic);
    const completion = await ctx.broker.llmComplete({
      provider: "default",
      model: "default",
      systemPrompt: "Answer in one sentence.",
      messages: [{ role: "user", content: `Summarise: ${entries.map((e) => e.content).join(" / ") || "nothing"}` }],
    });
    return textResult(completion.content ?? "");
  }

  @OnShutdown()
  close(): void {
    this.log.info("notes channel closing", { delivered: this.delivered });
  }
}
