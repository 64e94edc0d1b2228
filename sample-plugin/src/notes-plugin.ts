/**
 * A channel plugin for "notes": it delivers outbound notes and publishes receipts, keeps an
 * audit log of everything on its channel, summarises a thread with a streamed completion on
 * request, offers two tools backed by the daemon's memory and LLM, and keeps private notes out
 * of agent turns with a `before_message` hook.
 */
import {
  Hook,
  HookDecision,
  NexoPlugin,
  OnEvent,
  OnShutdown,
  Plugin,
  Tool,
  textResult,
  type BeforeMessageEvent,
  type Event,
  type EventContext,
  type TextToolResult,
  type ToolContext,
} from "nexoai";
import { OutboundNote, SearchArgs, SummarizeArgs } from "./dto";

/** Where the channel reports back to the agent. */
const INBOUND = "plugin.inbound.notes";

@Plugin()
export class NotesPlugin extends NexoPlugin {
  private delivered = 0;

  /** Delivers a note sent to the default channel or to a named one (`plugin.outbound.notes.<channel>`). */
  @OnEvent("plugin.outbound.notes", { payload: OutboundNote })
  @OnEvent("plugin.outbound.notes.*", { payload: OutboundNote })
  async deliver(event: Event<OutboundNote>, ctx: EventContext<OutboundNote>): Promise<void> {
    this.delivered += 1;
    const channel = ctx.captures[0] ?? "default";
    await this.publish(INBOUND, { kind: "receipt", channel, to: event.payload.to, chars: event.payload.text.length });
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
